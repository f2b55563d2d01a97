import { describe, expect, it } from 'vitest';
import type { FigureAggregate } from './combine-figures.js';
import type { Direction, PeriodAggregation } from './framework.js';
import type { Period, QuarterNumber } from './periods.js';
import {
	aggregateByQuarter,
	combineQuarter,
	computeMetricProgress,
	forecastYearEnd,
	quarterlySeries,
	yearToDate,
	type DatedFigure,
	type MetricRule,
	type QuarterAggregates,
	type YearToDate
} from './progress.js';
import type { AreaPopulation } from './rates.js';
import type { TargetRow } from './targets.js';

const HULL_POLICE = 1;
const ERY_COUNCIL = 2;
const HUMBER = { code: 'HUMBER', partnershipWide: true };
const HULL = { code: 'HULL', partnershipWide: false };
const AREAS: AreaPopulation[] = [
	{ ...HULL, population: 20_000 },
	{ code: 'ERY', partnershipWide: false, population: 30_000 },
	{ ...HUMBER, population: 50_000 }
];

function rule(overrides: Partial<MetricRule> = {}): MetricRule {
	return {
		unit: 'count',
		partnerAggregation: 'sum',
		leadPartnerId: null,
		reporters: [
			{ partnerId: HULL_POLICE, areaCode: 'HULL' },
			{ partnerId: ERY_COUNCIL, areaCode: 'ERY' }
		],
		direction: 'increase',
		periodAggregation: 'sum',
		amberTolerance: 0.1,
		...overrides
	};
}

function p(year: number, quarter: QuarterNumber): Period {
	return { year, quarter };
}

function fig(year: number, quarter: number, partnerId: number, value: number): DatedFigure {
	return {
		metricId: 7,
		year,
		quarter,
		partnerId,
		areaCode: partnerId === HULL_POLICE ? 'HULL' : 'ERY',
		kind: 'value',
		value
	};
}

/** A quarter's two figures: Hull police, then the ERY council. */
function quarterOf(year: number, quarter: number, hull: number, ery: number): DatedFigure[] {
	return [fig(year, quarter, HULL_POLICE, hull), fig(year, quarter, ERY_COUNCIL, ery)];
}

// Partnership figures by quarter: 2024 Q3 60, 2024 Q4 70, 2025 Q1 50, Q2 70, Q3 90.
const FIGURES: DatedFigure[] = [
	...quarterOf(2024, 3, 30, 30),
	...quarterOf(2024, 4, 35, 35),
	...quarterOf(2025, 1, 30, 20),
	...quarterOf(2025, 2, 40, 30),
	...quarterOf(2025, 3, 50, 40)
];

function annualTarget(value: number, year = 2025, areaCode = 'HUMBER'): TargetRow {
	return { year, quarter: 0, areaCode, value };
}

describe('combineQuarter', () => {
	it('combines only the figures of the quarter asked for', () => {
		expect(combineQuarter(rule(), FIGURES, p(2025, 2), HUMBER)).toMatchObject({
			value: 70,
			complete: true
		});
		// 2024 Q3, not 2025 Q3.
		expect(combineQuarter(rule(), FIGURES, p(2024, 3), HUMBER).value).toBe(60);
	});

	it('has no value for a quarter with no figures', () => {
		expect(combineQuarter(rule(), FIGURES, p(2025, 4), HUMBER)).toMatchObject({
			value: null,
			complete: false
		});
	});
});

