/**
 * Who has sent their return for each quarter, and when (SPEC §5, DESIGN "Completeness"): a grid
 * of partners × quarters for the coordinator to chase the missing.
 *
 * The rules, decided here and nowhere else:
 * - **Who is expected.** An active partner that reports at least one active metric. A partner
 *   that reports nothing, or is no longer active, is left out of the grid altogether (even if it
 *   once sent something), so it never shows as "missing".
 * - **The deadline** is a UK calendar date: the one the coordinator set for the quarter if any
 *   (`DeadlineOverrides`), otherwise `defaultDeadline`, 30 days after the quarter ends.
 *   A return is on time if it was first sent before that day ended in the UK, so at 23:30 BST on
 *   the deadline it is on time, and at 00:30 BST the next day (23:30 UTC) it is late. The deadline
 *   has passed once the next UK day has begun.
 * - **Lateness is judged on the first sending**, never on a later correction: a partner that sent
 *   on time and then corrected a figure after the deadline is still on time.
 * - **The review outcome wins the cell, lateness is kept as a flag.** A return approved (or
 *   returned) after arriving late shows `approved` (or `returned`) with `late: true`, so the
 *   quarter's late count stays true after the review.
 * - **Nothing sent** (no submission, or one still `not_started`) is `missing` once the deadline
 *   has passed, and `not-yet-due` until then (including a quarter that has not ended yet).
 * - **A return with no recorded first-sending time** is not called late: lateness needs evidence.
 *   A timestamp that cannot be read counts as not recorded.
 */
import type { Partner, Sector, SubmissionStatus } from './framework.js';
import { defaultDeadline, isSamePeriod, periodIndex, type Period } from './periods.js';
import { ukDayStartUtc } from './uk-time.js';

export const COMPLETENESS_STATES = [
	'approved',
	'returned',
	'submitted-on-time',
	'submitted-late',
	'missing',
	'not-yet-due'
] as const;
export type CompletenessState = (typeof COMPLETENESS_STATES)[number];

/** The word on each cell's tag, and what it means (for the key beneath the grid). */
export const COMPLETENESS_LABELS: Record<CompletenessState, { tag: string; meaning: string }> = {
	approved: { tag: 'Approved', meaning: 'checked and approved by the coordinator' },
	returned: {
		tag: 'Returned',
		meaning: 'sent back to the partner with a reason, waiting for a correction'
	},
	'submitted-on-time': { tag: 'On time', meaning: 'sent by the deadline, waiting for review' },
	'submitted-late': { tag: 'Late', meaning: 'sent after the deadline, waiting for review' },
	missing: { tag: 'Missing', meaning: 'nothing sent, and the deadline has passed' },
	'not-yet-due': {
		tag: 'Not yet due',
		meaning: 'nothing sent yet, but the deadline has not passed'
	}
};

/** A partner's submission for a quarter, as the database holds it. */
export interface CompletenessSubmission {
	partnerId: number;
	year: number;
	quarter: number;
	status: SubmissionStatus;
	/** ISO UTC instant of the first sending; null if nothing was ever sent. */
	firstSubmittedAt: string | null;
	lastSubmittedAt: string | null;
	/** Why the coordinator returned it. */
	reason: string | null;
}

export type CompletenessPartner = Pick<
	Partner,
	'id' | 'code' | 'name' | 'sector' | 'areaCode' | 'active'
>;

export interface CompletenessCell {
	period: Period;
	state: CompletenessState;
	/** First sent after the deadline; stays true once the return is approved or returned. */
	late: boolean;
	/** The quarter's deadline, a UK calendar date (YYYY-MM-DD). */
	deadline: string;
	firstSubmittedAt: string | null;
	lastSubmittedAt: string | null;
	/** The coordinator's reason, for a `returned` cell only. */
	reason: string | null;
}

export interface CompletenessRow {
	partner: CompletenessPartner;
	/** One per quarter, in the order the quarters were given. */
	cells: CompletenessCell[];
}

export interface QuarterCounts {
	period: Period;
	deadline: string;
	deadlinePassed: boolean;
	/** Partners expected to report (the rows of the grid). */
	expected: number;
	/** Cells in each state: these add up to `expected`. */
	states: Record<CompletenessState, number>;
	/** Sent by the deadline, whatever has happened since (approved, returned or waiting). */
	onTime: number;
	/** First sent after the deadline, whatever has happened since. */
	late: number;
}

export interface CompletenessGrid {
	quarters: Period[];
	/**
	 * Partners missing the latest quarter first, then those whose latest return was returned,
	 * then the rest; by name within each group.
	 */
	rows: CompletenessRow[];
	/** One per quarter, in the order of `quarters`. */
	counts: QuarterCounts[];
}

export interface CompletenessInput {
	partners: CompletenessPartner[];
	/** Each metric's status and reporters: who is expected to report at all. */
	metrics: { status: 'active' | 'retired'; reporters: { partnerId: number }[] }[];
	/** The quarters to show, oldest first; the last is the one the coordinator chases. */
	quarters: Period[];
	submissions: CompletenessSubmission[];
	/** Now, as an instant; compared with each deadline in UK time. */
	now: Date;
	/** Deadlines the coordinator set, by `deadlineKey`; other quarters keep the default. */
	deadlines?: DeadlineOverrides;
	/** Keeps only partners based in this area (null: every area). */
	areaCode?: string | null;
	/** Keeps only partners of this sector (null: every sector). */
	sector?: Sector | null;
}

