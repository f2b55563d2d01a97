/**
 * Who may do what (SPEC §1). Every page, form action and API route asks this one module; nothing
 * else decides. What is not granted here is refused.
 *
 * A principal is whoever is making the request: a signed-in user, a partner's API token (which
 * acts as that partner's data lead), a submission link (which may only submit one partner's
 * figures for one quarter), or the command line, which acts as the coordinator: whoever can run
 * it can open the database file anyway, and it has no user id to put in the records.
 */
import type { Role } from './framework.js';
import type { Period } from './periods.js';

export type Principal =
	| { kind: 'anonymous' }
	| { kind: 'user'; userId: number; role: Role; partnerId: number | null; label: string }
	| { kind: 'token'; tokenId: number; partnerId: number; label: string }
	| { kind: 'link'; linkId: number; partnerId: number; period: Period; label: string }
	| { kind: 'command-line'; label: string };

export const CAPABILITIES = [
	/** The partnership-level dashboards: overview, priorities, metrics. */
	'view-dashboards',
	/** Figures broken down by partner (other partners' figures included). */
	'view-partner-figures',
	'view-completeness',
	'view-reports',
	'view-funded-outcomes',
	'export',
	/** Submit and correct figures: a partner only its own, the coordinator anyone's. */
	'submit-figures',
	/** A partner's own submissions, uploads and revisions; the coordinator sees everyone's. */
	'view-submissions',
	'review-submissions',
	'write-commentary',
	/** Freeze a quarter's board report as issued (SPEC §5 restatements). */
	'issue-board-reports',
	'edit-framework',
	'manage-users',
	'manage-tokens',
	'manage-links',
	'view-audit-log',
	/** A copy of the whole database: every partner's figures and files, users and audit log. */
	'download-backup'
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
	coordinator: CAPABILITIES,
	funder: [
		'view-dashboards',
		'view-partner-figures',
		'view-completeness',
		'view-reports',
		'view-funded-outcomes',
		'export'
	],
	partner: ['view-dashboards', 'submit-figures', 'view-submissions'],
	viewer: ['view-dashboards', 'view-reports']
};

const TOKEN_CAPABILITIES: readonly Capability[] = [
	'view-dashboards',
	'submit-figures',
	'view-submissions'
];
const LINK_CAPABILITIES: readonly Capability[] = ['submit-figures'];

export function capabilitiesOf(principal: Principal): readonly Capability[] {
	switch (principal.kind) {
		case 'anonymous':
			return [];
		case 'user':
			return ROLE_CAPABILITIES[principal.role];
		case 'token':
			return TOKEN_CAPABILITIES;
		case 'link':
			return LINK_CAPABILITIES;
		case 'command-line':
			return ROLE_CAPABILITIES.coordinator;
	}
}

export function can(principal: Principal, capability: Capability): boolean {
	return capabilitiesOf(principal).includes(capability);
}

/**
 * Whether the principal may act on a partner's own records (submissions, uploads, figures as
 * submitted, templates). Partners reach only their own; anything else is answered as if it did
 * not exist.
 */
export function canActForPartner(
	principal: Principal,
	partnerId: number,
	capability: Capability
): boolean {
	if (!can(principal, capability)) return false;
	if (principal.kind === 'command-line') return true;
	if (principal.kind === 'user' && principal.role !== 'partner') return true;
	return principalPartnerId(principal) === partnerId;
}

/** The partner a principal is tied to, or null for partnership-wide roles. */
export function principalPartnerId(principal: Principal): number | null {
	if (principal.kind === 'anonymous' || principal.kind === 'command-line') return null;
	if (principal.kind === 'user') return principal.role === 'partner' ? principal.partnerId : null;
	return principal.partnerId;
}

/** A submission link may submit only for its own quarter. */
export function canSubmitForPeriod(principal: Principal, period: Period): boolean {
	if (principal.kind !== 'link') return true;
	return principal.period.year === period.year && principal.period.quarter === period.quarter;
}

/**
 * Every page of the site and what it needs. `public` pages need no sign-in; `signed-in` pages
 * need only a session. A route that is missing from this table is refused, so a new page cannot
 * go live unguarded.
 */
export const PAGE_ACCESS: Record<string, Capability | 'public' | 'signed-in'> = {
	'/sign-in': 'public',
	'/sign-out': 'signed-in',
	'/set-password/[token]': 'public',
	// An unsubscribe link's signature is its own authority: mail clients follow it without a session.
	'/unsubscribe': 'public',
	'/account/email': 'signed-in',
	'/': 'view-dashboards',
	'/priorities/[number]': 'view-dashboards',
	'/metrics/[code]': 'view-dashboards',
	'/submit': 'submit-figures',
	'/submit/form': 'submit-figures',
	'/submit/template': 'submit-figures',
	'/submissions': 'view-submissions',
	'/submissions/[partner]/[period]': 'view-submissions',
	'/submissions/uploads/[id]': 'view-submissions',
	'/completeness': 'view-completeness',
	'/review': 'review-submissions',
	'/review/[partner]/[period]': 'review-submissions',
	'/funded-outcomes': 'view-funded-outcomes',
	'/reports': 'view-reports',
	'/reports/[period]': 'view-reports',
	'/reports/[period]/issued/[id]': 'view-reports',
	// The link's token is its own authority: the page checks it, and shows nothing without it.
	'/link/[token]': 'public',
	'/link/[token]/template': 'public',
	'/admin': 'manage-users',
	'/admin/users': 'manage-users',
	'/admin/users/new': 'manage-users',
	'/admin/users/[id]': 'manage-users',
	'/admin/tokens': 'manage-tokens',
	'/admin/links': 'manage-links',
	// Unsent invitations in the outbox show their links, which open accounts; and who gets mail
	// goes with who uses the tracker.
	'/admin/outbox': 'manage-users',
	'/admin/reminders': 'manage-users',
	'/admin/audit': 'view-audit-log',
	'/admin/backup': 'download-backup',
	'/admin/framework': 'edit-framework',
	'/admin/framework/metrics/new': 'edit-framework',
	'/admin/framework/metrics/[code]': 'edit-framework',
	'/admin/framework/priorities/new': 'edit-framework',
	'/admin/framework/priorities/[number]': 'edit-framework',
	'/admin/framework/funding-streams': 'edit-framework',
	'/admin/framework/funding-streams/new': 'edit-framework',
	'/admin/framework/funding-streams/[id]': 'edit-framework'
};

export type PageDecision = 'allow' | 'sign-in' | 'forbidden' | 'not-found';

export function decidePageAccess(principal: Principal, routeId: string | null): PageDecision {
	if (routeId === null) return 'not-found';
	const rule = PAGE_ACCESS[routeId];
	if (rule === undefined) return 'forbidden';
	if (rule === 'public') return 'allow';
	// Submission links work only on the pages built for them, never as a sign-in; tokens and the
	// command line are not web sessions at all.
	if (principal.kind !== 'user') return 'sign-in';
	if (rule === 'signed-in') return 'allow';
	return can(principal, rule) ? 'allow' : 'forbidden';
}