describe('yearToDate', () => {
	it.each<[PeriodAggregation, QuarterNumber, number, string]>([
		['sum', 1, 50, 'Q1 alone'],
		['sum', 2, 120, '50 + 70'],
		['sum', 3, 210, '50 + 70 + 90'],
		['last', 1, 50, 'Q1'],
		['last', 2, 70, 'Q2'],
		['last', 3, 90, 'the latest quarter, Q3'],
		['mean', 2, 60, '(50 + 70) / 2'],
		['mean', 3, 70, '(50 + 70 + 90) / 3']
	])('combines the quarters of a %s metric up to Q%i into %i (%s)', (agg, quarter, expected) => {
		expect(yearToDate(rule({ periodAggregation: agg }), FIGURES, p(2025, quarter), HUMBER)).toEqual(
			{ value: expected, complete: true, quartersWithFigures: quarter }
		);
	});

	it('starts again at the start of each financial year', () => {
		// 2024 Q3 + Q4 only: 2024 Q1 and Q2 have no figures in this set.
		expect(yearToDate(rule(), FIGURES, p(2024, 4), HUMBER)).toEqual({
			value: 130,
			complete: false,
			quartersWithFigures: 2
		});
	});

	it('is incomplete when a partner is missing from one quarter, and keeps what came in', () => {
		const figures = FIGURES.filter(
			(f) => !(f.year === 2025 && f.quarter === 2 && f.partnerId === ERY_COUNCIL)
		);
		// 50 + 40 + 90: Q2 has only the Hull police's 40.
		expect(yearToDate(rule(), figures, p(2025, 3), HUMBER)).toEqual({
			value: 180,
			complete: false,
			quartersWithFigures: 3
		});
	});

	it.each<[PeriodAggregation, number, string]>([
		['sum', 160, '70 + 90'],
		['mean', 80, '(70 + 90) / 2'],
		['last', 90, 'Q3']
	])(
		'is incomplete when a whole quarter is missing, and a %s metric gives %i (%s)',
		(agg, expected) => {
			const figures = FIGURES.filter((f) => !(f.year === 2025 && f.quarter === 1));
			expect(yearToDate(rule({ periodAggregation: agg }), figures, p(2025, 3), HUMBER)).toEqual({
				value: expected,
				complete: false,
				quartersWithFigures: 2
			});
		}
	);

	it('has no value and no quarters when nothing has come in this year', () => {
		expect(yearToDate(rule(), FIGURES, p(2026, 2), HUMBER)).toEqual({
			value: null,
			complete: false,
			quartersWithFigures: 0
		});
	});

	it('counts only the area asked for', () => {
		// The Hull police alone: 30 + 40 + 50.
		expect(yearToDate(rule(), FIGURES, p(2025, 3), HULL)).toEqual({
			value: 120,
			complete: true,
			quartersWithFigures: 3
		});
	});
});

describe('forecastYearEnd', () => {
	function ytd(value: number | null, quartersWithFigures: number): YearToDate {
		return { value, complete: true, quartersWithFigures };
	}

	it.each<[Direction, number, number, number, number, boolean]>([
		// 210 over 3 quarters is 70 a quarter: 280 by year end.
		['increase', 210, 3, 240, 280, true],
		// 120 over 2 quarters: exactly 240.
		['increase', 120, 2, 240, 240, true],
		// 110 over 2 quarters: 220, short of 240.
		['increase', 110, 2, 240, 220, false],
		// 50 in Q1: 200, short of 240.
		['increase', 50, 1, 240, 200, false],
		// 240 over 2 quarters: 480, under the ceiling of 500.
		['decrease', 240, 2, 500, 480, true],
		// 260 over 2 quarters: 520, over the ceiling of 500.
		['decrease', 260, 2, 500, 520, false],
		// 375 over 3 quarters: exactly 500.
		['decrease', 375, 3, 500, 500, true]
	])(
		'projects a %s flow of %i over %i quarters against %i as %i (met: %s)',
		(direction, value, quarters, target, expected, met) => {
			expect(
				forecastYearEnd(rule({ direction }), ytd(value, quarters), p(2025, 3), target)
			).toEqual({ value: expected, annualTarget: target, willMeetTarget: met });
		}
	);

	it('projects from the quarters that have figures, not the quarters elapsed', () => {
		// Q1 missing: 160 over the 2 quarters with figures is 80 a quarter, 320 a year.
		expect(forecastYearEnd(rule(), ytd(160, 2), p(2025, 3), 240)).toMatchObject({
			value: 320,
			willMeetTarget: true
		});
	});

	it.each<[PeriodAggregation, Direction, number, number, boolean]>([
		['last', 'increase', 80, 85, false],
		['last', 'increase', 85, 85, true],
		['last', 'decrease', 12, 14, true],
		['mean', 'increase', 86.5, 85, true],
		['mean', 'decrease', 15, 14, false]
	])(
		'keeps a %s metric (%s) at its year-to-date level of %d against %d (met: %s)',
		(periodAggregation, direction, level, target, met) => {
			expect(
				forecastYearEnd(rule({ periodAggregation, direction }), ytd(level, 2), p(2025, 2), target)
			).toEqual({ value: level, annualTarget: target, willMeetTarget: met });
		}
	);

	it('projects a monitored metric but does not say whether a target is met', () => {
		expect(forecastYearEnd(rule({ direction: 'monitor' }), ytd(30, 2), p(2025, 2), null)).toEqual({
			value: 60,
			annualTarget: null,
			willMeetTarget: null
		});
	});

	it('projects without a verdict when there is no annual target', () => {
		expect(forecastYearEnd(rule(), ytd(30, 1), p(2025, 1), null)).toEqual({
			value: 120,
			annualTarget: null,
			willMeetTarget: null
		});
	});

	it('gives no forecast without any figures this year', () => {
		expect(forecastYearEnd(rule(), ytd(null, 0), p(2025, 2), 240)).toBeNull();
	});
});

