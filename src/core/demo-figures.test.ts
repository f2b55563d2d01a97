// Tests may read files; the rule against node: imports keeps I/O out of the modules themselves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportablePeriods } from './dashboard.js';
import {
	createRandom,
	generateDemoData,
	hashString,
	type DemoData,
	type DemoFigure
} from './demo-figures.js';
import {
	checkFrameworkFixture,
	FRAMEWORK_FILES,
	type FrameworkFixture
} from './framework-fixture.js';
import type { Status } from './status.js';
import {
	defaultDeadline,
	formatPeriodLabel,
	parseFinancialYear,
	periodEndDate,
	type Period
} from './periods.js';
import { computeMetricProgress, type DatedFigure, type MetricRule } from './progress.js';
import type { TargetRow } from './targets.js';

const HUMBER_DIR = new URL('../../fixtures/humber/', import.meta.url);

function loadHumber(): FrameworkFixture {
	const files = {} as Record<keyof typeof FRAMEWORK_FILES, unknown>;
	for (const [key, name] of Object.entries(FRAMEWORK_FILES) as [keyof typeof files, string][])
		files[key] = JSON.parse(readFileSync(new URL(name, HUMBER_DIR), 'utf8'));
	const checked = checkFrameworkFixture(files);
	if (!checked.ok) throw new Error(checked.problems.join('\n'));
	return checked.framework;
}

const FIXTURE = loadHumber();
const TODAY = new Date('2025-11-15T12:00:00Z');
// 2024-25 Q1 (the strategy's first quarter) to 2025-26 Q2 (the last one complete by 15 November 2025).
const PERIODS = reportablePeriods(FIXTURE.strategy.startsOn, TODAY);
const DEMO = generateDemoData(FIXTURE, PERIODS, TODAY);
const LATEST = PERIODS[PERIODS.length - 1]!;

const label = formatPeriodLabel;
const isLatest = (p: Period) => label(p) === label(LATEST);
const metricByCode = new Map(FIXTURE.metrics.map((m) => [m.code, m]));

/** Every (partner, metric, area) a metric's reporters cover. */
function slotsOf(f: FrameworkFixture): Set<string> {
	return new Set(
		f.metrics.flatMap((m) =>
			m.reporters.flatMap((r) => r.areas.map((area) => `${r.partner}|${m.code}|${area}`))
		)
	);
}

function slotsIn(demo: DemoData, period: Period): string[] {
	return demo.returns
		.filter((r) => label(r.period) === label(period))
		.flatMap((r) => r.figures.map((f) => `${r.partner}|${f.metric}|${f.area}`));
}

function allFigures(demo: DemoData): (DemoFigure & { partner: string; period: Period })[] {
	return demo.returns.flatMap((r) =>
		r.figures.map((f) => ({ ...f, partner: r.partner, period: r.period }))
	);
}

