import { describe, expect, it } from 'vitest';
import { dashboardFiguresFromAggregates } from './dashboard-figures.js';
import {
	buildOverview,
	buildPriorityView,
	overviewQuarters,
	partnershipArea,
	priorityViewQuarters,
	reportablePeriods
} from './dashboard.js';
import type { Area, Framework, Metric } from './framework.js';
import { formatPeriodLabel, type Period, type QuarterNumber } from './periods.js';
import { aggregateByQuarter, type DatedFigure } from './progress.js';

function p(year: number, quarter: QuarterNumber): Period {
	return { year, quarter };
}

describe('reportablePeriods', () => {
	it.each<[string, string, string[]]>([
		// The first quarter of the strategy is not over until 30 June 2024 has passed.
		['2024-04-01', '2024-04-01', []],
		['2024-04-01', '2024-06-30', []],
		['2024-04-01', '2024-07-01', ['2024-25 Q1']],
		['2024-04-01', '2024-09-30', ['2024-25 Q1']],
		['2024-04-01', '2024-10-01', ['2024-25 Q1', '2024-25 Q2']],
		// 31 March 2025 is in Q4, which has not ended yet.
		['2024-04-01', '2025-03-31', ['2024-25 Q1', '2024-25 Q2', '2024-25 Q3']],
		['2024-04-01', '2025-04-01', ['2024-25 Q1', '2024-25 Q2', '2024-25 Q3', '2024-25 Q4']],
		// A strategy starting mid-quarter counts that quarter.
		['2024-05-15', '2024-07-01', ['2024-25 Q1']],
		['2024-06-30', '2024-10-01', ['2024-25 Q1', '2024-25 Q2']],
		// A strategy that has not started yet has nothing to report.
		['2026-04-01', '2025-11-15', []]
	])(
		'lists the quarters from a start of %s to the last complete one on %s',
		(start, today, expected) => {
			expect(reportablePeriods(start, today).map(formatPeriodLabel)).toEqual(expected);
		}
	);

	it('accepts today as a Date and reads it in UTC', () => {
		expect(reportablePeriods('2024-04-01', new Date('2024-07-01T00:00:00Z'))).toEqual([p(2024, 1)]);
		expect(reportablePeriods('2024-04-01', new Date('2024-06-30T23:59:59Z'))).toEqual([]);
	});

	it('lists every quarter in order over several years', () => {
		const periods = reportablePeriods('2024-04-01', '2026-05-01');
		expect(periods).toHaveLength(8);
		expect(periods[0]).toEqual(p(2024, 1));
		expect(periods[7]).toEqual(p(2025, 4));
	});
});

// A small framework: priority 1 with an increase count, a monitored count and a retired metric;
// priority 2 with a percentage and nothing else.
const HUMBER: Area = {
	code: 'HUMBER',
	name: 'Humber',
	population: 941500,
	populationSource: '',
	partnershipWide: true
};
const HULL: Area = {
	...HUMBER,
	code: 'HULL',
	name: 'Hull',
	population: 268900,
	partnershipWide: false
};

function metric(overrides: Partial<Metric> & Pick<Metric, 'id' | 'code' | 'priorityId'>): Metric {
	return {
		priorityNumber: overrides.priorityId,
		name: overrides.code,
		unit: 'count',
		direction: 'increase',
		partnerAggregation: 'sum',
		periodAggregation: 'sum',
		amberTolerance: 0.1,
		sensitive: false,
		leadPartnerId: null,
		definition: '',
		countingRule: '',
		dataSource: '',
		owner: '',
		caveats: '',
		status: 'active',
		reporters: [
			{ partnerId: 1, areaCode: 'HULL' },
			{ partnerId: 2, areaCode: 'ERY' }
		],
		targets: [],
		baselines: [],
		fundingStreamIds: [],
		...overrides
	};
}

const FRAMEWORK: Framework = {
	strategy: {
		id: 1,
		name: 'Test strategy',
		partnership: 'Test partnership',
		description: '',
		startsOn: '2025-04-01',
		endsOn: '2028-03-31'
	},
	areas: [HULL, HUMBER],
	priorities: [
		{ id: 10, number: 1, title: 'Support victims', description: '' },
		{ id: 20, number: 2, title: 'Raise awareness', description: '' }
	],
	partners: [],
	metrics: [
		metric({
			id: 1,
			code: 'P1.01',
			priorityId: 10,
			targets: [{ year: 2025, quarter: 0, areaCode: 'HUMBER', value: 400 }]
		}),
		metric({ id: 2, code: 'P1.02', priorityId: 10, direction: 'monitor' }),
		metric({
			id: 3,
			code: 'P1.03',
			priorityId: 10,
			status: 'retired',
			targets: [{ year: 2025, quarter: 0, areaCode: 'HUMBER', value: 1000 }]
		}),
		metric({
			id: 4,
			code: 'P2.01',
			priorityId: 20,
			unit: 'percent',
			partnerAggregation: 'mean',
			periodAggregation: 'mean',
			targets: [{ year: 2025, quarter: 0, areaCode: 'HUMBER', value: 80 }]
		})
	],
	fundingStreams: []
};

