/**
 * The review workflow (SPEC §5, issue 6): where a partner's return for a quarter may go next.
 *
 * not_started → submitted (the partner sends figures; the import does this, not the coordinator)
 * submitted → approved | returned (with a reason the partner sees)
 * returned → submitted (the partner sends corrected figures) | approved (the partner explained
 *   that the figures were right: sending the same figures again changes nothing, so it cannot
 *   move the return back to `submitted` by itself)
 * approved → returned, by the coordinator reopening it with a reason. Reopening goes to
 *   `returned`, not `submitted`: the quarter is reopened because something needs correcting, so
 *   the partner must see why and may change figures again; the coordinator approves once done.
 *
 * Everything else is refused with a message for the coordinator. Whether the reviewer saw the
 * latest version is checked here too, so two coordinators acting at once cannot both win.
 */
import type { SubmissionStatus } from './framework.js';

export const REVIEW_ACTIONS = ['approve', 'return', 'reopen'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** The longest reason kept: a few sentences for the partner, not a letter. */
export const MAX_REASON_LENGTH = 1000;

export const REVIEW_ACTION_TEXT: Record<ReviewAction, { verb: string; done: string }> = {
	approve: { verb: 'approve', done: 'approved' },
	return: { verb: 'return', done: 'returned' },
	reopen: { verb: 'reopen', done: 'reopened' }
};

export interface ReviewRequest {
	action: ReviewAction;
	/** The submission as stored now; null when the partner has sent nothing for the quarter. */
	current: { status: SubmissionStatus; version: number } | null;
	/** The version the reviewer saw when they chose to act. */
	seenVersion: number;
	reason: string;
	/** Who and which quarter, in words, for the messages. */
	partnerName: string;
	quarterLabel: string;
}

export type ReviewDecision =
	| { ok: true; from: SubmissionStatus; to: SubmissionStatus; reason: string | null }
	| {
			ok: false;
			code: 'nothing-sent' | 'no-reason' | 'reason-too-long' | 'stale' | 'not-allowed';
			message: string;
	  };

const ALLOWED: Record<ReviewAction, { from: readonly SubmissionStatus[]; to: SubmissionStatus }> = {
	approve: { from: ['submitted', 'returned'], to: 'approved' },
	return: { from: ['submitted'], to: 'returned' },
	reopen: { from: ['approved'], to: 'returned' }
};

const STATUS_WORDS: Record<SubmissionStatus, string> = {
	not_started: 'not started',
	submitted: 'waiting for review',
	approved: 'approved',
	returned: 'returned to the partner'
};

function refusalFor(action: ReviewAction, status: SubmissionStatus, who: string): string {
	if (action === 'return' && status === 'approved')
		return `${who} is approved and closed. Reopen it with a reason to send it back to the partner.`;
	if (action === 'return' && status === 'returned')
		return `${who} is already returned to the partner. Wait for their corrected figures.`;
	if (action === 'approve' && status === 'approved') return `${who} is already approved.`;
	if (action === 'reopen')
		return `${who} is ${STATUS_WORDS[status]}, not approved, so there is nothing to reopen.`;
	return `${who} is ${STATUS_WORDS[status]}, so it cannot be ${REVIEW_ACTION_TEXT[action].done}.`;
}

/** Whether the coordinator may do this now, and if so what the return becomes. */
export function decideReview(request: ReviewRequest): ReviewDecision {
	const { action, current } = request;
	const who = `${request.partnerName}’s return for ${request.quarterLabel}`;
	if (current === null || current.status === 'not_started')
		return {
			ok: false,
			code: 'nothing-sent',
			message: `${request.partnerName} has sent no figures for ${request.quarterLabel}, so there is nothing to ${REVIEW_ACTION_TEXT[action].verb}.`
		};
	if (current.version !== request.seenVersion)
		return {
			ok: false,
			code: 'stale',
			message: `${who} changed while you were looking at it (someone else reviewed it, or the partner sent new figures). Nothing was changed: check it again below and decide.`
		};
	const rule = ALLOWED[action];
	if (!rule.from.includes(current.status))
		return { ok: false, code: 'not-allowed', message: refusalFor(action, current.status, who) };
	const reason = request.reason.trim();
	if (action !== 'approve' && reason === '')
		return {
			ok: false,
			code: 'no-reason',
			message:
				action === 'return'
					? 'Enter the reason for returning the figures: the partner sees it and needs it to correct them.'
					: 'Enter the reason for reopening the quarter: the partner sees it and needs it to correct the figures.'
		};
	if (reason.length > MAX_REASON_LENGTH)
		return {
			ok: false,
			code: 'reason-too-long',
			message: `The reason must be ${MAX_REASON_LENGTH} characters or fewer (it has ${reason.length}).`
		};
	return { ok: true, from: current.status, to: rule.to, reason: reason === '' ? null : reason };
}
