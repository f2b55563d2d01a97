/**
 * The words of every message the app sends (DESIGN.md, Email). Each builder is given names,
 * dates and links, never figures; counts of rows received are the only numbers, and they say
 * how many figures arrived, not what they are.
 */
import { formatPeriodLabel, formatPeriodSlug as periodSlug, type Period } from '../periods.js';
import { formatUkDate } from '../uk-time.js';
import type { MailContent } from './message.js';

export interface MailContext {
	/** The partnership's name, e.g. "Humber Modern Slavery Partnership". */
	partnership: string;
	/** The site's address without a trailing slash. */
	origin: string;
}

const longDate = (isoDate: string) => formatUkDate(`${isoDate}T12:00:00Z`);

export function invitationMail(
	ctx: MailContext,
	input: { roleName: string; partnerName: string | null; link: string; expiresAt: string }
): MailContent {
	const as = input.partnerName ? `${input.roleName} for ${input.partnerName}` : input.roleName;
	return {
		kind: 'invitation',
		subject: `${ctx.partnership}: set your password for the Strategy Tracker`,
		paragraphs: [
			`You have been given an account on the ${ctx.partnership}'s Strategy Tracker, as ${as}. Set your password with the link below: it works once, until ${formatUkDate(input.expiresAt)}.`,
			'If the link has run out, ask the partnership coordinator to send a new one.'
		],
		action: { label: 'Set your password', url: input.link },
		reason: `You get this because a coordinator of the ${ctx.partnership} added your address.`,
		secrets: [input.link]
	};
}

export function submissionLinkMail(
	ctx: MailContext,
	input: { partnerName: string; period: Period; deadline: string; link: string; expiresAt: string }
): MailContent {
	const quarter = formatPeriodLabel(input.period);
	return {
		kind: 'submission-link',
		subject: `${ctx.partnership}: your ${quarter} figures are due by ${longDate(input.deadline)}`,
		paragraphs: [
			`Use the link below to send ${input.partnerName}'s figures for ${quarter} by ${longDate(input.deadline)}. It needs no account, works only for ${input.partnerName} and ${quarter}, and runs out on ${formatUkDate(input.expiresAt)}.`,
			'Do not forward it: anyone with the link can send figures in your name.'
		],
		action: { label: `Send your ${quarter} figures`, url: input.link },
		reason: `You get this because you are a data contact for ${input.partnerName}.`,
		secrets: [input.link]
	};
}

/** What a reminder says at each point of the schedule, and what "Chase now" says. */
export function reminderMail(
	ctx: MailContext,
	input: {
		partnerName: string;
		period: Period;
		deadline: string;
		when: 'closed' | 'before' | 'after';
		fromCoordinator: boolean;
	}
): MailContent {
	const quarter = formatPeriodLabel(input.period);
	const due = longDate(input.deadline);
	const subject =
		input.when === 'after'
			? `${ctx.partnership}: your ${quarter} figures were due on ${due}`
			: `${ctx.partnership}: your ${quarter} figures are due by ${due}`;
	const first =
		input.when === 'closed'
			? `${quarter} has ended. Please send ${input.partnerName}'s figures for it by ${due}.`
			: input.when === 'before'
				? `${input.partnerName}'s figures for ${quarter} are due by ${due}, and none have arrived yet.`
				: `${input.partnerName}'s figures for ${quarter} were due on ${due}, and none have arrived yet. Please send them as soon as you can, or tell the coordinator why they will be late.`;
	return {
		kind: input.fromCoordinator ? 'chase' : 'reminder',
		subject,
		paragraphs: [
			...(input.fromCoordinator ? ['The partnership coordinator asked us to remind you.'] : []),
			first,
			'If you have no account, use the submission link the coordinator sent you, or reply to them.'
		],
		action: {
			label: `Send your ${quarter} figures`,
			url: `${ctx.origin}/submit?period=${periodSlug(input.period)}`
		},
		reason: `You get this because you are a data contact for ${input.partnerName}. It stops once the figures arrive.`,
		secrets: []
	};
}