function fig(
	metricId: number,
	year: number,
	quarter: number,
	partnerId: number,
	value: number
): DatedFigure {
	return {
		metricId,
		year,
		quarter,
		partnerId,
		areaCode: partnerId === 1 ? 'HULL' : 'ERY',
		kind: 'value',
		value
	};
}

// P1.01: Q1 60 + 40 = 100 (on the pro rata 100); Q2 30 + 30 = 60 (year to date 160 against 200).
// P1.02: Q1 5 + 5. P1.03 (retired): Q1 1. P2.01: Q1 (85 + 75) / 2 = 80 (on the 80).
const FIGURES: DatedFigure[] = [
	fig(1, 2025, 1, 1, 60),
	fig(1, 2025, 1, 2, 40),
	fig(1, 2025, 2, 1, 30),
	fig(1, 2025, 2, 2, 30),
	fig(2, 2025, 1, 1, 5),
	fig(2, 2025, 1, 2, 5),
	fig(3, 2025, 1, 1, 1),
	fig(4, 2025, 1, 1, 85),
	fig(4, 2025, 1, 2, 75)
];

describe('buildOverview', () => {
	it('is not empty when any partner has a figure for the quarter', () => {
		expect(buildOverview(FRAMEWORK, FIGURES, p(2025, 1), HUMBER).empty).toBe(false);
		expect(buildOverview(FRAMEWORK, FIGURES, p(2025, 2), HUMBER).empty).toBe(false);
	});

	it('is empty when nobody has a figure for the quarter, whatever other quarters hold', () => {
		expect(buildOverview(FRAMEWORK, FIGURES, p(2025, 3), HUMBER).empty).toBe(true);
		expect(buildOverview(FRAMEWORK, FIGURES, p(2024, 1), HUMBER).empty).toBe(true);
		expect(buildOverview(FRAMEWORK, [], p(2025, 1), HUMBER).empty).toBe(true);
	});

	it('is not empty when the only figure for the quarter is a nil return', () => {
		const nil: DatedFigure = { ...fig(1, 2025, 3, 1, 0), kind: 'nil' };
		expect(buildOverview(FRAMEWORK, [...FIGURES, nil], p(2025, 3), HUMBER).empty).toBe(false);
	});

	it('summarises every priority, in order, with its active metrics only', () => {
		const overview = buildOverview(FRAMEWORK, FIGURES, p(2025, 1), HUMBER);
		expect(overview.period).toEqual(p(2025, 1));
		expect(overview.area).toBe(HUMBER);
		expect(overview.priorities.map((s) => s.priority.number)).toEqual([1, 2]);
		expect(overview.priorities[0]?.metrics.map((m) => m.metric.code)).toEqual(['P1.01', 'P1.02']);
		expect(overview.priorities[1]?.metrics.map((m) => m.metric.code)).toEqual(['P2.01']);
	});

	it('rates each metric with its own figures and rolls the priority up from them', () => {
		const q1 = buildOverview(FRAMEWORK, FIGURES, p(2025, 1), HUMBER);
		// P1.01: 100 against 400 / 4 = 100, green; P1.02 is monitored.
		expect(q1.priorities[0]?.metrics[0]?.progress.yearToDate.value).toBe(100);
		expect(q1.priorities[0]?.counts).toEqual({ green: 1, amber: 0, red: 0, none: 1 });
		expect(q1.priorities[0]?.status).toBe('green');
		// P2.01: (85 + 75) / 2 = 80 against 80.
		expect(q1.priorities[1]?.metrics[0]?.progress.quarter.value).toBe(80);
		expect(q1.priorities[1]?.status).toBe('green');

		const q2 = buildOverview(FRAMEWORK, FIGURES, p(2025, 2), HUMBER);
		// P1.01: 160 against 200, 40 short with a band of 20: red, one of one rated.
		expect(q2.priorities[0]?.counts).toEqual({ green: 0, amber: 0, red: 1, none: 1 });
		expect(q2.priorities[0]?.status).toBe('red');
		// P2.01 has no Q2 figure; its year to date (mean of Q1) still stands at 80.
		expect(q2.priorities[1]?.status).toBe('green');
	});

	it('shows an area its own figures and rates nothing that has no target there', () => {
		const overview = buildOverview(FRAMEWORK, FIGURES, p(2025, 1), HULL);
		expect(overview.priorities[0]?.metrics[0]?.progress.quarter.value).toBe(60);
		expect(overview.priorities[0]?.status).toBe('none');
	});
});

