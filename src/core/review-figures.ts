/**
 * What the coordinator reads before approving a return (issue 6): each figure the partner sent
 * for the quarter, what it was when the quarter was last approved, and whether it is an outlier
 * against the partner's own history (core/outliers.ts).
 */
import type { FigureKind } from './framework.js';
import { findOutlier, OUTLIER_HISTORY_QUARTERS, type Outlier } from './outliers.js';
import { periodIndex, type Period } from './periods.js';

/** One stored revision of one of the partner's figures for the quarter. */
export interface ReviewRevision {
	metricId: number;
	areaCode: string;
	kind: FigureKind;
	value: number | null;
	comment: string;
	createdAt: string;
}

/** One of the partner's current figures in an earlier quarter. */
export interface HistoryFigure {
	metricId: number;
	areaCode: string;
	year: number;
	quarter: number;
	kind: FigureKind;
	value: number | null;
}

export interface ReviewFigure {
	metricId: number;
	areaCode: string;
	current: { kind: FigureKind; value: number | null };
	/** The figure when the quarter was last approved; null if it had not been, or was not sent then. */
	atApproval: { kind: FigureKind; value: number | null } | null;
	/** Changed since the last approval (always false when the quarter was never approved). */
	changed: boolean;
	outlier: Outlier | null;
	comment: string;
}

/** The earliest quarter whose figures the outlier rule may read for `period`. */
export function historyStart(period: Period): number {
	return periodIndex(period) - OUTLIER_HISTORY_QUARTERS;
}

/**
 * Each figure as it stands, oldest revision first in `revisions`. `approvedAt` is when the quarter
 * was last approved (ISO UTC), or null. `format` writes a value of a metric as the page shows it.
 */
export function buildReviewFigures(input: {
	period: Period;
	revisions: ReviewRevision[];
	approvedAt: string | null;
	history: HistoryFigure[];
	format: (metricId: number, value: number) => string;
}): ReviewFigure[] {
	const key = (f: { metricId: number; areaCode: string }) => `${f.metricId}|${f.areaCode}`;
	const current = new Map<string, ReviewRevision>();
	const approved = new Map<string, ReviewRevision>();
	for (const r of input.revisions) {
		current.set(key(r), r);
		if (input.approvedAt !== null && r.createdAt <= input.approvedAt) approved.set(key(r), r);
	}
	const before = periodIndex(input.period);
	const earlier = new Map<string, { index: number; value: number }[]>();
	for (const h of input.history) {
		const index = periodIndex({ year: h.year, quarter: h.quarter as Period['quarter'] });
		if (index >= before || index < historyStart(input.period)) continue;
		const value = h.kind === 'nil' ? 0 : h.kind === 'value' ? h.value : null;
		if (value === null) continue;
		const list = earlier.get(key(h)) ?? [];
		list.push({ index, value });
		earlier.set(key(h), list);
	}
	return [...current.values()].map((r) => {
		const then = approved.get(key(r)) ?? null;
		const value = r.kind === 'nil' ? 0 : r.kind === 'value' ? r.value : null;
		const history = (earlier.get(key(r)) ?? [])
			.sort((a, b) => a.index - b.index)
			.map((e) => e.value);
		return {
			metricId: r.metricId,
			areaCode: r.areaCode,
			current: { kind: r.kind, value: r.value },
			atApproval: then && { kind: then.kind, value: then.value },
			changed:
				input.approvedAt !== null &&
				(then === null || then.kind !== r.kind || then.value !== r.value),
			outlier:
				value === null ? null : findOutlier(value, history, (n) => input.format(r.metricId, n)),
			comment: r.comment
		};
	});
}
