/**
 * An email as GOV.UK Notify writes one (DESIGN.md, Email): a subject that says what to do, a
 * paragraph or two, one link on a line of its own, who sent it and why this person gets it, and
 * for the messages that are not essential how to stop them. Links only, never figures: email is
 * not a safe place for counts of victims.
 */

/** Messages that someone may turn off; every other kind is part of running a quarter. */
export const OPTIONAL_MAIL_KINDS = ['digest', 'report-issued'] as const;
export type OptionalMailKind = (typeof OPTIONAL_MAIL_KINDS)[number];

export const MAIL_KINDS = [
	'invitation',
	'submission-link',
	'reminder',
	'chase',
	'receipt',
	'returned',
	'approved',
	...OPTIONAL_MAIL_KINDS
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_KIND_NAMES: Record<MailKind, string> = {
	invitation: 'Invitation',
	'submission-link': 'Submission link',
	reminder: 'Reminder',
	chase: 'Chase from the coordinator',
	receipt: 'Receipt',
	returned: 'Return sent back',
	approved: 'Return approved',
	digest: 'Weekly digest',
	'report-issued': 'Board report issued'
};

export function isOptionalMailKind(kind: string): kind is OptionalMailKind {
	return (OPTIONAL_MAIL_KINDS as readonly string[]).includes(kind);
}

export interface MailContent {
	kind: MailKind;
	subject: string;
	/** Plain sentences; the first says what to do. */
	paragraphs: string[];
	/** Short lines shown as a list, e.g. partner names in a digest (never figures). */
	list?: string[];
	action: { label: string; url: string };
	/** Why this person gets the message. */
	reason: string;
	/** One-time links inside `action.url` or the text, cut out of the stored copy once sent. */
	secrets: string[];
}

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The plain-text and HTML parts of one message. The HTML part is the same words in simple
 * semantic markup (a language, a title, paragraphs, a list, a link whose text says where it
 * goes), readable without images or styles; the plain text reads as well on its own.
 */
export function renderMail(
	content: MailContent,
	sender: { partnership: string; unsubscribeUrl: string | null }
): RenderedMail {
	const signOff = `${sender.partnership}, through its Strategy Tracker.`;
	const stop = sender.unsubscribeUrl
		? `You can stop these messages: ${sender.unsubscribeUrl}`
		: null;
	const text = [
		...content.paragraphs,
		...(content.list?.length ? [content.list.map((item) => `- ${item}`).join('\n')] : []),
		`${content.action.label}:\n${content.action.url}`,
		signOff,
		content.reason,
		...(stop ? [stop] : [])
	].join('\n\n');
	const html = [
		'<!doctype html>',
		'<html lang="en-GB">',
		'<head><meta charset="utf-8">',
		`<title>${escapeHtml(content.subject)}</title></head>`,
		'<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em;">',
		...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
		...(content.list?.length
			? [`<ul>${content.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`]
			: []),
		`<p><a href="${escapeHtml(content.action.url)}" style="color: #1d70b8; font-weight: bold;">${escapeHtml(content.action.label)}</a></p>`,
		`<p>${escapeHtml(signOff)}</p>`,
		`<p style="color: #505a5f;">${escapeHtml(content.reason)}</p>`,
		...(sender.unsubscribeUrl
			? [
					`<p style="color: #505a5f;"><a href="${escapeHtml(sender.unsubscribeUrl)}" style="color: #1d70b8;">Stop these messages</a></p>`
				]
			: []),
		'</body></html>'
	].join('\n');
	return { subject: content.subject, text, html };
}

/** The message with every one-time link cut out: what is kept once it is sent, and audited. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	return secrets.reduce(
		(out, secret) => (secret ? out.split(secret).join('[one-time link removed]') : out),
		text
	);
}
