import { describe, expect, it } from 'vitest';

import { aggregatePartnerFigures } from './combine-figures.js';
import { dashboardFiguresFromAggregates, dashboardFiguresFromRows } from './dashboard-figures.js';
import type { Period, QuarterNumber } from './periods.js';
import type { DatedAggregate, DatedFigure, QuarterAggregates } from './progress.js';

function p(year: number, quarter: QuarterNumber): Period {
	return { year, quarter };
}

function fig(metricId: number, period: Period, value: number): DatedFigure {
	return { metricId, ...period, partnerId: 1, areaCode: 'HULL', kind: 'value', value };
}

const RULE = {
	unit: 'count' as const,
	partnerAggregation: 'sum' as const,
	leadPartnerId: null,
	reporters: [{ partnerId: 1, areaCode: 'HULL' }]
};
const HULL = { code: 'HULL', partnershipWide: false };

function aggregate(metricId: number, period: Period, value: number): DatedAggregate {
	return { metricId, ...period, ...aggregatePartnerFigures(RULE, [fig(1, period, value)], HULL) };
}

describe('dashboardFiguresFromRows', () => {
	const rows = [fig(1, p(2025, 1), 10), fig(2, p(2025, 1), 20), fig(1, p(2025, 2), 30)];

	it('gives each metric its own rows', () => {
		expect(dashboardFiguresFromRows(rows).forMetric(1)).toEqual([rows[0], rows[2]]);
		expect(dashboardFiguresFromRows(rows).forMetric(3)).toEqual([]);
	});

	it('finds a quarter with any figure', () => {
		expect(dashboardFiguresFromRows(rows).hasAnyFigure(p(2025, 2))).toBe(true);
		expect(dashboardFiguresFromRows(rows).hasAnyFigure(p(2025, 3))).toBe(false);
	});
});

describe('dashboardFiguresFromAggregates', () => {
	const quarters = [p(2024, 4), p(2025, 1), p(2025, 2)];
	const aggregates = [aggregate(1, p(2025, 1), 10), aggregate(2, p(2025, 1), 20)];

	it('gives a metric’s aggregate for a quarter, and none for a quarter without one', () => {
		const figures = dashboardFiguresFromAggregates(aggregates, quarters, () => true);
		const first = figures.forMetric(1) as QuarterAggregates;
		expect(first(p(2025, 1))?.sumOfPartnerSums).toBe(10);
		expect(first(p(2024, 4))).toBeUndefined();
		expect((figures.forMetric(3) as QuarterAggregates)(p(2025, 2))).toBeUndefined();
	});

	it('refuses a quarter it did not read, rather than call it empty', () => {
		const figures = dashboardFiguresFromAggregates(aggregates, quarters, () => true);
		expect(() => (figures.forMetric(1) as QuarterAggregates)(p(2024, 3))).toThrow(
			'The dashboard asked for 2024-25 Q3, which it did not read: add it to the quarters it reads (dashboard.ts).'
		);
		expect(() => (figures.forMetric(3) as QuarterAggregates)(p(2025, 3))).toThrow(
			'asked for 2025-26 Q3'
		);
	});

	it('asks whether a quarter has any figure only when a page wants to know', () => {
		const asked: Period[] = [];
		const figures = dashboardFiguresFromAggregates(aggregates, quarters, (period) => {
			asked.push(period);
			return false;
		});
		expect(asked).toEqual([]);
		expect(figures.hasAnyFigure(p(2025, 2))).toBe(false);
		expect(asked).toEqual([p(2025, 2)]);
	});
});
