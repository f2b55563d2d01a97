import { error } from '@sveltejs/kit';

import { MAIL_KIND_NAMES } from '$core/mail/message';
import { readUnsubscribeLink } from '../../services/unsubscribe-link';
import type { PageServerLoad } from './$types';

/**
 * Asks before stopping anything: mail scanners open every link in a message, so a GET must change
 * nothing. The button posts to the same address, answered by src/api/routes/unsubscribe.ts.
 */
export const load: PageServerLoad = ({ locals, url }) => {
	const link = readUnsubscribeLink(locals.services, url.searchParams);
	// The same answer for a forged signature, a kind that cannot be stopped and a user gone.
	if (!link) error(404, 'This link to stop emails is not valid.');
	return {
		kind: MAIL_KIND_NAMES[link.kind],
		address: link.address,
		stopped: locals.services.mail.settings.optOutsOf(link.userId).has(link.kind),
		signedIn: locals.user !== null
	};
};