/** Deadlines set by the coordinator (UK dates, YYYY-MM-DD), keyed by `deadlineKey`. */
export type DeadlineOverrides = ReadonlyMap<string, string>;

export function deadlineKey(period: { year: number; quarter: number }): string {
	return `${period.year}|${period.quarter}`;
}

/** A quarter's deadline: the coordinator's, if set, otherwise the default. */
export function deadlineFor(period: Period, overrides?: DeadlineOverrides): string {
	return overrides?.get(deadlineKey(period)) ?? defaultDeadline(period);
}

/** The instant a quarter's deadline day ends in the UK: anything before it is on time. */
export function deadlineCutoff(
	period: Period,
	overrides?: DeadlineOverrides
): { deadline: string; cutoff: number } {
	const deadline = deadlineFor(period, overrides);
	const nextDayStart = ukDayStartUtc(deadline, 1);
	// Deadlines are checked dates when stored, so this is a bug if it ever happens.
	if (nextDayStart === null) throw new Error(`Deadline ${deadline} is not a date.`);
	return { deadline, cutoff: Date.parse(nextDayStart) };
}

function readInstant(iso: string | null): number | null {
	if (iso === null) return null;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? null : ms;
}

/** One partner's cell for one quarter; `submission` is undefined when nothing was recorded. */
export function classifySubmission(
	period: Period,
	submission: CompletenessSubmission | undefined,
	now: Date,
	overrides?: DeadlineOverrides
): CompletenessCell {
	const { deadline, cutoff } = deadlineCutoff(period, overrides);
	const base = {
		period,
		deadline,
		firstSubmittedAt: submission?.firstSubmittedAt ?? null,
		lastSubmittedAt: submission?.lastSubmittedAt ?? null,
		reason: null
	};
	if (!submission || submission.status === 'not_started') {
		const state = now.getTime() >= cutoff ? 'missing' : 'not-yet-due';
		return { ...base, state, late: false };
	}
	const firstSent = readInstant(submission.firstSubmittedAt);
	const late = firstSent !== null && firstSent >= cutoff;
	switch (submission.status) {
		case 'approved':
			return { ...base, state: 'approved', late };
		case 'returned':
			return { ...base, state: 'returned', late, reason: submission.reason };
		case 'submitted':
			return { ...base, state: late ? 'submitted-late' : 'submitted-on-time', late };
	}
}

function emptyStateCounts(): Record<CompletenessState, number> {
	return Object.fromEntries(COMPLETENESS_STATES.map((s) => [s, 0])) as Record<
		CompletenessState,
		number
	>;
}

/** Where a row's latest cell puts it in the chasing order. */
function chaseRank(row: CompletenessRow): number {
	const latest = row.cells[row.cells.length - 1]?.state;
	if (latest === 'missing') return 0;
	if (latest === 'returned') return 1;
	return 2;
}

/** The partners expected to report, before any filter. */
export function findExpectedPartners(
	partners: CompletenessPartner[],
	metrics: CompletenessInput['metrics']
): CompletenessPartner[] {
	const reporting = new Set(
		metrics.filter((m) => m.status === 'active').flatMap((m) => m.reporters.map((r) => r.partnerId))
	);
	return partners.filter((p) => p.active && reporting.has(p.id));
}

export function buildCompletenessGrid(input: CompletenessInput): CompletenessGrid {
	const quarters = [...input.quarters].sort((a, b) => periodIndex(a) - periodIndex(b));
	const partners = findExpectedPartners(input.partners, input.metrics).filter(
		(p) =>
			(input.areaCode == null || p.areaCode === input.areaCode) &&
			(input.sector == null || p.sector === input.sector)
	);
	const byKey = new Map(
		input.submissions.map((s) => [`${s.partnerId}|${s.year}|${s.quarter}`, s] as const)
	);

	const rows: CompletenessRow[] = partners.map((partner) => ({
		partner,
		cells: quarters.map((q) =>
			classifySubmission(
				q,
				byKey.get(`${partner.id}|${q.year}|${q.quarter}`),
				input.now,
				input.deadlines
			)
		)
	}));
	rows.sort(
		(a, b) =>
			chaseRank(a) - chaseRank(b) ||
			a.partner.name.localeCompare(b.partner.name, 'en-GB') ||
			a.partner.id - b.partner.id
	);

	const counts = quarters.map((period, i): QuarterCounts => {
		const { deadline, cutoff } = deadlineCutoff(period, input.deadlines);
		const states = emptyStateCounts();
		let late = 0;
		for (const row of rows) {
			const cell = row.cells[i]!;
			states[cell.state] += 1;
			if (cell.late) late += 1;
		}
		const sent =
			states.approved + states.returned + states['submitted-on-time'] + states['submitted-late'];
		return {
			period,
			deadline,
			deadlinePassed: input.now.getTime() >= cutoff,
			expected: rows.length,
			states,
			onTime: sent - late,
			late
		};
	});

	return { quarters, rows, counts };
}

/** The partners to chase for a quarter of the grid: nothing sent and the deadline passed. */
export function partnersMissing(grid: CompletenessGrid, period: Period): CompletenessPartner[] {
	const i = grid.quarters.findIndex((q) => isSamePeriod(q, period));
	if (i < 0) return [];
	return grid.rows.filter((r) => r.cells[i]!.state === 'missing').map((r) => r.partner);
}
