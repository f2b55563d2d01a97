import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { MetricAttributes } from '../../src/core/framework-edit.js';
import { targetsForPeriod } from '../../src/core/targets.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createFrameworkEditor, isMetricCodeClash } from '../../src/db/framework-edit.js';
import { metrics } from '../../src/db/schema.js';
import { buildTestApp, partnerIdOf, type TestApp } from '../helpers/build-app.js';

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

	describe('creating a metric', () => {
		const newMetric = (code: string): MetricAttributes => ({
			...attributesOf('P2.01'),
			code,
			name: 'Closure orders on premises used for exploitation',
			partnerAggregation: 'lead',
			leadPartnerId: partnerIdOf(t.services, 'HP')
		});

		it('creates it with its first reporter, last in the list, and audits what it was given', () => {
			const hp = partnerIdOf(t.services, 'HP');
			const created = t.services.frameworkEdit.createMetric(
				{ attributes: newMetric('P2.20'), reporters: [{ partnerId: hp, areaCode: 'HUMBER' }] },
				actor
			);

			const loaded = t.services.framework.load().metrics;
			expect(loaded.at(-1)).toMatchObject({
				id: created.id,
				code: 'P2.20',
				status: 'active',
				leadPartnerId: hp,
				reporters: [{ partnerId: hp, areaCode: 'HUMBER' }],
				targets: [],
				baselines: []
			});
			const [entry] = audit('metric.create');
			expect(entry).toMatchObject({ outcome: 'success', before: null });
			expect(JSON.parse(entry!.after!)).toMatchObject({
				code: 'P2.20',
				reporters: [{ partnerId: hp }]
			});
		});

		it('refuses a code another metric has, naming it, stores nothing, and audits the refusal', () => {
			const count = () => t.services.framework.load().metrics.length;
			const before = count();

			expect(() =>
				t.services.frameworkEdit.createMetric(
					{ attributes: newMetric('P2.01'), reporters: [] },
					actor
				)
			).toThrow('Another metric already has the code P2.01. Choose a code no other metric uses.');

			expect(count()).toBe(before);
			expect(audit('metric.create')).toEqual([
				expect.objectContaining({ outcome: 'refused', detail: expect.stringMatching(/P2\.01/) })
			]);
		});
	});

	describe('two coordinators giving two metrics the same code', () => {
		it('saves the first and refuses the second with a form error, on two connections', () => {
			// Both forms were checked against the framework before either was saved.
			const first = { ...attributesOf('P2.01'), code: 'P2.20' };
			const second = { ...attributesOf('P2.02'), code: 'P2.20' };
			const other = openDatabase(t.services.config.databasePath);
			try {
				const otherEditor = createFrameworkEditor(other);
				otherEditor.updateMetric(metricByCode('P2.01').id, first, actor);

				expect(() =>
					t.services.frameworkEdit.updateMetric(metricByCode('P2.02').id, second, actor)
				).toThrow(
					expect.objectContaining({
						name: 'FrameworkEditError',
						field: 'code',
						message:
							'Another metric already has the code P2.20. Choose a code no other metric uses.'
					})
				);
			} finally {
				closeDatabase(other);
			}

			const codes = t.services.framework.load().metrics.map((m) => m.code);
			expect(codes).toContain('P2.20');
			expect(codes).toContain('P2.02');
			expect(audit('metric.update').map((e) => e.outcome)).toEqual(['success', 'refused']);
		});

		it('recognises the unique index’s own refusal of a duplicate code, and no other failure', () => {
			const duplicate = () =>
				t.services.db.update(metrics).set({ code: 'P2.01' }).where(eq(metrics.code, 'P2.02')).run();
			const orphan = () =>
				t.services.db
					.update(metrics)
					.set({ priorityId: 999_999 })
					.where(eq(metrics.code, 'P2.02'))
					.run();

			expect(caught(duplicate)).toSatisfy(isMetricCodeClash);
			expect(caught(orphan)).not.toSatisfy(isMetricCodeClash);
		});
	});

	describe('keeping stored figures’ meaning', () => {
		it('refuses to change the unit of a metric with figures, saying to retire it and create another', () => {
			const metric = metricByCode('P2.01');
			storeFigure(metric.id, 30);

			expect(() =>
				t.services.frameworkEdit.updateMetric(
					metric.id,
					{ ...attributesOf('P2.01'), unit: 'percent' },
					actor
				)
			).toThrow(
				/P2\.01 has figures in count, so its unit cannot change.*retire P2\.01 and create a new metric in percent/
			);
			expect(metricByCode('P2.01').unit).toBe('count');
			expect(audit('metric.update')).toEqual([expect.objectContaining({ outcome: 'refused' })]);
		});

		it('changes how a metric with figures combines, leaving the figures as they were', () => {
			const metric = metricByCode('P2.01');
			storeFigure(metric.id, 30);
			const figuresBefore = storedFigures();

			t.services.frameworkEdit.updateMetric(
				metric.id,
				{ ...attributesOf('P2.01'), periodAggregation: 'mean' },
				actor
			);

			expect(metricByCode('P2.01').periodAggregation).toBe('mean');
			expect(storedFigures()).toEqual(figuresBefore);
		});

		it('changes the unit of a metric without figures only when its targets fit the new unit', () => {
			const metric = metricByCode('P2.02');
			const bigTarget = metric.targets.find((tg) => tg.value > 100);
			expect(bigTarget).toBeDefined();

			expect(() =>
				t.services.frameworkEdit.updateMetric(
					metric.id,
					{ ...attributesOf('P2.02'), unit: 'percent' },
					actor
				)
			).toThrow(
				/The unit cannot become percent while the .* target for .* is \d+: .*from 0 to 100/
			);

			t.services.frameworkEdit.updateMetric(
				metric.id,
				{ ...attributesOf('P2.02'), unit: 'days' },
				actor
			);
			expect(metricByCode('P2.02').unit).toBe('days');
		});
	});

	describe('quarterly targets', () => {
		it('stores a year’s quarterly targets as progress reads them', () => {
			const metric = metricByCode('P2.01');
			const quarters = [20, 30, 25, 25];
			t.services.frameworkEdit.setTargets(
				metric.id,
				[
					{ year: 2027, quarter: 0, areaCode: 'HULL', value: 100 },
					...quarters.map((value, i) => ({ year: 2027, quarter: i + 1, areaCode: 'HULL', value }))
				],
				actor
			);

			const rows = metricByCode('P2.01').targets;
			expect(targetsForPeriod('sum', rows, { year: 2027, quarter: 2 }, 'HULL')).toEqual({
				quarter: 30,
				yearToDate: 50,
				annual: 100
			});
			expect(audit('metric.target')).toHaveLength(5);
		});

		it('saves none of a year’s targets when one is refused', () => {
			const metric = metricByCode('P2.01');
			const targetsBefore = metric.targets;

			expect(() =>
				t.services.frameworkEdit.setTargets(
					metric.id,
					[
						{ year: 2027, quarter: 1, areaCode: 'HULL', value: 20 },
						{ year: 2027, quarter: 2, areaCode: 'HULL', value: -1 }
					],
					actor
				)
			).toThrow(/Q2 target for HULL in 2027-28 cannot be negative/);
			expect(metricByCode('P2.01').targets).toEqual(targetsBefore);
		});
	});

	describe('baselines', () => {
		it('keeps one baseline per area, and changes and removes each, audited', () => {
			const metric = metricByCode('P2.01');
			t.services.frameworkEdit.setBaselines(
				metric.id,
				[
					{ areaCode: 'HUMBER', baseline: { year: 2023, value: 230 } },
					{ areaCode: 'HULL', baseline: { year: 2023, value: 90 } },
					{ areaCode: 'NL', baseline: { year: 2024, value: 12 } }
				],
				actor
			);
			expect(metricByCode('P2.01').baselines).toEqual([
				{ areaCode: 'HULL', year: 2023, value: 90 },
				{ areaCode: 'NL', year: 2024, value: 12 },
				{ areaCode: 'HUMBER', year: 2023, value: 230 }
			]);

			t.services.frameworkEdit.setBaselines(
				metric.id,
				[
					{ areaCode: 'HULL', baseline: { year: 2023, value: 95 } },
					{ areaCode: 'NL', baseline: null },
					{ areaCode: 'HUMBER', baseline: { year: 2023, value: 230 } }
				],
				actor
			);
			expect(metricByCode('P2.01').baselines).toEqual([
				{ areaCode: 'HULL', year: 2023, value: 95 },
				{ areaCode: 'HUMBER', year: 2023, value: 230 }
			]);
			// HUMBER's was already 230 in 2023-24 (the fixture's), so it is not audited as a change.
			expect(audit('metric.baseline').map((e) => e.detail)).toEqual([
				'P2.01: baseline for HULL set.',
				'P2.01: baseline for NL set.',
				'P2.01: baseline for HULL changed.',
				'P2.01: baseline for NL removed.'
			]);
		});

		it('refuses a negative baseline for a count and stores nothing', () => {
			const metric = metricByCode('P2.01');
			const before = metric.baselines;
			expect(() =>
				t.services.frameworkEdit.setBaselines(
					metric.id,
					[
						{ areaCode: 'HULL', baseline: { year: 2023, value: 5 } },
						{ areaCode: 'ERY', baseline: { year: 2023, value: -5 } }
					],
					actor
				)
			).toThrow(/baseline for ERY cannot be negative/);
			expect(metricByCode('P2.01').baselines).toEqual(before);
			expect(audit('metric.baseline')).toEqual([expect.objectContaining({ outcome: 'refused' })]);
		});
	});

	describe('bringing a retired metric back into use', () => {
		it('makes it active again, with its reason in the audit log', () => {
			const metric = metricByCode('P2.01');
			t.services.frameworkEdit.retireMetric(metric.id, 'Replaced by P2.05', actor);

			t.services.frameworkEdit.reinstateMetric(metric.id, 'P2.05 was not agreed', actor);

			expect(metricByCode('P2.01').status).toBe('active');
			expect(id(`SELECT count(*) FROM metrics WHERE code = 'P2.01' AND retired_at IS NULL`)).toBe(
				1
			);
			expect(audit('metric.reinstate')).toEqual([
				expect.objectContaining({ outcome: 'success', detail: 'P2.05 was not agreed' })
			]);
		});

		it('refuses without a reason, and for a metric already in use', () => {
			const metric = metricByCode('P2.01');
			expect(() => t.services.frameworkEdit.reinstateMetric(metric.id, 'why not', actor)).toThrow(
				'P2.01 is already in use.'
			);
			t.services.frameworkEdit.retireMetric(metric.id, 'Replaced by P2.05', actor);
			expect(() => t.services.frameworkEdit.reinstateMetric(metric.id, ' ', actor)).toThrow(
				/Say why P2\.01 is being brought back into use/
			);
			expect(metricByCode('P2.01').status).toBe('retired');
			expect(audit('metric.reinstate').map((e) => e.outcome)).toEqual(['refused', 'refused']);
		});
	});
});

function caught(work: () => unknown): unknown {
	try {
		work();
	} catch (err) {
		return err;
	}
	throw new Error('Expected the work to fail.');
}
