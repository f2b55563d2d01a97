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
 * otherwise give away one hidden on another by subtraction. A partner's grid holds its own
 * figures too, as figures it knows: an area figure that is its own alone is shown to it however
 * small, and one that its own figure would turn into someone else's small figure is hidden from
 * it, though the funder may see it.
 *
 * With a figure hidden, what would give it away goes too:
 * - the year to date hidden → its status is not rated (reason `suppressed`; `monitor` and
 *   `no-target` stay, as they say nothing about the figure), the forecast (a multiple of the year
 *   to date) is dropped, and the priority's roll-up and counts are worked out from the statuses
 *   as shown: a target of 1.25 with "on track" would tell you a hidden year to date is 1;
 * - the quarter, or the quarter it is compared with, hidden → the changes are dropped;
 * - the quarter or the year to date hidden → its rate per 10,000 residents too (a multiple of it);
 * - a sensitive metric's baseline is hidden by the primary rule alone, as in the definitions
 *   register (it is a fixed figure from before the strategy, in no grid), and the change on it
 *   goes with the baseline or the year to date (baseline.ts).
 */
import { can, principalPartnerId, type Principal } from './access.js';
import { suppressBaseline } from './baseline.js';
import type { Framework, Metric } from './framework.js';
import type {
	MetricSeries,
	MetricSummary,
	Overview,
	PrioritySummary,
	PriorityView
} from './dashboard.js';
import {
	buildMetricGrid,
	metricCellKey,
	suppressMetricGrid,
	type GridReader
} from './metric-suppression.js';
import { addQuarters, type Period } from './periods.js';
import type { DatedFigure, MetricProgress, SeriesPoint } from './progress.js';
import { countStatuses, rollUpPriorityStatus, type StatusResult } from './status.js';
import {
	isPrimarySuppressed,
	suppressionPolicyFor,
	type SuppressionPolicy
} from './suppression.js';

/**
 * Who is reading, as far as suppression goes, the same on every page: the policy, whether the
 * reader sees partners' figures, and the partner whose figures it knows already, which are never
 * hidden from it and may not give away anyone else's (suppression.ts rules 5 and 6).
 */
export interface SuppressionReader extends GridReader {
	policy: SuppressionPolicy;
	/**
	 * For one document read by several readers (an issued board report): hide what is hidden from
	 * any of them, so that it reads the same to each and shows none of them more than its own
	 * pages do (unionOfDecisions). The other fields then describe the document, not a reader.
	 */
	audience?: SuppressionReader[];
}

export function suppressionReaderFor(principal: Principal, threshold: number): SuppressionReader {
	return {
		policy: suppressionPolicyFor(principal, threshold),
		withReporters: can(principal, 'view-partner-figures'),
		ownPartnerId: principalPartnerId(principal)
	};
}

