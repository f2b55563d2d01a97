/**
 * The dashboards' figures: the overview (every priority with its metrics' progress) and a
 * priority's page (each metric's quarterly series). Plain data in (dashboard-figures.ts), plain
 * data out; the pages and the API both serve exactly what is built here.
 */
import { dashboardFiguresFromRows, type DashboardFigures } from './dashboard-figures.js';
import type { Area, Framework, Metric, Priority } from './framework.js';
import {
	computeMetricProgress,
	quartersForProgress,
	quarterlySeries,
	type DatedFigure,
	type MetricProgress,
	type SeriesPoint
} from './progress.js';
import {
	comparePeriods,
	lastCompleteQuarter,
	periodContainingDate,
	periodIndex,
	periodsBetween,
	type Period
} from './periods.js';
import { countStatuses, rollUpPriorityStatus, type Status } from './status.js';

export interface MetricSummary {
	metric: Metric;
	progress: MetricProgress;
}

export interface PrioritySummary {
	priority: Priority;
	status: Status;
	counts: Record<Status, number>;
	metrics: MetricSummary[];
}

export interface Overview {
	period: Period;
	area: Area;
	priorities: PrioritySummary[];
	/** True when no partner has any figure for this quarter. */
	empty: boolean;
}

export interface MetricSeries extends MetricSummary {
	series: SeriesPoint[];
}

export interface PriorityView {
	period: Period;
	area: Area;
	priority: PrioritySummary;
	metrics: MetricSeries[];
}

/** The quarters a person may choose: from the strategy's start to the last complete quarter. */
export function reportablePeriods(strategyStartsOn: string, today: Date | string): Period[] {
	const first = periodContainingDate(strategyStartsOn);
	const last = lastCompleteQuarter(today);
	return comparePeriods(first, last) <= 0 ? periodsBetween(first, last) : [];
}

/** The quarters an overview of `period` reads (dashboard-figures.ts). */
export function overviewQuarters(period: Period): Period[] {
	return quartersForProgress(period);
}

/** The quarters a priority page reads: the overview's, and every quarter charted up to `period`. */
export function priorityViewQuarters(periods: Period[], period: Period): Period[] {
	const charted = periods.filter((p) => comparePeriods(p, period) <= 0);
	const read = new Map(
		[...charted, ...quartersForProgress(period)].map((p) => [periodIndex(p), p])
	);
	return [...read.values()].sort(comparePeriods);
}

/** How many quarters the overview's sparklines look back, the chosen one included. */
export const OVERVIEW_HISTORY_QUARTERS = 8;

/**
 * The quarters whose overviews the overview page shows beside the chosen one: up to `depth` of
 * the reportable quarters, ending with `period`, oldest first.
 */
export function overviewHistoryPeriods(
	periods: Period[],
	period: Period,
	depth = OVERVIEW_HISTORY_QUARTERS
): Period[] {
	const upTo = periods.filter((p) => comparePeriods(p, period) <= 0);
	return upTo.slice(Math.max(0, upTo.length - depth));
}

/** Every quarter the overviews of `history` read, once each, oldest first. */
export function overviewHistoryQuarters(history: Period[]): Period[] {
	const read = new Map(history.flatMap(quartersForProgress).map((p) => [periodIndex(p), p]));
	return [...read.values()].sort(comparePeriods);
}

export function partnershipArea(framework: Framework): Area {
	const area = framework.areas.find((a) => a.partnershipWide);
	if (!area) throw new Error('The framework has no partnership-wide area.');
	return area;
}

function summarisePriority(
	framework: Framework,
	priority: Priority,
	figures: DashboardFigures,
	period: Period,
	area: Area
): PrioritySummary {
	const metrics = framework.metrics
		.filter((m) => m.priorityId === priority.id && m.status === 'active')
		.map((metric) => ({
			metric,
			progress: computeMetricProgress(
				metric,
				figures.forMetric(metric.id),
				metric.targets,
				period,
				area,
				framework.areas
			)
		}));
	const statuses = metrics.map((m) => m.progress.status.status);
	return {
		priority,
		status: rollUpPriorityStatus(statuses),
		counts: countStatuses(statuses),
		metrics
	};
}

/** Raw rows are for every area; DashboardFigures built from aggregates are for `area` only. */
function asDashboardFigures(figures: DatedFigure[] | DashboardFigures): DashboardFigures {
	return Array.isArray(figures) ? dashboardFiguresFromRows(figures) : figures;
}

export function buildOverview(
	framework: Framework,
	rowsOrFigures: DatedFigure[] | DashboardFigures,
	period: Period,
	area: Area
): Overview {
	const figures = asDashboardFigures(rowsOrFigures);
	return {
		period,
		area,
		priorities: framework.priorities.map((p) =>
			summarisePriority(framework, p, figures, period, area)
		),
		empty: !figures.hasAnyFigure(period)
	};
}

export function buildPriorityView(
	framework: Framework,
	priority: Priority,
	rowsOrFigures: DatedFigure[] | DashboardFigures,
	periods: Period[],
	period: Period,
	area: Area
): PriorityView {
	const figures = asDashboardFigures(rowsOrFigures);
	const summary = summarisePriority(framework, priority, figures, period, area);
	const shown = periods.filter((p) => comparePeriods(p, period) <= 0);
	return {
		period,
		area,
		priority: summary,
		metrics: summary.metrics.map((s) => ({
			...s,
			series: quarterlySeries(
				s.metric,
				figures.forMetric(s.metric.id),
				s.metric.targets,
				shown,
				area
			)
		}))
	};
}
