/**
 * The overview's and the priority pages' figures as one reader may see them (SPEC §6): a built
 * Overview or PriorityView (dashboard.ts) with every hidden figure taken out (`null`) and flagged
 * `suppressed`, so that the pages print `[c]` and charts leave a gap. Nothing hidden leaves the
 * server: the pages are sent these, never the views they came from.
 *
 * Which figures are hidden is decided over each sensitive metric's whole grid (every quarter a
 * reader may choose × every area, with the years to date: metric-suppression.ts), exactly as the
 * metric page decides it, not from the one area and quarter on the page. The quarter and area
 * selectors let the same reader open every combination, so a figure shown on one page could
 * otherwise give away one hidden on another by subtraction.
 *
 * With a figure hidden, what would give it away goes too:
 * - the year to date hidden → its status is not rated (reason `suppressed`; `monitor` and
 *   `no-target` stay, as they say nothing about the figure), the forecast (a multiple of the year
 *   to date) is dropped, and the priority's roll-up and counts are worked out from the statuses
 *   as shown: a target of 1.25 with "on track" would tell you a hidden year to date is 1;
 * - the quarter, or the quarter it is compared with, hidden → the changes are dropped.
 */
import { can, type Principal } from './access.js';
import type { Framework, Metric } from './framework.js';
import type {
	MetricSeries,
	MetricSummary,
	Overview,
	PrioritySummary,
	PriorityView
} from './dashboard.js';
import { buildMetricGrid, metricCellKey, suppressMetricGrid } from './metric-suppression.js';
import { addQuarters, type Period } from './periods.js';
import type { DatedFigure, MetricProgress, SeriesPoint } from './progress.js';
import { countStatuses, rollUpPriorityStatus, type StatusResult } from './status.js';
import {
	isPrimarySuppressed,
	suppressionPolicyFor,
	type SuppressionPolicy
} from './suppression.js';

/** Who is reading, as far as suppression goes: the same two things the metric page uses. */
export interface SuppressionReader {
	policy: SuppressionPolicy;
	/** Whether the reader may see partners' own figures, which adds them to the grid. */
	withReporters: boolean;
}

export function suppressionReaderFor(principal: Principal, threshold: number): SuppressionReader {
	return {
		policy: suppressionPolicyFor(principal, threshold),
		withReporters: can(principal, 'view-partner-figures')
	};
}

export interface SuppressedFlags {
	quarter: boolean;
	yearToDate: boolean;
}

export interface ShownMetricSummary extends MetricSummary {
	suppressed: SuppressedFlags;
}

export interface ShownPrioritySummary extends Omit<PrioritySummary, 'metrics'> {
	metrics: ShownMetricSummary[];
}

export interface ShownOverview extends Omit<Overview, 'priorities'> {
	priorities: ShownPrioritySummary[];
}

export interface ShownSeriesPoint extends SeriesPoint {
	suppressed: boolean;
}

export interface ShownMetricSeries extends ShownMetricSummary {
	series: ShownSeriesPoint[];
}

export interface ShownPriorityView extends Omit<PriorityView, 'priority' | 'metrics'> {
	priority: ShownPrioritySummary;
	metrics: ShownMetricSeries[];
}

export interface SuppressionInput {
	framework: Pick<Framework, 'areas'>;
	/** Every figure of every quarter in `periods` (other metrics' figures are ignored). */
	figures: DatedFigure[];
	/** Every quarter a reader may choose, oldest first (services.periods().all). */
	periods: Period[];
	reader: SuppressionReader;
}

/** The hidden cells of each metric, worked out once per metric. */
function hiddenCells(input: SuppressionInput) {
	const cache = new Map<number, ReadonlySet<string>>();
	return (metric: Metric): ReadonlySet<string> => {
		const { policy, withReporters } = input.reader;
		if (!metric.sensitive || !policy.applies) return new Set();
		let hidden = cache.get(metric.id);
		if (!hidden) {
			const grid = buildMetricGrid(
				input.framework,
				metric,
				input.figures,
				input.periods,
				withReporters
			);
			hidden = suppressMetricGrid(metric, grid, policy);
			cache.set(metric.id, hidden);
		}
		return hidden;
	};
}

function shownProgress(
	summary: MetricSummary,
	areaCode: string,
	hidden: ReadonlySet<string>,
	policy: SuppressionPolicy
): ShownMetricSummary {
	const { metric, progress } = summary;
	const period = progress.period;
	const quarter = hidden.has(metricCellKey.quarter(period, areaCode));
	const yearToDate = hidden.has(metricCellKey.yearToDate(period, areaCode));
	if (hidden.size === 0) return { ...summary, suppressed: { quarter, yearToDate } };

	const status: StatusResult =
		yearToDate && progress.status.status !== 'none'
			? { status: 'none', reason: 'suppressed' }
			: progress.status;
	// A change gives both its ends away; an end before the grid (last year before the strategy
	// began) is judged by the primary rule alone.
	const changeHidden = (other: Period, change: MetricProgress['changeOnLastQuarter']) =>
		quarter ||
		hidden.has(metricCellKey.quarter(other, areaCode)) ||
		(change.kind !== 'none' &&
			(isPrimarySuppressed(change.from, metric.sensitive, policy) ||
				isPrimarySuppressed(change.to, metric.sensitive, policy)));
	const shown: MetricProgress = {
		...progress,
		quarter: quarter ? { ...progress.quarter, value: null } : progress.quarter,
		yearToDate: yearToDate ? { ...progress.yearToDate, value: null } : progress.yearToDate,
		status,
		forecast: yearToDate ? null : progress.forecast,
		changeOnLastQuarter: changeHidden(addQuarters(period, -1), progress.changeOnLastQuarter)
			? { kind: 'none' }
			: progress.changeOnLastQuarter,
		changeOnLastYear: changeHidden(addQuarters(period, -4), progress.changeOnLastYear)
			? { kind: 'none' }
			: progress.changeOnLastYear
	};
	return { metric, progress: shown, suppressed: { quarter, yearToDate } };
}

function shownPriority(
	summary: PrioritySummary,
	metrics: ShownMetricSummary[]
): ShownPrioritySummary {
	const statuses = metrics.map((m) => m.progress.status.status);
	return {
		...summary,
		status: rollUpPriorityStatus(statuses),
		counts: countStatuses(statuses),
		metrics
	};
}

export function suppressOverview(overview: Overview, input: SuppressionInput): ShownOverview {
	const hiddenFor = hiddenCells(input);
	const { policy } = input.reader;
	return {
		...overview,
		priorities: overview.priorities.map((p) =>
			shownPriority(
				p,
				p.metrics.map((m) => shownProgress(m, overview.area.code, hiddenFor(m.metric), policy))
			)
		)
	};
}

export function suppressPriorityView(
	view: PriorityView,
	input: SuppressionInput
): ShownPriorityView {
	const hiddenFor = hiddenCells(input);
	const { policy } = input.reader;
	const areaCode = view.area.code;
	const metrics = view.metrics.map((m: MetricSeries): ShownMetricSeries => {
		const hidden = hiddenFor(m.metric);
		return {
			...shownProgress(m, areaCode, hidden, policy),
			series: m.series.map((point) => {
				const suppressed = hidden.has(metricCellKey.quarter(point.period, areaCode));
				return { ...point, actual: suppressed ? null : point.actual, suppressed };
			})
		};
	});
	// The priority's own metric list is the same metrics, as shown.
	const summaries = metrics.map(({ metric, progress, suppressed }) => ({
		metric,
		progress,
		suppressed
	}));
	return { ...view, priority: shownPriority(view.priority, summaries), metrics };
}