export interface SuppressedFlags {
	quarter: boolean;
	yearToDate: boolean;
	/** The baseline's value (progress.baseline), when the metric has one for the area. */
	baseline: boolean;
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

/** Of a metric's grid cells (metricCellKey), those hidden from the reader and those it knows. */
export interface GridCells {
	hidden: ReadonlySet<string>;
	known: ReadonlySet<string>;
}

/**
 * What is hidden from one reader, metric by metric. It depends on nothing on the page (not the
 * quarter, the area or the priority), so one reader's decisions serve all its pages until the
 * figures, the framework or the quarters that may be chosen change.
 */
export interface SuppressionDecisions {
	reader: SuppressionReader;
	cellsFor(metric: Metric): GridCells;
}

const NOTHING_HIDDEN: GridCells = { hidden: new Set(), known: new Set() };

/** The hidden and known cells of each metric, worked out the first time each is asked for. */
export function decideSuppression(input: SuppressionInput): SuppressionDecisions {
	const { reader } = input;
	const decided = new Map<number, GridCells>();
	return {
		reader,
		cellsFor(metric) {
			if (!metric.sensitive || !reader.policy.applies) return NOTHING_HIDDEN;
			let cells = decided.get(metric.id);
			if (!cells) {
				const grid = buildMetricGrid(input.framework, metric, input.figures, input.periods, reader);
				cells = { hidden: suppressMetricGrid(metric, grid, reader.policy), known: grid.known };
				decided.set(metric.id, cells);
			}
			return cells;
		}
	};
}

/**
 * What a document read by every one of `members` hides: what is hidden from any of them. Each
 * member can read on its own pages every figure the document shows, so the document tells none
 * of them anything more, and its figures, statuses and counts are the same whoever opens it.
 */
export function unionOfDecisions(
	reader: SuppressionReader,
	members: readonly SuppressionDecisions[]
): SuppressionDecisions {
	const decided = new Map<number, GridCells>();
	return {
		reader,
		cellsFor(metric) {
			let cells = decided.get(metric.id);
			if (!cells) {
				const hidden = new Set<string>();
				for (const member of members)
					for (const key of member.cellsFor(metric).hidden) hidden.add(key);
				// No member's own figures are known to the others.
				cells = { hidden, known: new Set() };
				decided.set(metric.id, cells);
			}
			return cells;
		}
	};
}

function shownProgress(
	summary: MetricSummary,
	areaCode: string,
	{ hidden, known }: GridCells,
	policy: SuppressionPolicy
): ShownMetricSummary {
	const { metric, progress } = summary;
	const period = progress.period;
	const quarter = hidden.has(metricCellKey.quarter(period, areaCode));
	const yearToDate = hidden.has(metricCellKey.yearToDate(period, areaCode));
	const baseline =
		progress.baseline && suppressBaseline(progress.baseline, metric.sensitive, policy, yearToDate);
	const suppressed = { quarter, yearToDate, baseline: baseline?.hidden ?? false };
	if (hidden.size === 0 && !suppressed.baseline) return { ...summary, suppressed };

	const status: StatusResult =
		yearToDate && progress.status.status !== 'none'
			? { status: 'none', reason: 'suppressed' }
			: progress.status;
	// A change gives both its ends away; an end before the grid (last year before the strategy
	// began) is judged by the primary rule alone, and an end the reader knows is no secret to it.
	const endHidden = (value: number | null, at: Period) =>
		!known.has(metricCellKey.quarter(at, areaCode)) &&
		isPrimarySuppressed(value, metric.sensitive, policy);
	const changeHidden = (other: Period, change: MetricProgress['changeOnLastQuarter']) =>
		quarter ||
		hidden.has(metricCellKey.quarter(other, areaCode)) ||
		(change.kind !== 'none' && (endHidden(change.from, other) || endHidden(change.to, period)));
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
			: progress.changeOnLastYear,
		ratePer10000: {
			quarter: quarter ? null : progress.ratePer10000.quarter,
			yearToDate: yearToDate ? null : progress.ratePer10000.yearToDate
		},
		baseline: baseline?.baseline ?? null
	};
	return { metric, progress: shown, suppressed };
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

export function suppressOverview(
	overview: Overview,
	decisions: SuppressionDecisions
): ShownOverview {
	const { policy } = decisions.reader;
	return {
		...overview,
		priorities: overview.priorities.map((p) =>
			shownPriority(
				p,
				p.metrics.map((m) =>
					shownProgress(m, overview.area.code, decisions.cellsFor(m.metric), policy)
				)
			)
		)
	};
}

export function suppressPriorityView(
	view: PriorityView,
	decisions: SuppressionDecisions
): ShownPriorityView {
	const { policy } = decisions.reader;
	const areaCode = view.area.code;
	const metrics = view.metrics.map((m: MetricSeries): ShownMetricSeries => {
		const cells = decisions.cellsFor(m.metric);
		return {
			...shownProgress(m, areaCode, cells, policy),
			series: m.series.map((point) => {
				const suppressed = cells.hidden.has(metricCellKey.quarter(point.period, areaCode));
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