describe('computeMetricProgress', () => {
	it('puts together the quarter, year to date, targets, status, forecast and change', () => {
		const progress = computeMetricProgress(
			rule(),
			FIGURES,
			[annualTarget(240)],
			p(2025, 3),
			HUMBER,
			AREAS
		);
		expect(progress.period).toEqual(p(2025, 3));
		expect(progress.quarter).toMatchObject({ value: 90, complete: true });
		expect(progress.yearToDate).toEqual({ value: 210, complete: true, quartersWithFigures: 3 });
		// 240 / 4 a quarter; 240 × 3 / 4 by the end of Q3.
		expect(progress.targets).toEqual({ quarter: 60, yearToDate: 180, annual: 240 });
		expect(progress.status).toEqual({ status: 'green' });
		// 210 / 3 × 4
		expect(progress.forecast).toEqual({ value: 280, annualTarget: 240, willMeetTarget: true });
		// 70 in Q2 to 90 in Q3: +20, +28.6 %.
		expect(progress.changeOnLastQuarter).toMatchObject({
			kind: 'compared',
			from: 70,
			to: 90,
			difference: 20
		});
		expect(
			progress.changeOnLastQuarter.kind === 'compared' && progress.changeOnLastQuarter.percent
		).toBeCloseTo(28.571, 3);
		// 60 in 2024 Q3 to 90: +30, +50 %.
		expect(progress.changeOnLastYear).toEqual({
			kind: 'compared',
			from: 60,
			to: 90,
			difference: 30,
			percent: 50
		});
	});

	it.each<[number, string, string]>([
		// Year-to-date target 300 × 3 / 4 = 225; 210 is 15 short and the band is 22.5.
		[300, 'amber', 'within the tolerance'],
		// Year-to-date target 400 × 3 / 4 = 300; 210 is 90 short and the band is 30.
		[400, 'red', 'beyond the tolerance'],
		// Year-to-date target 280 × 3 / 4 = 210; met exactly.
		[280, 'green', 'met exactly']
	])('judges the year to date against the year-to-date target %i as %s (%s)', (target, status) => {
		const progress = computeMetricProgress(
			rule(),
			FIGURES,
			[annualTarget(target)],
			p(2025, 3),
			HUMBER,
			AREAS
		);
		expect(progress.status).toEqual({ status });
	});

	it('compares the first quarter of a year with the last quarter of the year before', () => {
		const progress = computeMetricProgress(rule(), FIGURES, [], p(2025, 1), HUMBER, AREAS);
		// 70 in 2024 Q4 to 50 in 2025 Q1.
		expect(progress.changeOnLastQuarter).toMatchObject({ from: 70, to: 50, difference: -20 });
		expect(progress.changeOnLastYear).toEqual({ kind: 'none' });
	});

	it('keeps the year to date and shows no change for a quarter without figures', () => {
		const progress = computeMetricProgress(
			rule(),
			FIGURES,
			[annualTarget(240)],
			p(2025, 4),
			HUMBER,
			AREAS
		);
		expect(progress.quarter.value).toBeNull();
		expect(progress.yearToDate).toEqual({ value: 210, complete: false, quartersWithFigures: 3 });
		// 240 − 210 = 30 short of the full-year target; the band is 24.
		expect(progress.status).toEqual({ status: 'red' });
		expect(progress.changeOnLastQuarter).toEqual({ kind: 'none' });
	});

	it('rates nothing and forecasts without a verdict when the year has no target', () => {
		const progress = computeMetricProgress(rule(), FIGURES, [], p(2025, 2), HUMBER, AREAS);
		expect(progress.targets).toEqual({ quarter: null, yearToDate: null, annual: null });
		expect(progress.status).toEqual({ status: 'none', reason: 'no-target' });
		expect(progress.forecast).toEqual({ value: 240, annualTarget: null, willMeetTarget: null });
	});

	it('says there is no data when the year has a target but no figures', () => {
		const progress = computeMetricProgress(
			rule(),
			FIGURES,
			[annualTarget(240, 2026)],
			p(2026, 1),
			HUMBER,
			AREAS
		);
		expect(progress.status).toEqual({ status: 'none', reason: 'no-data' });
		expect(progress.forecast).toBeNull();
	});

	it('never rates a monitored metric', () => {
		const progress = computeMetricProgress(
			rule({ direction: 'monitor' }),
			FIGURES,
			[],
			p(2025, 3),
			HUMBER,
			AREAS
		);
		expect(progress.status).toEqual({ status: 'none', reason: 'monitor' });
		expect(progress.forecast?.willMeetTarget).toBeNull();
	});

	it('judges an area against its own target', () => {
		const progress = computeMetricProgress(
			rule(),
			FIGURES,
			[annualTarget(240), annualTarget(200, 2025, 'HULL')],
			p(2025, 3),
			HULL,
			AREAS
		);
		// Hull: 30 + 40 + 50 = 120 against 200 × 3 / 4 = 150: 30 short, band 15.
		expect(progress.quarter.value).toBe(50);
		expect(progress.yearToDate.value).toBe(120);
		expect(progress.targets).toEqual({ quarter: 50, yearToDate: 150, annual: 200 });
		expect(progress.status).toEqual({ status: 'red' });
		// 120 / 3 × 4 = 160, short of 200.
		expect(progress.forecast).toEqual({ value: 160, annualTarget: 200, willMeetTarget: false });
	});

	it('describes the change between two small counts as too small to compare', () => {
		const figures = [...quarterOf(2025, 1, 2, 1), ...quarterOf(2025, 2, 4, 3)];
		const progress = computeMetricProgress(rule(), figures, [], p(2025, 2), HUMBER, AREAS);
		// 3 to 7.
		expect(progress.changeOnLastQuarter).toEqual({
			kind: 'too-small',
			from: 3,
			to: 7,
			difference: 4
		});
	});
});