describe('generateDemoData', () => {
	it('covers the strategy’s first six quarters for this test’s date', () => {
		expect(PERIODS.map(label)).toEqual([
			'2024-25 Q1',
			'2024-25 Q2',
			'2024-25 Q3',
			'2024-25 Q4',
			'2025-26 Q1',
			'2025-26 Q2'
		]);
	});

	describe('is deterministic', () => {
		it('gives deep-equal figures for the same framework, quarters, date and seed', () => {
			const again = generateDemoData(
				structuredClone(FIXTURE),
				structuredClone(PERIODS),
				new Date(TODAY)
			);
			expect(again).toEqual(DEMO);
		});

		it('uses seed 2024 when none is given', () => {
			expect(generateDemoData(FIXTURE, PERIODS, TODAY, 2024)).toEqual(DEMO);
		});

		it('gives different figures for a different seed', () => {
			const other = generateDemoData(FIXTURE, PERIODS, TODAY, 7);
			expect(other).not.toEqual(DEMO);
			const values = (d: DemoData) => allFigures(d).map((f) => f.value);
			expect(values(other)).not.toEqual(values(DEMO));
		});
	});

	it('gives returns for every quarter asked for, and no other', () => {
		expect([...new Set(DEMO.returns.map((r) => label(r.period)))].sort()).toEqual(
			PERIODS.map(label)
		);
	});

	it('gives one return per partner per quarter', () => {
		const keys = DEMO.returns.map((r) => `${r.partner}|${label(r.period)}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('gives every earlier quarter a figure for every partner, metric and area', () => {
		const expected = [...slotsOf(FIXTURE)].sort();
		for (const period of PERIODS.filter((p) => !isLatest(p)))
			expect(slotsIn(DEMO, period).sort(), label(period)).toEqual(expected);
	});

	it('gives figures only where a metric’s reporters report', () => {
		const slots = slotsOf(FIXTURE);
		for (const f of allFigures(DEMO))
			expect(slots.has(`${f.partner}|${f.metric}|${f.area}`)).toBe(true);
	});

	describe('in the latest quarter', () => {
		it.each([['2025-11-15T12:00:00Z'], ['2024-07-20T09:00:00Z'], ['2026-05-01T12:00:00Z']])(
			'leaves exactly four partners missing, and only then (today %s)',
			(today) => {
				const date = new Date(today);
				const periods = reportablePeriods(FIXTURE.strategy.startsOn, date);
				const latest = periods[periods.length - 1]!;
				const demo = generateDemoData(FIXTURE, periods, date);
				const missing = demo.missing.map((m) => m.partner);

				expect(missing).toHaveLength(4);
				expect(new Set(missing).size).toBe(4);
				expect(demo.missing.every((m) => label(m.period) === label(latest))).toBe(true);
				const partnerCodes = FIXTURE.partners.map((p) => p.code);
				for (const code of missing) expect(partnerCodes).toContain(code);

				// Every partner reports at least one metric, so everyone else has a return.
				const reporting = (period: Period) =>
					demo.returns
						.filter((r) => label(r.period) === label(period))
						.map((r) => r.partner)
						.sort();
				expect(reporting(latest)).toEqual(partnerCodes.filter((c) => !missing.includes(c)).sort());
				for (const period of periods.slice(0, -1))
					expect(reporting(period), label(period)).toEqual([...partnerCodes].sort());

				// The partners who did send a return sent all of it.
				const expectedSlots = [...slotsOf(FIXTURE)].filter(
					(s) => !missing.includes(s.split('|')[0]!)
				);
				expect(slotsIn(demo, latest).sort()).toEqual(expectedSlots.sort());
			}
		);
	});

	it('has no return arriving after today, and none before its quarter ended', () => {
		for (const r of DEMO.returns) {
			const at = new Date(r.submittedAt);
			expect(r.submittedAt).toBe(at.toISOString());
			expect(at.getTime()).toBeLessThanOrEqual(TODAY.getTime());
			expect(r.submittedAt > `${periodEndDate(r.period)}T23:59:59.999Z`).toBe(true);
		}
	});

	it('keeps returns before today even when today is the day after a quarter ends', () => {
		const today = new Date('2025-10-01T10:00:00Z');
		const periods = reportablePeriods(FIXTURE.strategy.startsOn, today);
		const demo = generateDemoData(FIXTURE, periods, today);
		for (const r of demo.returns)
			expect(new Date(r.submittedAt).getTime()).toBeLessThan(today.getTime());
	});

	it('has most returns on time and a few late', () => {
		const earlier = DEMO.returns.filter((r) => !isLatest(r.period));
		const late = earlier.filter(
			(r) => r.submittedAt > `${defaultDeadline(r.period)}T00:00:00.000Z`
		).length;
		expect(late).toBeGreaterThan(0);
		expect(late).toBeLessThan(earlier.length / 4);
	});

	it('gives every figure a value that fits its metric’s unit', () => {
		for (const f of allFigures(DEMO)) {
			if (f.kind !== 'value') continue;
			const unit = metricByCode.get(f.metric)?.unit;
			const v = f.value as number;
			const where = `${f.partner} ${f.metric} ${f.area} ${label(f.period)}: ${v}`;
			expect(Number.isFinite(v), where).toBe(true);
			expect(v, where).toBeGreaterThanOrEqual(0);
			if (unit === 'count' || unit === 'days') expect(Number.isInteger(v), where).toBe(true);
			if (unit === 'percent') expect(v, where).toBeLessThanOrEqual(100);
			if (unit === 'gbp') expect(v % 100, where).toBe(0);
			if (unit === 'ratio') expect(Math.round(v * 100) / 100, where).toBe(v);
		}
	});

	it('gives nil returns the value 0 and not-collected figures no value, and has some of each', () => {
		const figures = allFigures(DEMO);
		const nils = figures.filter((f) => f.kind === 'nil');
		const notCollected = figures.filter((f) => f.kind === 'not_collected');
		expect(nils.length).toBeGreaterThan(0);
		expect(notCollected.length).toBeGreaterThan(0);
		for (const f of nils) expect(f.value).toBe(0);
		for (const f of nils) expect(metricByCode.get(f.metric)?.unit).toBe('count');
		for (const f of notCollected) expect(f.value).toBeNull();
		for (const f of notCollected) expect(f.comment).not.toBe('');
		for (const f of figures.filter((x) => x.kind === 'value')) expect(f.value).not.toBeNull();
	});

	it('gives a mix of green, amber and red metrics in the latest quarter, and never rates a monitored one', () => {
		const partnerId = new Map(FIXTURE.partners.map((p, i) => [p.code, i + 1]));
		const statuses = new Map<string, Status>();
		for (const m of FIXTURE.metrics) {
			const rule: MetricRule = {
				unit: m.unit,
				partnerAggregation: m.partnerAggregation,
				leadPartnerId: m.leadPartner ? partnerId.get(m.leadPartner)! : null,
				reporters: m.reporters.flatMap((r) =>
					r.areas.map((areaCode) => ({ partnerId: partnerId.get(r.partner)!, areaCode }))
				),
				direction: m.direction,
				periodAggregation: m.periodAggregation,
				amberTolerance: m.amberTolerance
			};
			const figures: DatedFigure[] = allFigures(DEMO)
				.filter((f) => f.metric === m.code)
				.map((f) => ({
					metricId: 1,
					partnerId: partnerId.get(f.partner)!,
					areaCode: f.area,
					kind: f.kind,
					value: f.value,
					year: f.period.year,
					quarter: f.period.quarter
				}));
			const targets: TargetRow[] = FIXTURE.targets
				.filter((t) => t.metric === m.code)
				.flatMap((t) => {
					const year = parseFinancialYear(t.year)!;
					return [
						{ year, quarter: 0, areaCode: t.area, value: t.annual },
						...(t.quarters ?? []).map((value, i) => ({
							year,
							quarter: i + 1,
							areaCode: t.area,
							value
						}))
					];
				});
			const progress = computeMetricProgress(
				rule,
				figures,
				targets,
				LATEST,
				{ code: 'HUMBER', partnershipWide: true },
				FIXTURE.areas
			);
			statuses.set(m.code, progress.status.status);
		}
		const all = [...statuses.values()];
		expect(all).toContain('green');
		expect(all).toContain('amber');
		expect(all).toContain('red');
		for (const m of FIXTURE.metrics.filter((x) => x.direction === 'monitor'))
			expect(statuses.get(m.code), m.code).toBe('none');
		// Every metric with a target has figures to be rated on.
		for (const m of FIXTURE.metrics.filter((x) => x.direction !== 'monitor'))
			expect(statuses.get(m.code), m.code).not.toBe('none');
	});

	it('gives nothing for no quarters', () => {
		expect(generateDemoData(FIXTURE, [], TODAY)).toEqual({ returns: [], missing: [] });
	});
});

describe('createRandom', () => {
	it('gives the same sequence for the same seed and a different one for another seed', () => {
		const draw = (seed: number) => {
			const next = createRandom(seed);
			return Array.from({ length: 5 }, () => next());
		};
		expect(draw(42)).toEqual(draw(42));
		expect(draw(42)).not.toEqual(draw(43));
	});

	it('draws numbers from 0 up to but not including 1', () => {
		const next = createRandom(1);
		for (let i = 0; i < 1000; i++) {
			const r = next();
			expect(r).toBeGreaterThanOrEqual(0);
			expect(r).toBeLessThan(1);
		}
	});
});

describe('hashString', () => {
	it('hashes text with 32-bit FNV-1a', () => {
		// The FNV-1a offset basis, and the published hash of "a".
		expect(hashString('')).toBe(2166136261);
		expect(hashString('a')).toBe(0xe40c292c);
	});

	it('gives different hashes for different text', () => {
		expect(hashString('HP')).not.toBe(hashString('HCC'));
	});
});
