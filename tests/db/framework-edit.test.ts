import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { MetricAttributes } from '../../src/core/framework-edit.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';

/** The coordinator's framework edits: audited, refused when they would lose or misstate figures. */
describe('framework editing', () => {
	let t: TestApp;
	const actor = { userId: null, label: 'coordinator@example.org', ip: '127.0.0.1' };
	const id = (sql: string) => t.services.db.$client.prepare(sql).pluck().get() as number;
	const audit = (action: string) =>
		t.services.db.$client
			.prepare(`SELECT outcome, before, after, detail FROM audit_log WHERE action = ? ORDER BY id`)
			.all(action) as {
			outcome: string;
			before: string | null;
			after: string | null;
			detail: string;
		}[];
	const metricByCode = (code: string) =>
		t.services.framework.load().metrics.find((m) => m.code === code)!;

	function attributesOf(code: string): MetricAttributes {
		const m = metricByCode(code);
		return {
			code: m.code,
			name: m.name,
			priorityId: m.priorityId,
			unit: m.unit,
			direction: m.direction,
			partnerAggregation: m.partnerAggregation,
			periodAggregation: m.periodAggregation,
			amberTolerance: m.amberTolerance,
			sensitive: m.sensitive,
			leadPartnerId: m.leadPartnerId,
			definition: m.definition,
			countingRule: m.countingRule,
			dataSource: m.dataSource,
			owner: m.owner,
			caveats: m.caveats
		};
	}

	function storeFigure(metricId: number, value: number) {
		const hp = id(`SELECT id FROM partners WHERE code = 'HP'`);
		t.services.figures.commit(
			{
				source: 'form',
				partnerId: hp,
				fileName: null,
				contentType: null,
				content: null,
				uploadedByUserId: null,
				actorLabel: 'police@example.org',
				ip: ''
			},
			[
				{
					metricId,
					partnerId: hp,
					areaCode: 'HULL',
					year: 2025,
					quarter: 2,
					kind: 'value',
					value,
					comment: '',
					sourceRow: null
				}
			]
		);
	}
	const storedFigures = () =>
		t.services.db.$client
			.prepare(`SELECT metric_id, area_code, year, quarter, kind, value FROM figures ORDER BY id`)
			.all();

	beforeEach(async () => {
		t = await buildTestApp({ seed: 'framework' });
	});
	afterEach(async () => {
		await t.close();
	});

	it('shows a renamed metric on the next framework load, and audits before and after', () => {
		const before = attributesOf('P2.01');
		t.services.framework.load();
		t.services.frameworkEdit.updateMetric(
			metricByCode('P2.01').id,
			{ ...before, name: 'Adult victims referred' },
			actor
		);

		expect(metricByCode('P2.01').name).toBe('Adult victims referred');
		const [entry] = audit('metric.update');
		expect(JSON.parse(entry!.before!).name).toBe(before.name);
		expect(JSON.parse(entry!.after!).name).toBe('Adult victims referred');
	});

	it('sets, changes and removes a target, auditing each change with the old and new value', () => {
		const metric = metricByCode('P2.01');
		const target = { year: 2027, quarter: 0, areaCode: 'HULL' };
		const targetNow = () =>
			metricByCode('P2.01').targets.find(
				(r) => r.year === 2027 && r.quarter === 0 && r.areaCode === 'HULL'
			)?.value;

		t.services.frameworkEdit.setTarget(metric.id, { ...target, value: 120 }, actor);
		expect(targetNow()).toBe(120);
		t.services.frameworkEdit.setTarget(metric.id, { ...target, value: 150 }, actor);
		expect(targetNow()).toBe(150);
		t.services.frameworkEdit.setTarget(metric.id, { ...target, value: null }, actor);
		expect(targetNow()).toBeUndefined();

		expect(
			audit('metric.target').map((e) => [JSON.parse(e.before!).value, JSON.parse(e.after!).value])
		).toEqual([
			[null, 120],
			[120, 150],
			[150, null]
		]);
	});

	it('refuses a negative target for a count, changes nothing, and audits the refusal', () => {
		const metric = metricByCode('P2.01');
		expect(metric.unit).toBe('count');
		const targetsBefore = metric.targets;

		expect(() =>
			t.services.frameworkEdit.setTarget(
				metric.id,
				{ year: 2026, quarter: 0, areaCode: 'HUMBER', value: -5 },
				actor
			)
		).toThrow(/annual target for HUMBER in 2026-27 cannot be negative \(got -5\)/);

		expect(metricByCode('P2.01').targets).toEqual(targetsBefore);
		expect(audit('metric.target')).toEqual([
			expect.objectContaining({ outcome: 'refused', detail: expect.stringMatching(/negative/) })
		]);
	});

	it('refuses to delete a metric that has figures, offering to retire it, and keeps the figures', () => {
		const metric = metricByCode('P2.01');
		storeFigure(metric.id, 30);
		const figuresBefore = storedFigures();

		expect(() => t.services.frameworkEdit.deleteMetric(metric.id, actor)).toThrow(
			/P2\.01 has figures, so it cannot be deleted.*Retire it instead/
		);

		expect(metricByCode('P2.01')).toBeDefined();
		expect(storedFigures()).toEqual(figuresBefore);
		expect(audit('metric.delete')).toEqual([expect.objectContaining({ outcome: 'refused' })]);
	});

	it('retires a metric with figures, with its reason, leaving the figures as they were', () => {
		const metric = metricByCode('P2.01');
		storeFigure(metric.id, 30);
		const figuresBefore = storedFigures();

		t.services.frameworkEdit.retireMetric(metric.id, 'Replaced by P2.05 from April', actor);

		expect(metricByCode('P2.01').status).toBe('retired');
		expect(storedFigures()).toEqual(figuresBefore);
		expect(audit('metric.retire')).toEqual([
			expect.objectContaining({ outcome: 'success', detail: 'Replaced by P2.05 from April' })
		]);
	});

	it('refuses to retire without a reason', () => {
		expect(() =>
			t.services.frameworkEdit.retireMetric(metricByCode('P2.01').id, '  ', actor)
		).toThrow(/Say why P2\.01 is being retired/);
		expect(metricByCode('P2.01').status).toBe('active');
	});

	it('deletes a metric that never had a figure, with its targets and reporters', () => {
		const metric = metricByCode('P2.02');
		t.services.frameworkEdit.deleteMetric(metric.id, actor);

		expect(t.services.framework.load().metrics.some((m) => m.code === 'P2.02')).toBe(false);
		expect(audit('metric.delete')).toEqual([expect.objectContaining({ outcome: 'success' })]);
	});

	it('replaces the reporters, but refuses to drop the lead partner', () => {
		const lead = t.services.framework.load().metrics.find((m) => m.leadPartnerId !== null)!;
		const others = lead.reporters.filter((r) => r.partnerId !== lead.leadPartnerId);

		expect(() => t.services.frameworkEdit.setReporters(lead.id, others, actor)).toThrow(
			/Keep the lead partner among the reporters/
		);
		const kept = lead.reporters.filter((r) => r.partnerId === lead.leadPartnerId);
		t.services.frameworkEdit.setReporters(lead.id, kept, actor);
		expect(metricByCode(lead.code).reporters).toEqual(kept);
	});
});