export function receiptMail(
	ctx: MailContext,
	input: {
		partnerName: string;
		partnerCode: string;
		period: Period;
		uploadId: number;
		counts: { created: number; updated: number; unchanged: number };
		at: string;
	}
): MailContent {
	const quarter = formatPeriodLabel(input.period);
	const { created, updated, unchanged } = input.counts;
	return {
		kind: 'receipt',
		subject: `${ctx.partnership}: ${input.partnerName}'s ${quarter} figures were received`,
		paragraphs: [
			`We received ${input.partnerName}'s figures for ${quarter} on ${formatUkDate(input.at)}, reference upload ${input.uploadId}: ${rows(created, 'new')}, ${rows(updated, 'changed')} and ${rows(unchanged, 'unchanged')}.`,
			'The coordinator will review them. You can see what was stored, and correct it, on the submission page.'
		],
		action: {
			label: `Open the ${quarter} submission`,
			url: `${ctx.origin}/submissions/${input.partnerCode.toLowerCase()}/${periodSlug(input.period)}`
		},
		reason: `You get this because you are a data contact for ${input.partnerName}.`,
		secrets: []
	};
}

export function reviewedMail(
	ctx: MailContext,
	input: {
		partnerName: string;
		partnerCode: string;
		period: Period;
		outcome: 'returned' | 'approved';
		reason: string | null;
	}
): MailContent {
	const quarter = formatPeriodLabel(input.period);
	const url = `${ctx.origin}/submissions/${input.partnerCode.toLowerCase()}/${periodSlug(input.period)}`;
	if (input.outcome === 'approved')
		return {
			kind: 'approved',
			subject: `${ctx.partnership}: ${input.partnerName}'s ${quarter} figures were approved`,
			paragraphs: [
				`The coordinator approved ${input.partnerName}'s figures for ${quarter}. Nothing more is needed; the quarter is now closed to changes unless the coordinator reopens it.`
			],
			action: { label: `Open the ${quarter} submission`, url },
			reason: `You get this because you are a data contact for ${input.partnerName}.`,
			secrets: []
		};
	return {
		kind: 'returned',
		subject: `${ctx.partnership}: please correct ${input.partnerName}'s ${quarter} figures`,
		paragraphs: [
			`The coordinator sent ${input.partnerName}'s figures for ${quarter} back to you with this reason:`,
			`“${input.reason ?? ''}”`,
			'Please correct the figures and send them again, or answer the coordinator on the submission page.'
		],
		action: { label: `Answer on the ${quarter} submission page`, url },
		reason: `You get this because you are a data contact for ${input.partnerName}.`,
		secrets: []
	};
}

export function reportIssuedMail(
	ctx: MailContext,
	input: { period: Period; url: string; audience: string }
): MailContent {
	const quarter = formatPeriodLabel(input.period);
	return {
		kind: 'report-issued',
		subject: `${ctx.partnership}: the ${quarter} board report has been issued`,
		paragraphs: [
			`The coordinator has issued the board report for ${quarter}. Sign in to read it; it is not attached, as it may hold sensitive figures.`
		],
		action: { label: `Read the ${quarter} board report`, url: input.url },
		reason: `You get this because you are ${input.audience} of the ${ctx.partnership}.`,
		secrets: []
	};
}

export function digestMail(
	ctx: MailContext,
	input: { weekOf: string; lines: string[]; waitingForReview: number; late: number }
): MailContent {
	return {
		kind: 'digest',
		subject: `${ctx.partnership}: your week in the Strategy Tracker (from ${formatUkDate(input.weekOf)})`,
		paragraphs: [
			input.lines.length === 0
				? 'No returns came in this week.'
				: `${input.lines.length === 1 ? 'One return' : `${input.lines.length} returns`} came in this week:`,
			`${waiting(input.waitingForReview)} for your review, and ${partners(input.late)} late with the current quarter.`
		],
		list: input.lines,
		action: { label: 'Open the review queue', url: `${ctx.origin}/review` },
		reason: `You get this because you are a coordinator of the ${ctx.partnership}.`,
		secrets: []
	};
}

const rows = (n: number, what: string) => `${n} ${what} ${n === 1 ? 'figure' : 'figures'}`;
const waiting = (n: number) => (n === 1 ? 'One return waits' : `${n} returns wait`);
const partners = (n: number) => (n === 1 ? 'one partner is' : `${n} partners are`);