describe('buildPriorityView', () => {
	const periods = [p(2025, 1), p(2025, 2), p(2025, 3), p(2025, 4)];

	it('gives each metric a series up to the chosen quarter only', () => {
		const priority = FRAMEWORK.priorities[0]!;
		const view = buildPriorityView(FRAMEWORK, priority, FIGURES, periods, p(2025, 2), HUMBER);
		expect(view.priority.priority).toBe(priority);
		expect(view.metrics.map((m) => m.metric.code)).toEqual(['P1.01', 'P1.02']);
		expect(view.metrics[0]?.series).toEqual([
			{ period: p(2025, 1), actual: 100, complete: true, target: 100 },
			{ period: p(2025, 2), actual: 60, complete: true, target: 100 }
		]);
		expect(view.metrics[1]?.series.map((s) => s.actual)).toEqual([10, null]);
	});
});

describe('from figures aggregated for the area shown', () => {
	const periods = [p(2025, 1), p(2025, 2), p(2025, 3), p(2025, 4)];
	const quarters = [p(2024, 1), p(2024, 2), p(2024, 3), p(2024, 4), ...periods];

	/** What the database would return for `area`: every metric's aggregate in every quarter. */
	function aggregated(area: Area) {
		const rows = FRAMEWORK.metrics.flatMap((m) => {
			const byQuarter = aggregateByQuarter(
				m,
				FIGURES.filter((f) => f.metricId === m.id),
				area
			);
			return quarters.flatMap((period) => {
				const aggregate = byQuarter(period);
				return aggregate ? [{ metricId: m.id, ...period, ...aggregate }] : [];
			});
		});
		const withFigures = new Set(FIGURES.map((f) => `${f.year} ${f.quarter}`));
		return dashboardFiguresFromAggregates(rows, quarters, (period) =>
			withFigures.has(`${period.year} ${period.quarter}`)
		);
	}

	it('builds the same overview as from the raw figures', () => {
		for (const area of [HUMBER, HULL])
			for (const period of [p(2025, 1), p(2025, 2), p(2025, 3)])
				expect(buildOverview(FRAMEWORK, aggregated(area), period, area)).toEqual(
					buildOverview(FRAMEWORK, FIGURES, period, area)
				);
	});

	it('builds the same priority page as from the raw figures', () => {
		const priority = FRAMEWORK.priorities[0]!;
		for (const area of [HUMBER, HULL])
			expect(
				buildPriorityView(FRAMEWORK, priority, aggregated(area), periods, p(2025, 2), area)
			).toEqual(buildPriorityView(FRAMEWORK, priority, FIGURES, periods, p(2025, 2), area));
	});
});

describe('the quarters a dashboard reads', () => {
	it.each<[string, Period, string[]]>([
		['2025-26 Q1', p(2025, 1), ['2024-25 Q1', '2024-25 Q4', '2025-26 Q1']],
		['2025-26 Q2', p(2025, 2), ['2024-25 Q2', '2025-26 Q1', '2025-26 Q2']],
		[
			'2025-26 Q4',
			p(2025, 4),
			['2024-25 Q4', '2025-26 Q1', '2025-26 Q2', '2025-26 Q3', '2025-26 Q4']
		]
	])(
		'reads for an overview of %s last year’s quarter, the one before and the year so far',
		(_label, period, expected) => {
			expect(overviewQuarters(period).map(formatPeriodLabel)).toEqual(expected);
		}
	);

	it('reads for a priority page every quarter charted up to the chosen one as well', () => {
		const periods = [p(2024, 3), p(2024, 4), p(2025, 1), p(2025, 2), p(2025, 3)];
		expect(priorityViewQuarters(periods, p(2025, 2)).map(formatPeriodLabel)).toEqual([
			'2024-25 Q2',
			'2024-25 Q3',
			'2024-25 Q4',
			'2025-26 Q1',
			'2025-26 Q2'
		]);
	});
});

describe('partnershipArea', () => {
	it('finds the partnership-wide area', () => {
		expect(partnershipArea(FRAMEWORK)).toBe(HUMBER);
	});

	it('throws when the framework has none, which the fixture checks rule out', () => {
		expect(() => partnershipArea({ ...FRAMEWORK, areas: [HULL] })).toThrow(
			'The framework has no partnership-wide area.'
		);
	});
});
