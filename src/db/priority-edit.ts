/**
 * Changing the strategy's priorities (issue 6 item 6): add one, change its title and description,
 * delete one added by mistake. Each change is one transaction with its audit entry (before and
 * after); each refusal is audited too. Numbers never move: they are in the priorities' addresses,
 * their metrics' codes and the board reports already issued.
 */
import { asc, count, eq } from 'drizzle-orm';

import {
	nextPriorityNumber,
	validatePriority,
	type PriorityAttributes
} from '../core/priority-edit.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import {
	createEditAudit,
	FrameworkEditError,
	type EditActor,
	type EditAudit
} from './edit-audit.js';
import { commentary, metrics, priorities, strategies } from './schema.js';

type PriorityRow = typeof priorities.$inferSelect;

export function createPriorityEditor(db: Db) {
	const audit: EditAudit = createEditAudit(db, 'priority');

	function findStrategyId(): number {
		const strategy = db
			.select({ id: strategies.id })
			.from(strategies)
			.orderBy(asc(strategies.id))
			.get();
		if (!strategy) throw new Error('No strategy is loaded: run "strategy-tracker seed" first.');
		return strategy.id;
	}

	function listPriorities(strategyId: number): PriorityRow[] {
		return db
			.select()
			.from(priorities)
			.where(eq(priorities.strategyId, strategyId))
			.orderBy(asc(priorities.number))
			.all();
	}

	function findPriority(priorityId: number): PriorityRow {
		const priority = db.select().from(priorities).where(eq(priorities.id, priorityId)).get();
		if (!priority)
			throw new FrameworkEditError(
				'priority',
				`There is no priority with id ${priorityId}. Choose one from the list.`
			);
		return priority;
	}

	/** The title must still be free when it is saved, whoever saved another meanwhile. */
	function checkAttributes(
		attributes: PriorityAttributes,
		priority: PriorityRow | null,
		action: string,
		actor: EditActor
	): PriorityAttributes {
		const checked = validatePriority(attributes, {
			priorityId: priority?.id ?? null,
			priorities: listPriorities(priority?.strategyId ?? findStrategyId())
		});
		if (!checked.ok) {
			const [first] = checked.errors;
			audit.refuse(actor, action, priority, new FrameworkEditError(first!.field, first!.message));
		}
		return checked.value;
	}

	/** Adds a priority with the next number; returns that number. */
	function createPriority(attributes: PriorityAttributes, actor: EditActor): number {
		const value = checkAttributes(attributes, null, 'priority.create', actor);
		return db.transaction((tx) => {
			const strategyId = findStrategyId();
			const number = nextPriorityNumber(listPriorities(strategyId));
			const row = tx
				.insert(priorities)
				.values({ strategyId, number, ...value })
				.returning()
				.get();
			appendAudit(tx, {
				...audit.entry(actor, 'priority.create', row),
				after: { number, ...value },
				detail: `Added priority ${number}: ${value.title}.`
			});
			return number;
		});
	}

	/** Changes a priority's title and description; its number stays. */
	function updatePriority(
		priorityId: number,
		attributes: PriorityAttributes,
		actor: EditActor
	): void {
		const priority = findPriority(priorityId);
		const value = checkAttributes(attributes, priority, 'priority.update', actor);
		db.transaction((tx) => {
			tx.update(priorities).set(value).where(eq(priorities.id, priorityId)).run();
			appendAudit(tx, {
				...audit.entry(actor, 'priority.update', priority),
				before: { title: priority.title, description: priority.description },
				after: value,
				detail: `Changed priority ${priority.number}.`
			});
		});
	}

	/**
	 * Deletes the last priority while nothing hangs on it. One with metrics (retired ones too) or
	 * commentary is refused, so no figure or comment loses its priority; one before the last is
	 * refused, so the numbers stay 1, 2, 3… with no gap in the addresses.
	 */
	function deletePriority(priorityId: number, actor: EditActor): void {
		const priority = findPriority(priorityId);
		const refuseWith = (message: string) =>
			audit.refuse(actor, 'priority.delete', priority, new FrameworkEditError('delete', message));
		const metricCount =
			db.select({ n: count() }).from(metrics).where(eq(metrics.priorityId, priorityId)).get()?.n ??
			0;
		if (metricCount > 0)
			refuseWith(
				`Priority ${priority.number} has ${metricCount} ${metricCount === 1 ? 'metric' : 'metrics'}, so it cannot be deleted: they and their figures belong to it. Retire a metric that is no longer used; the priority stays.`
			);
		const commented = db
			.select({ id: commentary.id })
			.from(commentary)
			.where(eq(commentary.priorityId, priorityId))
			.limit(1)
			.get();
		if (commented)
			refuseWith(
				`Priority ${priority.number} has commentary, so it cannot be deleted: past reports quote it.`
			);
		const last = nextPriorityNumber(listPriorities(priority.strategyId)) - 1;
		if (priority.number !== last)
			refuseWith(
				`Only the last priority (${last}) can be deleted, so that no priority’s number and address change.`
			);
		db.transaction((tx) => {
			tx.delete(priorities).where(eq(priorities.id, priorityId)).run();
			appendAudit(tx, {
				...audit.entry(actor, 'priority.delete', priority),
				before: {
					number: priority.number,
					title: priority.title,
					description: priority.description
				},
				detail: `Deleted priority ${priority.number}, which had no metrics.`
			});
		});
	}

	return { createPriority, updatePriority, deletePriority };
}

export type PriorityEditor = ReturnType<typeof createPriorityEditor>;
