/**
 * What the dashboards read (dashboard.ts): each metric's figures for the area shown, and whether
 * a quarter has any figure at all. From the database they come already aggregated per partner
 * (figure-queries.ts), so a page never holds every partner's figures; from raw rows (tests,
 * tools) they are aggregated by the engine itself.
 */
import { formatPeriodLabel, periodIndex, type Period } from './periods.js';
import type { DatedAggregate, DatedFigure, MetricFigures, QuarterAggregates } from './progress.js';

export interface DashboardFigures {
	/** One metric's figures: its raw rows, or its aggregates for the dashboard's area. */
	forMetric(metricId: number): MetricFigures;
	/** Whether any partner has any figure (of any kind, metric or area) for the quarter. */
	hasAnyFigure(period: Period): boolean;
}

export function dashboardFiguresFromRows(figures: DatedFigure[]): DashboardFigures {
	return {
		forMetric: (metricId) => figures.filter((f) => f.metricId === metricId),
		hasAnyFigure: (period) =>
			figures.some((f) => f.year === period.year && f.quarter === period.quarter)
	};
}

/**
 * @param aggregates every metric's aggregates for one area, in each of `quarters`
 * @param hasAnyFigure asked only when a page needs it, so it may be a query of its own
 */
export function dashboardFiguresFromAggregates(
	aggregates: DatedAggregate[],
	quarters: Period[],
	hasAnyFigure: (period: Period) => boolean
): DashboardFigures {
	const read = new Set(quarters.map(periodIndex));
	const byMetric = new Map<number, Map<number, DatedAggregate>>();
	for (const a of aggregates) {
		let found = byMetric.get(a.metricId);
		if (!found) byMetric.set(a.metricId, (found = new Map()));
		found.set(periodIndex({ year: a.year, quarter: a.quarter as Period['quarter'] }), a);
	}
	return {
		forMetric(metricId): QuarterAggregates {
			const found = byMetric.get(metricId);
			return (period) => {
				const index = periodIndex(period);
				// For a quarter not read, "no aggregate" would wrongly mean "nothing was sent".
				if (!read.has(index))
					throw new Error(
						`The dashboard asked for ${formatPeriodLabel(period)}, which it did not read: add it to the quarters it reads (dashboard.ts).`
					);
				return found?.get(index);
			};
		},
		hasAnyFigure
	};
}
