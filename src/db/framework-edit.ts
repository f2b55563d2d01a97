/**
 * Changing the strategy framework (issue 6 item 6): creating a metric, its attributes, its
 * targets and baselines, who reports it, retiring it and bringing it back. Each change is one
 * transaction with its audit entry (before and after), and none touches a stored figure: a metric
 * with figures is retired, never deleted, and keeps its unit.
 */
import { and, eq, max } from 'drizzle-orm';

import type { Reporter } from '../core/combine-figures.js';
import {
	checkTargetValue,
	type BaselineInput,
	type MetricAttributes,
	type NewMetric
} from '../core/framework-edit.js';
import type { Unit } from '../core/framework.js';
import { formatFinancialYear } from '../core/periods.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import {
	createEditAudit,
	FrameworkEditError,
	type EditActor,
	type EditAudit
} from './edit-audit.js';
import {
	baselines,
	figureRevisions,
	figures,
	fundingStreamMetrics,
	metricReporters,
	metrics,
	targets
} from './schema.js';

export { FrameworkEditError, type EditActor } from './edit-audit.js';

export interface TargetChange {
	year: number;
	/** 0 for the annual target, 1–4 for a quarterly one. */
	quarter: number;
	areaCode: string;
	/** null removes the target. */
	value: number | null;
}

export interface BaselineChange {
	areaCode: string;
	/** null removes the area's baseline. */
	baseline: BaselineInput | null;
}

/** The metric a change is about, for the audit log: no id yet when it is being created. */
interface MetricRef {
	id: number | null;
	code: string;
}

const codeTaken = (code: string) =>
	new FrameworkEditError(
		'code',
		`Another metric already has the code ${code}. Choose a code no other metric uses.`
	);

/**
 * A write that broke the unique index on metrics.code: another coordinator took the code between
 * this form's check and its save. Drizzle wraps the driver's error, so the whole chain is read.
 */
