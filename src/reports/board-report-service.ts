/**
 * The board report behind every door (the report page, an issue, a reopened snapshot, the metric
 * page's restatements): gathers the figures through the same dashboard functions as the other
 * pages, so suppression applies exactly as it does there.
 *
 * A board report is one document for everyone who may open it (issue 14): the same words,
 * figures and statuses for the coordinator, the funder and the board. Its figures are hidden as
 * for its widest audience: whatever is hidden from the funder or from a board member on their
 * own pages is hidden here from all (dashboard-suppression.ts unionOfDecisions), so none of them
 * learns more from it than from those pages, and a metric not rated for one is not rated for
 * any. Its words are those every reader may see: late partners as a count, revisions without who
 * made them. Before it is issued the disclosure audit checks every reader's pages, and the issued
 * copy records that the check passed.
 */
import { can, type Principal } from '../core/access.js';
import {
	buildBoardReport,
	type BoardReport,
	type ReportMetric,
	type ReportSubmissionGap
} from '../core/board-report.js';
import { buildCompletenessGrid, type CompletenessSubmission } from '../core/completeness.js';
import { partnershipArea } from '../core/dashboard.js';
import {
	suppressionReaderFor,
	type ShownOverview,
	type ShownPriorityView,
	type SuppressionReader
} from '../core/dashboard-suppression.js';
import type {
	AuditRole,
	DisclosureAuditResult,
	DisclosureFinding
} from '../core/disclosure/audit-readers.js';
import type { Framework, Role, SubmissionStatus } from '../core/framework.js';
import {
	addQuarters,
	comparePeriods,
	formatPeriodLabel,
	isSamePeriod,
	type Period,
	type QuarterNumber
} from '../core/periods.js';
import { findProvisionalMetricIds } from '../core/provisional.js';
import { findRestatement, type Restatement } from '../core/restatements.js';
import type { BoardReportQueries, IssuedReportRow } from '../db/board-reports.js';
import type { CommentaryQueries } from '../db/commentary.js';
import type { CompletenessQueries } from '../db/completeness-queries.js';
import type { FigureQueries } from '../db/figure-queries.js';
import type { SubmissionHistory } from '../db/submission-history.js';

/** The roles that may read board reports. */
export const REPORT_AUDIENCES = ['coordinator', 'funder', 'viewer'] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

/** The readers a report's figures are hidden for: every audience that is shown `[c]`. */
const HIDDEN_FOR = ['funder', 'viewer'] as const satisfies readonly (AuditRole & ReportAudience)[];

/** What the disclosure check found before the report was issued. */
export interface ReportDisclosureCheck {
	passed: boolean;
	checkedAt: string;
	readers: number;
	grids: number;
	milliseconds: number;
	findings: DisclosureFinding[];
}

/**
 * What board_reports.snapshot holds: one report for every reader (format 2); reports issued
 * before that (format 1) hold a copy per audience, each as that audience saw it then.
 */
export type BoardReportSnapshot =
	| { format: 1; variants: Record<ReportAudience, BoardReport> }
	| { format: 2; report: BoardReport; disclosure: ReportDisclosureCheck };

interface Dashboard {
	overview(
		fw: Framework,
		period: Period,
		area: string | undefined,
		reader: SuppressionReader
	): ShownOverview;
	priority(
		fw: Framework,
		n: number,
		period: Period,
		area: string | undefined,
		reader: SuppressionReader
	): ShownPriorityView | null;
}

export interface BoardReportDeps {
	dashboard: Dashboard;
	periods(fw: Framework): { all: Period[] };
	figureQueries: FigureQueries;
	completeness: CompletenessQueries;
	commentary: CommentaryQueries;
	boardReports: BoardReportQueries;
	history: SubmissionHistory;
	suppressionThreshold: number;
	disclosureAudit(fw: Framework, options: { roles: readonly AuditRole[] }): DisclosureAuditResult;
	now: () => Date;
}

export class DisclosureCheckError extends Error {
	override name = 'DisclosureCheckError';
}

/** Which frozen copy a reader gets; the command line reads as the coordinator. */
export function audienceOf(principal: Principal): ReportAudience | null {
	if (principal.kind === 'command-line') return 'coordinator';
	if (principal.kind !== 'user' || !can(principal, 'view-reports')) return null;
	const role: Role = principal.role;
	return REPORT_AUDIENCES.find((a) => a === role) ?? null;
}

function principalFor(audience: ReportAudience): Principal {
	return { kind: 'user', userId: 0, role: audience, partnerId: null, label: audience };
}