describe('computeMetricProgress: rates per 10,000 residents', () => {
	it('gives a count’s quarter and year to date per 10,000 residents of the area shown', () => {
		// The Humber, 50,000 people: 90 in Q3 and 50 + 70 + 90 = 210 so far.
		const humber = computeMetricProgress(rule(), FIGURES, [], p(2025, 3), HUMBER, AREAS);
		expect(humber.ratePer10000).toEqual({ quarter: 18, yearToDate: 42 });
		// Hull, 20,000 people: 50 in Q3 and 30 + 40 + 50 = 120 so far.
		const hull = computeMetricProgress(rule(), FIGURES, [], p(2025, 3), HULL, AREAS);
		expect(hull.ratePer10000).toEqual({ quarter: 25, yearToDate: 60 });
	});

	it('gives no rate for a quarter without figures, but keeps the year to date’s', () => {
		const progress = computeMetricProgress(rule(), FIGURES, [], p(2025, 4), HUMBER, AREAS);
		// 210 so far in 50,000.
		expect(progress.ratePer10000).toEqual({ quarter: null, yearToDate: 42 });
	});

	it('gives no rate for a metric that is not a count', () => {
		const progress = computeMetricProgress(
			rule({ unit: 'percent' }),
			FIGURES,
			[],
			p(2025, 3),
			HUMBER,
			AREAS
		);
		expect(progress.ratePer10000).toEqual({ quarter: null, yearToDate: null });
	});

	it('gives no rate for an area with a population of 0, rather than dividing by it', () => {
		const areas = AREAS.map((a) => (a.code === 'HULL' ? { ...a, population: 0 } : a));
		const progress = computeMetricProgress(rule(), FIGURES, [], p(2025, 3), HULL, areas);
		expect(progress.quarter.value).toBe(50);
		expect(progress.ratePer10000).toEqual({ quarter: null, yearToDate: null });
	});

	it('counts the partnership’s residents from its areas when it has no population of its own', () => {
		// Hull 20,000 + East Riding 30,000: 90 and 210 in 50,000.
		const areas = AREAS.map((a) => (a.code === 'HUMBER' ? { ...a, population: 0 } : a));
		const progress = computeMetricProgress(rule(), FIGURES, [], p(2025, 3), HUMBER, areas);
		expect(progress.ratePer10000).toEqual({ quarter: 18, yearToDate: 42 });
	});
});