export function isMetricCodeClash(err: unknown): boolean {
	for (let e = err; e instanceof Error; e = e.cause) {
		const code = (e as { code?: unknown }).code;
		if (code === 'SQLITE_CONSTRAINT_UNIQUE' && /metrics\.code/.test(e.message)) return true;
	}
	return false;
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

	const audit: EditAudit = createEditAudit(db, 'metric');

	function readReporters(metricId: number): Reporter[] {
		return db
			.select({ partnerId: metricReporters.partnerId, areaCode: metricReporters.areaCode })
			.from(metricReporters)
			.where(eq(metricReporters.metricId, metricId))
			.all();
	}

	function hasFigures(metricId: number): boolean {
		return Boolean(
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
				.get()
		);
	}

	/** Inside the write's transaction, so that a code taken since the form was checked is caught. */
	function assertCodeFree(code: string, metricId: number | null): void {
		const holder = db.select({ id: metrics.id }).from(metrics).where(eq(metrics.code, code)).get();
		if (holder && holder.id !== metricId) throw codeTaken(code);
	}

	/**
	 * A figure is stored as a number in the metric's unit, so changing the unit would change what
	 * every stored figure means: refused once there are figures. Targets and baselines must fit
	 * the new unit too.
	 */
	function assertUnitChangeKeepsMeaning(
		metric: { id: number; code: string; unit: Unit },
		unit: Unit
	): void {
		if (unit === metric.unit) return;
		if (hasFigures(metric.id))
			throw new FrameworkEditError(
				'unit',
				`${metric.code} has figures in ${metric.unit}, so its unit cannot change: they would be read as ${unit}. Keep the unit, or retire ${metric.code} and create a new metric in ${unit}.`
			);
		const stored = [
			...db
				.select()
				.from(targets)
				.where(eq(targets.metricId, metric.id))
				.all()
				.map((t) => ({
					label: `${t.quarter === 0 ? 'annual' : `Q${t.quarter}`} target for ${t.areaCode} in ${formatFinancialYear(t.year)}`,
					value: t.value
				})),
			...db
				.select()
				.from(baselines)
				.where(eq(baselines.metricId, metric.id))
				.all()
				.map((b) => ({ label: `baseline for ${b.areaCode}`, value: b.value }))
		];
		for (const { label, value } of stored) {
			const problem = checkTargetValue(unit, value, label);
			if (problem)
				throw new FrameworkEditError(
					'unit',
					`The unit cannot become ${unit} while the ${label} is ${value}: ${problem} Change or remove it first.`
				);
		}
	}

	/**
	 * Runs a write that gives `metric` the code `code`; a refusal raised inside it (or a code
	 * clash caught by the unique index) is rolled back with it, then audited on its own and rethrown.
	 */
	function writeOrRefuse<T>(
		actor: EditActor,
		action: string,
		metric: MetricRef,
		code: string,
		write: () => T
	): T {
		try {
			return write();
		} catch (err) {
			if (err instanceof FrameworkEditError) audit.refuse(actor, action, metric, err);
			if (isMetricCodeClash(err)) audit.refuse(actor, action, metric, codeTaken(code));
			throw err;
		}
	}

	/** Saves a metric's attributes, already checked by validateMetric. */
	function updateMetric(metricId: number, attributes: MetricAttributes, actor: EditActor): void {
		const metric = findMetric(metricId);
		writeOrRefuse(actor, 'metric.update', metric, attributes.code, () =>
			db.transaction((tx) => {
				const current = findMetric(metricId);
				assertCodeFree(attributes.code, metricId);
				assertUnitChangeKeepsMeaning(current, attributes.unit);
				const before = Object.fromEntries(
					Object.keys(attributes).map((k) => [k, current[k as keyof MetricAttributes]])
				);
				tx.update(metrics).set(attributes).where(eq(metrics.id, metricId)).run();
				appendAudit(tx, {
					...audit.entry(actor, 'metric.update', current),
					before,
					after: attributes,
					detail: `Changed metric ${current.code}${attributes.code === current.code ? '' : ` (now ${attributes.code})`}.`
				});
			})
		);
	}

	/**
	 * Creates a metric, already checked by validateNewMetric, with its first reporters. It comes
	 * last in its priority's list; the caller goes on to its targets and reporters.
	 */
	function createMetric(metric: NewMetric, actor: EditActor): { id: number; code: string } {
		const { attributes, reporters } = metric;
		const pending = { id: null, code: attributes.code };
		return writeOrRefuse(actor, 'metric.create', pending, attributes.code, () =>
			db.transaction((tx) => {
				assertCodeFree(attributes.code, null);
				const last =
					tx
						.select({ sortOrder: max(metrics.sortOrder) })
						.from(metrics)
						.get()?.sortOrder ?? -1;
				const created = tx
					.insert(metrics)
					.values({
						...attributes,
						status: 'active',
						sortOrder: last + 1,
						createdAt: now().toISOString()
					})
					.returning({ id: metrics.id, code: metrics.code })
					.get();
				if (reporters.length)
					tx.insert(metricReporters)
						.values(reporters.map((r) => ({ metricId: created.id, ...r })))
						.run();
				appendAudit(tx, {
					...audit.entry(actor, 'metric.create', created),
					after: { ...attributes, reporters },
					detail: `Created metric ${created.code}.`
				});
				return created;
			})
		);
	}

	const targetLabel = (change: TargetChange) =>
		`${change.quarter === 0 ? 'annual' : `Q${change.quarter}`} target for ${change.areaCode} in ${formatFinancialYear(change.year)}`;

	/** Sets, changes or removes one target; a value the metric's unit does not allow is refused. */
	function setTarget(metricId: number, change: TargetChange, actor: EditActor): void {
		setTargets(metricId, [change], actor);
	}

	/**
	 * Sets, changes or removes several targets (a year's, from the metric page) in one
	 * transaction: all are saved or none. Each change is audited with its old and new value.
	 */
	function setTargets(metricId: number, changes: TargetChange[], actor: EditActor): void {
		const metric = findMetric(metricId);
		for (const change of changes) {
			if (!Number.isInteger(change.quarter) || change.quarter < 0 || change.quarter > 4)
				audit.refuse(
					actor,
					'metric.target',
					metric,
					new FrameworkEditError(
						'target',
						`A target’s quarter is 1 to 4, or 0 for the year (got ${change.quarter}).`
					)
				);
			if (change.value !== null) {
				const problem = checkTargetValue(metric.unit, change.value, targetLabel(change));
				if (problem)
					audit.refuse(actor, 'metric.target', metric, new FrameworkEditError('target', problem));
			}
		}
		db.transaction((tx) => {
			for (const change of changes) {
				const key = and(
					eq(targets.metricId, metricId),
					eq(targets.year, change.year),
					eq(targets.quarter, change.quarter),
					eq(targets.areaCode, change.areaCode)
				);
				const before =
					tx.select({ value: targets.value }).from(targets).where(key).get()?.value ?? null;
				if (before === change.value) continue;
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
				const where = { year: change.year, quarter: change.quarter, areaCode: change.areaCode };
				appendAudit(tx, {
					...audit.entry(actor, 'metric.target', metric),
					before: { ...where, value: before },
					after: { ...where, value: change.value },
					detail: `${metric.code}: ${targetLabel(change)} ${before === null ? 'set' : change.value === null ? 'removed' : 'changed'}.`
				});
			}
		});
	}

	/**
	 * Sets, changes or removes baselines, one per area (SPEC §2: a value and the year it
	 * describes), in one transaction; each change is audited with its old and new value.
	 */
	function setBaselines(metricId: number, changes: BaselineChange[], actor: EditActor): void {
		const metric = findMetric(metricId);
		for (const { areaCode, baseline } of changes) {
			const problem =
				baseline && checkTargetValue(metric.unit, baseline.value, `baseline for ${areaCode}`);
			if (problem)
				audit.refuse(actor, 'metric.baseline', metric, new FrameworkEditError('baseline', problem));
		}
		db.transaction((tx) => {
			for (const { areaCode, baseline } of changes) {
				const key = and(eq(baselines.metricId, metricId), eq(baselines.areaCode, areaCode));
				const row = tx
					.select({ year: baselines.year, value: baselines.value })
					.from(baselines)
					.where(key)
					.get();
				const before = row ? { year: row.year, value: row.value } : null;
				if (before?.year === baseline?.year && before?.value === baseline?.value) continue;
				if (baseline === null) tx.delete(baselines).where(key).run();
				else
					tx.insert(baselines)
						.values({ metricId, areaCode, year: baseline.year, value: baseline.value })
						.onConflictDoUpdate({
							target: [baselines.metricId, baselines.areaCode],
							set: { year: baseline.year, value: baseline.value }
						})
						.run();
				appendAudit(tx, {
					...audit.entry(actor, 'metric.baseline', metric),
					before: before && { areaCode, ...before },
					after: baseline && { areaCode, ...baseline },
					detail: `${metric.code}: baseline for ${areaCode} ${before === null ? 'set' : baseline === null ? 'removed' : 'changed'}.`
				});
			}
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
			audit.refuse(
				actor,
				'metric.reporters',
				metric,
				new FrameworkEditError(
					'reporters',
					`Keep the lead partner among the reporters of ${metric.code}, or choose another lead partner first.`
				)
			);
		if (metric.partnerAggregation === 'lead' && reporters.length === 0)
			audit.refuse(
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
				...audit.entry(actor, 'metric.reporters', metric),
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
			audit.refuse(
				actor,
				'metric.retire',
				metric,
				new FrameworkEditError(
					'reason',
					`Say why ${metric.code} is being retired: the reason is kept in the audit log.`
				)
			);
		if (metric.status === 'retired')
			audit.refuse(
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
				...audit.entry(actor, 'metric.retire', metric),
				before: { status: metric.status },
				after: { status: 'retired' },
				detail: reason.trim()
			});
		});
	}

	/** Brings a retired metric back into use: partners are asked for it again. */
	function reinstateMetric(metricId: number, reason: string, actor: EditActor): void {
		const metric = findMetric(metricId);
		if (metric.status !== 'retired')
			audit.refuse(
				actor,
				'metric.reinstate',
				metric,
				new FrameworkEditError('reinstateReason', `${metric.code} is already in use.`)
			);
		if (reason.trim() === '')
			audit.refuse(
				actor,
				'metric.reinstate',
				metric,
				new FrameworkEditError(
					'reinstateReason',
					`Say why ${metric.code} is being brought back into use: the reason is kept in the audit log.`
				)
			);
		db.transaction((tx) => {
			tx.update(metrics)
				.set({ status: 'active', retiredAt: null })
				.where(eq(metrics.id, metricId))
				.run();
			appendAudit(tx, {
				...audit.entry(actor, 'metric.reinstate', metric),
				before: { status: metric.status, retiredAt: metric.retiredAt },
				after: { status: 'active' },
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
		if (hasFigures(metricId))
			audit.refuse(
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
				...audit.entry(actor, 'metric.delete', metric),
				before,
				detail: `Deleted metric ${metric.code}, which had no figures.`
			});
		});
	}

	return {
		createMetric,
		updateMetric,
		setTarget,
		setTargets,
		setBaselines,
		setReporters,
		retireMetric,
		reinstateMetric,
		deleteMetric
	};
}

export type FrameworkEditor = ReturnType<typeof createFrameworkEditor>;
