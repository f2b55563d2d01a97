/**
 * The board report for a quarter as plain, serialisable data: what the page prints, and what is
 * frozen as JSON when the coordinator issues it (board_reports.snapshot), so an issued report
 * reopens exactly as it was. Built from the dashboards' views as the reader sees them
 * (dashboard-suppression.ts): a figure hidden from the reader is null with its flag set, here and
 * in the snapshot.
 */
import type { Change } from './change.js';
import type { ShownOverview, ShownPriorityView } from './dashboard-suppression.js';
import type { Direction, Unit } from './framework.js';
import { formatPeriodLabel, type Period } from './periods.js';
import { quarterChanges, type QuarterChanges } from './quarter-changes.js';
import type { Restatement } from './restatements.js';
import type { NoStatusReason, Status } from './status.js';

/** How many quarters each metric's chart shows, the report's quarter last. */
export const REPORT_CHART_QUARTERS = 8;

export interface ReportPoint {
	label: string;
	actual: number | null;
	suppressed: boolean;
	complete: boolean;
	target: number | null;
}

export interface ReportMetric {
	id: number;
	code: string;
	name: string;
	unit: Unit;
	direction: Direction;
	quarter: number | null;
	quarterSuppressed: boolean;
	/** False when some partner expected to report has not: the total may be low. */
	quarterComplete: boolean;
	/** Some figure behind the quarter's value is not yet approved by the coordinator: `[p]`. */
	provisional: boolean;
	yearToDate: number | null;
	yearToDateSuppressed: boolean;
	yearToDateTarget: number | null;
	annualTarget: number | null;
	status: Status;
	statusReason: NoStatusReason | null;
	/** The status a quarter before, null when that quarter is not in the report's range. */
	previousStatus: Status | null;
	changeOnLastQuarter: Change;
	/** The year-end forecast; null when there is none or the year to date is hidden. */
	forecast: { value: number; willMeetTarget: boolean | null } | null;
	series: ReportPoint[];
}

export interface ReportPriority {
	id: number;
	number: number;
	title: string;
	status: Status;
	counts: Record<Status, number>;
	metrics: ReportMetric[];
	/** The coordinator's commentary for the quarter, as written (commentary-text.ts renders it). */
	commentary: string | null;
}

export interface ReportSubmissionGap {
	/** Null for readers who may not see which partner it is (they see counts). */
	partner: string | null;
	state: 'missing' | 'late';
}

export interface BoardReport {
	partnership: string;
	strategy: string;
	period: Period;
	periodLabel: string;
	/** The quarter compared with for "what changed"; null for the strategy's first quarter. */
	previousPeriodLabel: string | null;
	priorities: ReportPriority[];
	changes: QuarterChanges;
	/** Late and missing returns for the quarter, by partner name. */
	submissionGaps: ReportSubmissionGap[];
	/** Figures the board was given in an issued report and that have been revised since. */
	restatements: Restatement[];
}

export interface BoardReportInput {
	partnership: string;
	strategy: string;
	period: Period;
	/** Each priority's view of the quarter, in the framework's order. */
	views: ShownPriorityView[];
	/** The quarter before's overview, for the same area and reader; null when there is none. */
	previous: ShownOverview | null;
	/** Metric ids whose quarter figure includes a figure not yet approved. */
	provisionalMetricIds: ReadonlySet<number>;
	commentaryByPriorityId: ReadonlyMap<number, string>;
	submissionGaps: ReportSubmissionGap[];
	restatements: Restatement[];
}

export function buildBoardReport(input: BoardReportInput): BoardReport {
	const before = new Map(
		(input.previous?.priorities ?? [])
			.flatMap((p) => p.metrics)
			.map((m) => [m.metric.id, m.progress.status.status])
	);
	const current = input.views.flatMap((v) => v.metrics);
	const previous = input.previous ? input.previous.priorities.flatMap((p) => p.metrics) : [];
	return {
		partnership: input.partnership,
		strategy: input.strategy,
		period: input.period,
		periodLabel: formatPeriodLabel(input.period),
		previousPeriodLabel: input.previous ? formatPeriodLabel(input.previous.period) : null,
		priorities: input.views.map((view) => ({
			id: view.priority.priority.id,
			number: view.priority.priority.number,
			title: view.priority.priority.title,
			status: view.priority.status,
			counts: view.priority.counts,
			commentary: input.commentaryByPriorityId.get(view.priority.priority.id) ?? null,
			metrics: view.metrics.map(({ metric, progress, suppressed, series }) => ({
				id: metric.id,
				code: metric.code,
				name: metric.name,
				unit: metric.unit,
				direction: metric.direction,
				quarter: progress.quarter.value,
				quarterSuppressed: suppressed.quarter,
				quarterComplete: progress.quarter.complete,
				provisional: input.provisionalMetricIds.has(metric.id),
				yearToDate: progress.yearToDate.value,
				yearToDateSuppressed: suppressed.yearToDate,
				yearToDateTarget: progress.targets.yearToDate,
				annualTarget: progress.targets.annual,
				status: progress.status.status,
				statusReason: progress.status.reason ?? null,
				previousStatus: before.get(metric.id) ?? null,
				changeOnLastQuarter: progress.changeOnLastQuarter,
				forecast:
					progress.forecast && !suppressed.yearToDate
						? {
								value: progress.forecast.value,
								willMeetTarget: progress.forecast.willMeetTarget
							}
						: null,
				series: series.slice(-REPORT_CHART_QUARTERS).map((p) => ({
					label: formatPeriodLabel(p.period),
					actual: p.actual,
					suppressed: p.suppressed,
					complete: p.complete,
					target: p.target
				}))
			}))
		})),
		changes: quarterChanges(current, previous),
		submissionGaps: input.submissionGaps,
		restatements: input.restatements
	};
}

/** Every metric of the report, in the framework's order. */
export function reportMetrics(report: BoardReport): ReportMetric[] {
	return report.priorities.flatMap((p) => p.metrics);
}
