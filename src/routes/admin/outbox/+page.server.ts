import { fail, redirect } from '@sveltejs/kit';

import { MAIL_KIND_NAMES, type MailKind } from '$core/mail/message';
import { actorOf, parseId } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

/** The newest messages shown; older ones are in the audit log. */
const MESSAGES_SHOWN = 200;

/** What the last action did, from `?done=…` after its redirect. */
const DONE_STATES = ['retried'] as const;

export const load: PageServerLoad = ({ locals, url }) => {
	const mail = locals.services.mail;
	return {
		sends: mail.sends,
		counts: mail.outbox.counts(),
		refused: mail.outbox.refusedAddresses().map((r) => ({
			address: r.toAddress,
			error: r.lastError ?? '',
			at: r.at
		})),
		messages: mail.outbox.list({ limit: MESSAGES_SHOWN }).map((m) => ({
			id: m.id,
			createdAt: m.createdAt,
			to: m.toAddress,
			kind: MAIL_KIND_NAMES[m.kind as MailKind] ?? m.kind,
			subject: m.subject,
			status: m.status,
			attempts: m.attempts,
			lastError: m.lastError,
			nextAttemptAt: m.nextAttemptAt,
			sentAt: m.sentAt,
			// A sent message's one-time links were cut out of it, so its text has nothing to copy;
			// an unsent one's is how the coordinator sends it by hand when mail is not configured.
			text: m.status === 'sent' ? null : m.textBody
		})),
		shown: MESSAGES_SHOWN,
		done: DONE_STATES.find((d) => d === url.searchParams.get('done')) ?? null
	};
};

export const actions: Actions = {
	retry: async (event) => {
		const id = parseId((await event.request.formData()).get('id'));
		if (id === null || !event.locals.services.mail.retry(id, actorOf(event)))
			return fail(404, {
				errors: [
					{
						field: 'messages',
						message:
							'That message has not failed, or is already queued again, so there is nothing to try again. Check its status in the list below.'
					}
				]
			});
		redirect(303, '/admin/outbox?done=retried');
	}
};
