/**
 * What each event sends, and to whom: the words come from core/mail/messages.ts, the people from
 * db/mail-settings.ts. Every function here queues in the caller's transaction (the outbox is
 * written with its cause, never after it) and sends nothing itself.
 */
import { randomUUID } from 'node:crypto';

import type { Framework, Partner, Role } from '../core/framework.js';
import { isOptionalMailKind, renderMail, type MailContent } from '../core/mail/message.js';
import {
	digestMail,
	invitationMail,
	receiptMail,
	reminderMail,
	reportIssuedMail,
	reviewedMail,
	submissionLinkMail,
	type MailContext
} from '../core/mail/messages.js';
import { formatPeriodSlug, type Period } from '../core/periods.js';
import type { MailSettings, Recipient } from '../db/mail-settings.js';
import type { MailActor, Outbox, QueuedMail } from '../db/outbox.js';

const ROLE_AUDIENCE: Record<Role, string> = {
	coordinator: 'a coordinator',
	funder: 'the funder',
	partner: 'a partner',
	viewer: 'a board member'
};
const ROLE_TITLES: Record<Role, string> = {
	coordinator: 'a coordinator',
	funder: 'the funder',
	partner: "a partner's data lead",
	viewer: 'a board member'
};

export interface NotifierDeps {
	outbox: Outbox;
	settings: MailSettings;
	origin: string;
	/** Called once a message is queued, so the sender need not wait for its next poll. */
	queued?: () => void;
}