describe('computeMetricProgress: the baseline', () => {
	const baseline = (value: number, areaCode = 'HUMBER') => ({ areaCode, year: 2023, value });

	it('sets a flow’s year-end forecast beside its baseline', () => {
		const progress = computeMetricProgress(
			rule({ baselines: [baseline(240)] }),
			FIGURES,
			[],
			p(2025, 3),
			HUMBER,
			AREAS
		);
		// 210 in three quarters is 280 at the year's end: 40 more than 240, up 16.7 %.
		expect(progress.baseline).toMatchObject({
			areaCode: 'HUMBER',
			year: 2023,
			value: 240,
			comparedWith: 'forecast',
			change: { kind: 'compared', from: 240, to: 280, difference: 40 }
		});
	});

	it('sets a level’s year to date beside its baseline', () => {
		const progress = computeMetricProgress(
			rule({ periodAggregation: 'last', baselines: [baseline(80)] }),
			FIGURES,
			[],
			p(2025, 3),
			HUMBER,
			AREAS
		);
		// The level at Q3 is 90: 10 above 80, 12.5 %.
		expect(progress.baseline).toMatchObject({
			comparedWith: 'year-to-date',
			change: { kind: 'compared', from: 80, to: 90, difference: 10, percent: 12.5 }
		});
	});

	it('gives the difference on a baseline of 0 without a percentage', () => {
		const progress = computeMetricProgress(
			rule({ baselines: [baseline(0)] }),
			FIGURES,
			[],
			p(2025, 3),
			HUMBER,
			AREAS
		);
		expect(progress.baseline?.change).toEqual({
			kind: 'compared',
			from: 0,
			to: 280,
			difference: 280,
			percent: null
		});
	});

	it('gives a partnership-wide baseline to the partnership only, an area’s to that area', () => {
		const wide = rule({ baselines: [baseline(240)] });
		expect(computeMetricProgress(wide, FIGURES, [], p(2025, 3), HULL, AREAS).baseline).toBeNull();
		const hull = rule({ baselines: [baseline(100, 'HULL')] });
		expect(computeMetricProgress(hull, FIGURES, [], p(2025, 3), HUMBER, AREAS).baseline).toBeNull();
		// Hull: 120 in three quarters is 160 at the year's end, 60 more than 100.
		expect(
			computeMetricProgress(hull, FIGURES, [], p(2025, 3), HULL, AREAS).baseline?.change
		).toEqual({ kind: 'compared', from: 100, to: 160, difference: 60, percent: 60 });
	});

	it('has no baseline for a metric without one', () => {
		expect(
			computeMetricProgress(rule(), FIGURES, [], p(2025, 3), HUMBER, AREAS).baseline
		).toBeNull();
	});
});

