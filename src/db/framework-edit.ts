/**
 * Changing the strategy framework (issue 6 item 6): a metric's attributes, its targets, who
 * reports it, retiring it. Each change is one transaction with its audit entry (before and after),
 * and none touches a stored figure: a metric with figures is retired, never deleted.
 */
import { and, eq } from 'drizzle-orm';

import type { Reporter } from '../core/combine-figures.js';
import { checkTargetValue, type MetricAttributes } from '../core/framework-edit.js';
import { formatFinancialYear } from '../core/periods.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import {
	baselines,
	figureRevisions,
	figures,
	fundingStreamMetrics,
	metricReporters,
	metrics,
	targets
} from './schema.js';

/** Who is making the change, for the audit log. */
export interface EditActor {
	userId: number | null;
	label: string;
	ip: string;
}

/** A change refused because of what was asked, not a fault: the message is for the coordinator. */
export class FrameworkEditError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
		this.name = 'FrameworkEditError';
	}
}

export interface TargetChange {
	year: number;
	/** 0 for the annual target, 1–4 for a quarterly one. */
	quarter: number;
	areaCode: string;
	/** null removes the target. */
	value: number | null;
}

export function createFrameworkEditor(db: Db, now: () => Date = () => new Date()) {
	function findMetric(metricId: number) {
		const metric = db.select().from(metrics).where(eq(metrics.id, metricId)).get();
		if (!metric)
			throw new FrameworkEditError(
				'metric',
				`There is no metric with id ${metricId}. Choose one from the list.`
			);
		return metric;
	}

	function audited(actor: EditActor, action: string, metric: { id: number; code: string }) {
		return {
			actorUserId: actor.userId,
			actorLabel: actor.label,
			ip: actor.ip,
			action,
			entityType: 'metric',
			entityId: metric.id
		};
	}

	function refuse(
		actor: EditActor,
		action: string,
		metric: { id: number; code: string },
		error: FrameworkEditError
	): never {
		appendAudit(db, {
			...audited(actor, action, metric),
			outcome: 'refused',
			detail: error.message
		});
		throw error;
	}

	function readReporters(metricId: number): Reporter[] {
		return db
			.select({ partnerId: metricReporters.partnerId, areaCode: metricReporters.areaCode })
			.from(metricReporters)
			.where(eq(metricReporters.metricId, metricId))
			.all();
	}

	/** Saves a metric's attributes, already checked by validateMetric. */
	function updateMetric(metricId: number, attributes: MetricAttributes, actor: EditActor): void {
		db.transaction((tx) => {
			const metric = findMetric(metricId);
			const before = Object.fromEntries(
				Object.keys(attributes).map((k) => [k, metric[k as keyof MetricAttributes]])
			);
			tx.update(metrics).set(attributes).where(eq(metrics.id, metricId)).run();
			appendAudit(tx, {
				...audited(actor, 'metric.update', metric),
				before,
				after: attributes,
				detail: `Changed metric ${metric.code}${attributes.code === metric.code ? '' : ` (now ${attributes.code})`}.`
			});
		});
	}

	/** Sets, changes or removes one target; a value the metric's unit does not allow is refused. */
	function setTarget(metricId: number, change: TargetChange, actor: EditActor): void {
		const metric = findMetric(metricId);
		const label = `${change.quarter === 0 ? 'annual' : `Q${change.quarter}`} target for ${change.areaCode} in ${formatFinancialYear(change.year)}`;
		if (change.value !== null) {
			const problem = checkTargetValue(metric.unit, change.value, label);
			if (problem)
				refuse(actor, 'metric.target', metric, new FrameworkEditError('target', problem));
		}
		if (!Number.isInteger(change.quarter) || change.quarter < 0 || change.quarter > 4)
			refuse(
				actor,
				'metric.target',
				metric,
				new FrameworkEditError(
					'target',
					`A target’s quarter is 1 to 4, or 0 for the year (got ${change.quarter}).`
				)
			);
		db.transaction((tx) => {
			const key = and(
				eq(targets.metricId, metricId),
				eq(targets.year, change.year),
				eq(targets.quarter, change.quarter),
				eq(targets.areaCode, change.areaCode)
			);
			const before =
				tx.select({ value: targets.value }).from(targets).where(key).get()?.value ?? null;
			if (before === change.value) return;
			if (change.value === null) tx.delete(targets).where(key).run();
			else
				tx.insert(targets)
					.values({
						metricId,
						year: change.year,
						quarter: change.quarter,
						areaCode: change.areaCode,
						value: change.value,
						updatedAt: now().toISOString()
					})
					.onConflictDoUpdate({
						target: [targets.metricId, targets.year, targets.quarter, targets.areaCode],
						set: { value: change.value, updatedAt: now().toISOString() }
					})
					.run();
			appendAudit(tx, {
				...audited(actor, 'metric.target', metric),
				before: {
					year: change.year,
					quarter: change.quarter,
					areaCode: change.areaCode,
					value: before
				},
				after: {
					year: change.year,
					quarter: change.quarter,
					areaCode: change.areaCode,
					value: change.value
				},
				detail: `${metric.code}: ${label} ${before === null ? 'set' : change.value === null ? 'removed' : 'changed'}.`
			});
		});
	}

	/**
	 * Replaces who reports a metric, for which areas. The lead partner must stay among them, and
	 * figures already sent by a partner taken off stay stored.
	 */
	function setReporters(metricId: number, reporters: Reporter[], actor: EditActor): void {
		const metric = findMetric(metricId);
		if (
			metric.leadPartnerId !== null &&
			!reporters.some((r) => r.partnerId === metric.leadPartnerId)
		)
			refuse(
				actor,
				'metric.reporters',
				metric,
				new FrameworkEditError(
					'reporters',
					`Keep the lead partner among the reporters of ${metric.code}, or choose another lead partner first.`
				)
			);
		if (metric.partnerAggregation === 'lead' && reporters.length === 0)
			refuse(
				actor,
				'metric.reporters',
				metric,
				new FrameworkEditError(
					'reporters',
					`${metric.code} takes its lead partner’s figure, so at least that partner must report it.`
				)
			);
		db.transaction((tx) => {
			const before = readReporters(metricId);
			tx.delete(metricReporters).where(eq(metricReporters.metricId, metricId)).run();
			if (reporters.length)
				tx.insert(metricReporters)
					.values(
						reporters.map((r) => ({ metricId, partnerId: r.partnerId, areaCode: r.areaCode }))
					)
					.run();
			appendAudit(tx, {
				...audited(actor, 'metric.reporters', metric),
				before,
				after: reporters,
				detail: `Changed who reports ${metric.code}.`
			});
		});
	}

	/** Takes a metric out of use; its figures stay stored and keep their meaning. */
	function retireMetric(metricId: number, reason: string, actor: EditActor): void {
		const metric = findMetric(metricId);
		if (reason.trim() === '')
			refuse(
				actor,
				'metric.retire',
				metric,
				new FrameworkEditError(
					'reason',
					`Say why ${metric.code} is being retired: the reason is kept in the audit log.`
				)
			);
		if (metric.status === 'retired')
			refuse(
				actor,
				'metric.retire',
				metric,
				new FrameworkEditError('reason', `${metric.code} is already retired.`)
			);
		db.transaction((tx) => {
			tx.update(metrics)
				.set({ status: 'retired', retiredAt: now().toISOString() })
				.where(eq(metrics.id, metricId))
				.run();
			appendAudit(tx, {
				...audited(actor, 'metric.retire', metric),
				before: { status: metric.status },
				after: { status: 'retired' },
				detail: reason.trim()
			});
		});
	}

	/**
	 * Deletes a metric that has never had a figure. One that has is refused, with retiring
	 * offered instead, so no stored figure loses its metric.
	 */
	function deleteMetric(metricId: number, actor: EditActor): void {
		const metric = findMetric(metricId);
		const used =
			db
				.select({ id: figures.id })
				.from(figures)
				.where(eq(figures.metricId, metricId))
				.limit(1)
				.get() ??
			db
				.select({ id: figureRevisions.id })
				.from(figureRevisions)
				.where(eq(figureRevisions.metricId, metricId))
				.limit(1)
				.get();
		if (used)
			refuse(
				actor,
				'metric.delete',
				metric,
				new FrameworkEditError(
					'delete',
					`${metric.code} has figures, so it cannot be deleted: that would lose them. Retire it instead; its figures stay stored and it stops being asked for.`
				)
			);
		db.transaction((tx) => {
			const before = { ...metric, reporters: readReporters(metricId) };
			tx.delete(metricReporters).where(eq(metricReporters.metricId, metricId)).run();
			tx.delete(targets).where(eq(targets.metricId, metricId)).run();
			tx.delete(baselines).where(eq(baselines.metricId, metricId)).run();
			tx.delete(fundingStreamMetrics).where(eq(fundingStreamMetrics.metricId, metricId)).run();
			tx.delete(metrics).where(eq(metrics.id, metricId)).run();
			appendAudit(tx, {
				...audited(actor, 'metric.delete', metric),
				before,
				detail: `Deleted metric ${metric.code}, which had no figures.`
			});
		});
	}

	return { updateMetric, setTarget, setReporters, retireMetric, deleteMetric };
}

export type FrameworkEditor = ReturnType<typeof createFrameworkEditor>;