export function createNotifier(deps: NotifierDeps) {
	const host = new URL(deps.origin).hostname;
	const context = (fw: Framework): MailContext => ({
		partnership: fw.strategy.partnership,
		origin: deps.origin
	});

	function unsubscribeUrl(userId: number, kind: string): string {
		const signature = deps.settings.unsubscribeSignature(userId, kind);
		return `${deps.origin}/unsubscribe?user=${userId}&kind=${kind}&sig=${signature}`;
	}

	/** Queues one message per recipient; those who turned the kind off are skipped. */
	function queue(
		fw: Framework,
		cause: string,
		content: MailContent,
		recipients: Recipient[],
		about: { partnerId: number | null; period: Period | null },
		actor: MailActor
	): number {
		const optional = isOptionalMailKind(content.kind);
		const messages: QueuedMail[] = [];
		for (const to of recipients) {
			if (optional && to.userId !== null && deps.settings.optOutsOf(to.userId).has(content.kind))
				continue;
			// Optional messages go to users only, who can turn them off with the link.
			if (optional && to.userId === null) continue;
			const stop = optional && to.userId !== null ? unsubscribeUrl(to.userId, content.kind) : null;
			const rendered = renderMail(content, {
				partnership: fw.strategy.partnership,
				unsubscribeUrl: stop
			});
			messages.push({
				cause,
				kind: content.kind,
				toAddress: to.address,
				userId: to.userId,
				partnerId: about.partnerId,
				period: about.period,
				subject: rendered.subject,
				text: rendered.text,
				html: rendered.html,
				headers: {
					// RFC 3834: auto-replies must not answer a reminder.
					'Auto-Submitted': 'auto-generated',
					...(stop
						? {
								'List-Unsubscribe': `<${stop}>`,
								'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
							}
						: {})
				},
				secrets: content.secrets,
				messageId: `<${randomUUID()}@${host}>`
			});
		}
		const n = deps.outbox.enqueue(messages, actor);
		if (n > 0) deps.queued?.();
		return n;
	}

	const partnerOf = (fw: Framework, partnerId: number): Partner => {
		const partner = fw.partners.find((p) => p.id === partnerId);
		if (!partner) throw new Error(`There is no partner ${partnerId} to write to.`);
		return partner;
	};

	return {
		invitation(
			fw: Framework,
			user: { id: number; email: string; role: Role; partnerName: string | null },
			link: string,
			expiresAt: string,
			actor: MailActor
		) {
			const content = invitationMail(context(fw), {
				roleName: ROLE_TITLES[user.role],
				partnerName: user.partnerName,
				link,
				expiresAt
			});
			// Each link is its own cause: a new link (a resend) is a new message.
			return queue(
				fw,
				`invitation|${user.id}|${randomUUID()}`,
				content,
				[{ address: user.email, userId: user.id, name: '' }],
				{ partnerId: null, period: null },
				actor
			);
		},

		submissionLink(
			fw: Framework,
			input: {
				linkId: number;
				partnerId: number;
				period: Period;
				deadline: string;
				url: string;
				expiresAt: string;
			},
			actor: MailActor
		) {
			const partner = partnerOf(fw, input.partnerId);
			const content = submissionLinkMail(context(fw), {
				partnerName: partner.name,
				period: input.period,
				deadline: input.deadline,
				link: input.url,
				expiresAt: input.expiresAt
			});
			return queue(
				fw,
				`submission-link|${input.linkId}`,
				content,
				deps.settings.dataContacts(partner.id),
				{ partnerId: partner.id, period: input.period },
				actor
			);
		},

		/** A scheduled reminder (`step` names it) or the coordinator's chase (`step` is unique). */
		reminder(
			fw: Framework,
			input: {
				partnerId: number;
				period: Period;
				deadline: string;
				step: string;
				when: 'closed' | 'before' | 'after';
				fromCoordinator: boolean;
			},
			actor: MailActor
		) {
			const partner = partnerOf(fw, input.partnerId);
			const content = reminderMail(context(fw), { ...input, partnerName: partner.name });
			const kind = input.fromCoordinator ? 'chase' : 'reminder';
			return queue(
				fw,
				`${kind}|${partner.id}|${formatPeriodSlug(input.period)}|${input.step}`,
				content,
				deps.settings.dataContacts(partner.id),
				{ partnerId: partner.id, period: input.period },
				actor
			);
		},

		/** What a reminder would say, for the coordinator to read before chasing. */
		previewReminder(
			fw: Framework,
			input: { partnerName: string; period: Period; deadline: string; when?: 'before' | 'after' }
		) {
			return renderMail(
				reminderMail(context(fw), { when: 'after', ...input, fromCoordinator: true }),
				{ partnership: fw.strategy.partnership, unsubscribeUrl: null }
			);
		},

		receipt(
			fw: Framework,
			input: {
				partnerId: number;
				period: Period;
				uploadId: number;
				counts: { created: number; updated: number; unchanged: number };
				at: string;
			},
			actor: MailActor
		) {
			const partner = partnerOf(fw, input.partnerId);
			const content = receiptMail(context(fw), {
				...input,
				partnerName: partner.name,
				partnerCode: partner.code
			});
			return queue(
				fw,
				`receipt|${input.uploadId}|${partner.id}|${formatPeriodSlug(input.period)}`,
				content,
				deps.settings.dataContacts(partner.id),
				{ partnerId: partner.id, period: input.period },
				actor
			);
		},

		reviewed(
			fw: Framework,
			input: {
				partnerId: number;
				period: Period;
				outcome: 'returned' | 'approved';
				reason: string | null;
				version: number;
			},
			actor: MailActor
		) {
			const partner = partnerOf(fw, input.partnerId);
			const content = reviewedMail(context(fw), {
				...input,
				partnerName: partner.name,
				partnerCode: partner.code
			});
			return queue(
				fw,
				`${input.outcome}|${partner.id}|${formatPeriodSlug(input.period)}|v${input.version}`,
				content,
				deps.settings.dataContacts(partner.id),
				{ partnerId: partner.id, period: input.period },
				actor
			);
		},

		reportIssued(fw: Framework, input: { period: Period; reportId: number }, actor: MailActor) {
			const url = `${deps.origin}/reports/${formatPeriodSlug(input.period)}/issued/${input.reportId}`;
			let n = 0;
			for (const role of ['viewer', 'funder'] as const) {
				const content = reportIssuedMail(context(fw), {
					period: input.period,
					url,
					audience: ROLE_AUDIENCE[role]
				});
				n += queue(
					fw,
					`report-issued|${input.reportId}`,
					content,
					deps.settings.usersInRoles([role]),
					{ partnerId: null, period: input.period },
					actor
				);
			}
			return n;
		},

		digest(
			fw: Framework,
			input: { weekOf: string; lines: string[]; waitingForReview: number; late: number },
			actor: MailActor
		) {
			return queue(
				fw,
				`digest|${input.weekOf}`,
				digestMail(context(fw), input),
				deps.settings.usersInRoles(['coordinator']),
				{ partnerId: null, period: null },
				actor
			);
		}
	};
}

export type Notifier = ReturnType<typeof createNotifier>;