describe('quarterlySeries', () => {
	const periods = [p(2025, 1), p(2025, 2), p(2025, 3), p(2025, 4)];

	it('gives each quarter’s figure, completeness and quarter target', () => {
		expect(quarterlySeries(rule(), FIGURES, [annualTarget(240)], periods, HUMBER)).toEqual([
			{ period: p(2025, 1), actual: 50, complete: true, target: 60 },
			{ period: p(2025, 2), actual: 70, complete: true, target: 60 },
			{ period: p(2025, 3), actual: 90, complete: true, target: 60 },
			{ period: p(2025, 4), actual: null, complete: false, target: 60 }
		]);
	});

	it('uses quarterly targets where they are set', () => {
		const targets: TargetRow[] = [
			annualTarget(240),
			...[50, 60, 70, 60].map((value, i) => ({
				year: 2025,
				quarter: i + 1,
				areaCode: 'HUMBER',
				value
			}))
		];
		expect(quarterlySeries(rule(), FIGURES, targets, periods, HUMBER).map((s) => s.target)).toEqual(
			[50, 60, 70, 60]
		);
	});

	it('marks an incomplete quarter and crosses years with each year’s own targets', () => {
		const figures = FIGURES.filter(
			(f) => !(f.year === 2024 && f.quarter === 4 && f.partnerId === HULL_POLICE)
		);
		const series = quarterlySeries(
			rule(),
			figures,
			[annualTarget(200, 2024), annualTarget(240)],
			[p(2024, 4), p(2025, 1)],
			HUMBER
		);
		expect(series).toEqual([
			{ period: p(2024, 4), actual: 35, complete: false, target: 50 },
			{ period: p(2025, 1), actual: 50, complete: true, target: 60 }
		]);
	});

	it('gives a level metric its annual target as each quarter’s target', () => {
		const series = quarterlySeries(
			rule({ periodAggregation: 'last' }),
			FIGURES,
			[annualTarget(85)],
			periods.slice(0, 2),
			HUMBER
		);
		expect(series.map((s) => s.target)).toEqual([85, 85]);
	});

	it('gives an empty series for no periods', () => {
		expect(quarterlySeries(rule(), FIGURES, [], [], HUMBER)).toEqual([]);
	});
});

describe('from figures already aggregated per partner', () => {
	/** Two partners who both answered, adding up to `total`. */
	function answered(total: number): FigureAggregate {
		return {
			sumOfPartnerSums: total,
			meanOfPartnerSums: total / 2,
			meanOfPartnerMeans: total / 2,
			maxOfPartnerSums: total,
			maxOfPartnerMeans: total,
			answeredCount: 2,
			nilOnly: false,
			expectedPartnerCount: 2,
			missingPartnerIds: [],
			notCollectedPartnerIds: []
		};
	}
	// The partnership: 2025 Q1 50, Q2 70; nothing stored for Q3.
	const AGGREGATES: QuarterAggregates = (period) =>
		period.year === 2025 ? [answered(50), answered(70)][period.quarter - 1] : undefined;

	it('adds up the year to date from the quarters’ aggregates', () => {
		expect(yearToDate(rule(), AGGREGATES, p(2025, 2), HUMBER)).toEqual({
			value: 120,
			complete: true,
			quartersWithFigures: 2
		});
	});

	it('counts every expected partner missing in a quarter with no aggregate', () => {
		expect(combineQuarter(rule(), AGGREGATES, p(2025, 3), HUMBER)).toEqual({
			value: null,
			complete: false,
			expectedPartnerCount: 2,
			missingPartnerIds: [HULL_POLICE, ERY_COUNCIL],
			notCollectedPartnerIds: [],
			allNil: false
		});
		// 50 + 70, with Q3 missing.
		expect(yearToDate(rule(), AGGREGATES, p(2025, 3), HUMBER)).toEqual({
			value: 120,
			complete: false,
			quartersWithFigures: 2
		});
	});

	it('picks the summary the rule asks for', () => {
		// A percentage "sum" is the mean of the partners' figures: 70 / 2.
		expect(combineQuarter(rule({ unit: 'percent' }), AGGREGATES, p(2025, 2), HUMBER).value).toBe(
			35
		);
	});

	it('gives the same progress and series as the raw figures they were made from', () => {
		const targets = [annualTarget(200, 2024), annualTarget(240)];
		for (const area of [HUMBER, HULL]) {
			const aggregates = aggregateByQuarter(rule(), FIGURES, area);
			expect(computeMetricProgress(rule(), aggregates, targets, p(2025, 3), area, AREAS)).toEqual(
				computeMetricProgress(rule(), FIGURES, targets, p(2025, 3), area, AREAS)
			);
			const periods = [p(2024, 3), p(2024, 4), p(2025, 1), p(2025, 2), p(2025, 3)];
			expect(quarterlySeries(rule(), aggregates, targets, periods, area)).toEqual(
				quarterlySeries(rule(), FIGURES, targets, periods, area)
			);
		}
	});
});
