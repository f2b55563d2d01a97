/**
 * Restatements (SPEC §5): a quarter's figure that has changed since the board report for that
 * quarter was issued. The issued figure and today's are both as the reader sees them, so a
 * restatement never reveals a hidden figure; the revisions made after the issue say when, by whom
 * and why.
 */
import type { Unit } from './framework.js';
import { formatNumber } from './format.js';
import { formatUkDate } from './uk-time.js';

export interface ShownFigure {
	value: number | null;
	suppressed: boolean;
}

/** A change to one partner's figure, as figure_revisions and its upload record it. */
export interface RevisionAfterIssue {
	createdAt: string;
	partnerName: string;
	actorLabel: string;
	/** The partner's comment on the figure, which usually says why it changed. */
	comment: string;
}

export interface Restatement {
	metricCode: string;
	metricName: string;
	periodLabel: string;
	reportId: number;
	issuedAt: string;
	reported: number;
	revised: number;
	/** The revisions made after the issue, oldest first. */
	revisions: RevisionAfterIssue[];
	/** "Reported to the board as 41, revised to 44 on 3 March 2026 by …: late return from …" */
	sentence: string;
}

export interface RestatementInput {
	metric: { code: string; name: string; unit: Unit };
	periodLabel: string;
	report: { id: number; issuedAt: string };
	issued: ShownFigure;
	current: ShownFigure;
	/** Every revision of the metric's figures for the quarter, in any order. */
	revisions: RevisionAfterIssue[];
}

function describeRevision(r: RevisionAfterIssue): string {
	const by = r.actorLabel === r.partnerName ? r.partnerName : `${r.actorLabel} (${r.partnerName})`;
	return `on ${formatUkDate(r.createdAt)} by ${by}${r.comment.trim() ? `: ${r.comment.trim()}` : ''}`;
}

/** The restatement of one metric's quarter figure, or null when it stands as issued. */
export function findRestatement(input: RestatementInput): Restatement | null {
	const { issued, current, metric } = input;
	if (issued.suppressed || current.suppressed) return null;
	if (issued.value === null || current.value === null || issued.value === current.value)
		return null;
	const revisions = input.revisions
		.filter((r) => r.createdAt > input.report.issuedAt)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	const fmt = (v: number) => formatNumber(metric.unit, v);
	const head = `Reported to the board as ${fmt(issued.value)} for ${input.periodLabel}, revised to ${fmt(current.value)}`;
	const sentence =
		revisions.length === 0
			? `${head} after the report was issued on ${formatUkDate(input.report.issuedAt)}.`
			: `${head} ${revisions.map(describeRevision).join('; then ')}.`;
	return {
		metricCode: metric.code,
		metricName: metric.name,
		periodLabel: input.periodLabel,
		reportId: input.report.id,
		issuedAt: input.report.issuedAt,
		reported: issued.value,
		revised: current.value,
		revisions,
		sentence
	};
}