export function isBoardReportSnapshot(value: unknown): value is BoardReportSnapshot {
	if (typeof value !== 'object' || value === null) return false;
	const s = value as { format?: unknown; variants?: Record<string, unknown>; report?: unknown };
	if (s.format === 2) return typeof s.report === 'object' && s.report !== null;
	return s.format === 1 && REPORT_AUDIENCES.every((a) => s.variants?.[a] !== undefined);
}

/** The report a snapshot holds for `audience`. */
function snapshotReport(snapshot: BoardReportSnapshot, audience: ReportAudience): BoardReport {
	return snapshot.format === 2 ? snapshot.report : snapshot.variants[audience];
}

export function createBoardReportService(deps: BoardReportDeps) {
	function submissionGaps(
		fw: Framework,
		period: Period,
		submissions: CompletenessSubmission[],
		principal: Principal
	): ReportSubmissionGap[] {
		const grid = buildCompletenessGrid({
			partners: fw.partners,
			metrics: fw.metrics,
			quarters: [period],
			submissions,
			now: deps.now()
		});
		// Who is late is partner-level information (as on the overview): names only for those who
		// may see completeness.
		const named = can(principal, 'view-completeness');
		return grid.rows.flatMap((r): ReportSubmissionGap[] => {
			const cell = r.cells[0]!;
			const partner = named ? r.partner.name : null;
			if (cell.state === 'missing') return [{ partner, state: 'missing' }];
			return cell.late ? [{ partner, state: 'late' }] : [];
		});
	}

	/** What a report hides: what is hidden from any reader of HIDDEN_FOR on their own pages. */
	function reportReader(): SuppressionReader {
		const members = HIDDEN_FOR.map((role) => principalFor(role));
		return {
			policy: { applies: true, threshold: deps.suppressionThreshold },
			withReporters: false,
			ownPartnerId: null,
			audience: members.map((m) => suppressionReaderFor(m, deps.suppressionThreshold))
		};
	}

	/** Whom the report's words are for: its widest audience, a board member. */
	const WIDEST = principalFor('viewer');

	/** The live report for `period`, the same for everyone who may open it. */
	function build(fw: Framework, period: Period): BoardReport {
		const reader = reportReader();
		const principal = WIDEST;
		const area = partnershipArea(fw).code;
		const views = fw.priorities.flatMap((p) => {
			const view = deps.dashboard.priority(fw, p.number, period, area, reader);
			return view ? [view] : [];
		});
		const before = addQuarters(period, -1);
		const previous = deps.periods(fw).all.some((p) => isSamePeriod(p, before))
			? deps.dashboard.overview(fw, before, area, reader)
			: null;
		const submissions = deps.completeness.findSubmissionsBetween(period, period);
		const statusOf = new Map<number, SubmissionStatus>(
			submissions.map((s) => [s.partnerId, s.status])
		);
		const active = fw.metrics.filter((m) => m.status === 'active').map((m) => m.id);
		const figures = deps.figureQueries
			.findForMetrics(active, period.year, period.year)
			.filter((f) => f.quarter === period.quarter && f.kind !== 'not_collected');
		const commentary = deps.commentary.findLatestForPeriod(period);
		return buildBoardReport({
			partnership: fw.strategy.partnership,
			strategy: fw.strategy.name,
			period,
			views,
			previous,
			provisionalMetricIds: findProvisionalMetricIds(figures, statusOf),
			commentaryByPriorityId: new Map([...commentary].map(([id, c]) => [id, c.body])),
			submissionGaps: submissionGaps(fw, period, submissions, principal),
			restatements: restatementsUpTo(fw, period, null)
		});
	}

	/** The latest issue of each quarter up to `period`, newest issue first. */
	function latestIssuesUpTo(period: Period): IssuedReportRow[] {
		const latest = new Map<string, IssuedReportRow>();
		for (const r of deps.boardReports.list()) {
			const key = `${r.year}-${r.quarter}`;
			const issued = { year: r.year, quarter: r.quarter as QuarterNumber };
			if (!latest.has(key) && comparePeriods(issued, period) <= 0) latest.set(key, r);
		}
		return [...latest.values()];
	}

	/**
	 * The figures that changed after the latest issue of each quarter up to `period`, as
	 * `principal` sees both the issued and today's figure, or as a report shows them (null);
	 * `keep` narrows them to some metrics.
	 */
	function restatementsUpTo(
		fw: Framework,
		period: Period,
		principal: Principal | null,
		keep: (m: ReportMetric) => boolean = () => true
	): Restatement[] {
		const audience = principal ? audienceOf(principal) : 'viewer';
		if (!audience) return [];
		const reader = principal
			? suppressionReaderFor(principal, deps.suppressionThreshold)
			: reportReader();
		const area = partnershipArea(fw).code;
		const partnerName = new Map(fw.partners.map((p) => [p.id, p.name]));
		// Who revised a figure and why is partner-level information.
		const withWho = principal !== null && can(principal, 'view-partner-figures');
		return latestIssuesUpTo(period).flatMap((issue) => {
			const row = deps.boardReports.findById(issue.id);
			if (!row || !isBoardReportSnapshot(row.snapshot)) return [];
			const issued = snapshotReport(row.snapshot, audience);
			const today = deps.dashboard.overview(fw, issued.period, area, reader);
			const current = new Map(
				today.priorities.flatMap((p) => p.metrics).map((m) => [m.metric.id, m])
			);
			return issued.priorities
				.flatMap((p) => p.metrics)
				.filter(keep)
				.flatMap((m) => {
					const now = current.get(m.id);
					if (!now) return [];
					const restatement = findRestatement({
						metric: m,
						periodLabel: formatPeriodLabel(issued.period),
						report: { id: issue.id, issuedAt: issue.issuedAt },
						issued: { value: m.quarter, suppressed: m.quarterSuppressed },
						current: { value: now.progress.quarter.value, suppressed: now.suppressed.quarter },
						revisions: withWho
							? deps.history
									.revisionsForMetric(m.id, issued.period.year, issued.period.quarter)
									.map((r) => ({
										createdAt: r.createdAt,
										partnerName: partnerName.get(r.partnerId) ?? '',
										actorLabel: r.actorLabel,
										comment: r.comment
									}))
							: []
					});
					return restatement ? [restatement] : [];
				});
		});
	}

	/** The disclosure audit of every page of every reader the report is hidden for. */
	function checkDisclosure(fw: Framework): ReportDisclosureCheck {
		const result = deps.disclosureAudit(fw, { roles: HIDDEN_FOR });
		return {
			passed: result.passed,
			checkedAt: deps.now().toISOString(),
			readers: result.readers,
			grids: result.grids,
			milliseconds: result.milliseconds,
			findings: result.findings
		};
	}

	/**
	 * Freezes the report as every reader will see it, with its disclosure check, and audits the
	 * issue. Refused (DisclosureCheckError) when the check fails: a report that could give a hidden
	 * figure away is not issued.
	 */
	function issue(
		fw: Framework,
		period: Period,
		actor: { userId: number | null; label: string; ip?: string }
	): number {
		const disclosure = checkDisclosure(fw);
		if (!disclosure.passed)
			throw new DisclosureCheckError(
				`The report was not issued: the disclosure check found ${disclosure.findings.length} hidden figure${disclosure.findings.length === 1 ? '' : 's'} that a reader could work out too closely. Run "strategy-tracker disclosure-audit" for the list, and report it as a fault.`
			);
		const snapshot: BoardReportSnapshot = { format: 2, report: build(fw, period), disclosure };
		return deps.boardReports.issue(
			{ period, snapshot, issuedByUserId: actor.userId, issuedAt: deps.now().toISOString() },
			{
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				detail: `Issued the board report for ${formatPeriodLabel(period)}.`,
				after: { year: period.year, quarter: period.quarter }
			}
		);
	}

	/** An issued report exactly as it was frozen for this reader, or null if there is none. */
	function reopen(id: number, principal: Principal) {
		const audience = audienceOf(principal);
		const row = deps.boardReports.findById(id);
		if (!audience || !row || !isBoardReportSnapshot(row.snapshot)) return null;
		const disclosure = row.snapshot.format === 2 ? row.snapshot.disclosure : null;
		return { row, report: snapshotReport(row.snapshot, audience), disclosure };
	}

	/** A metric's quarter figures revised after the board saw them, every issued quarter. */
	function restatementsForMetric(fw: Framework, metricId: number, principal: Principal) {
		const all = deps.periods(fw).all;
		const last = all[all.length - 1];
		return last ? restatementsUpTo(fw, last, principal, (m) => m.id === metricId) : [];
	}

	return {
		build,
		checkDisclosure,
		issue,
		reopen,
		restatementsUpTo,
		restatementsForMetric,
		list: () => deps.boardReports.list()
	};
}

export type BoardReportService = ReturnType<typeof createBoardReportService>;
