import { error, redirect } from '@sveltejs/kit';

import type { Role } from '$core/framework';
import {
	isOptionalMailKind,
	MAIL_KIND_NAMES,
	MAIL_KINDS,
	OPTIONAL_MAIL_KINDS,
	type OptionalMailKind
} from '$core/mail/message';
import { actorOf } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

/** What each optional email is and who is sent it (src/mail/notify.ts decides the sending). */
const ABOUT: Record<OptionalMailKind, { roles: readonly Role[]; sentence: string }> = {
	digest: {
		roles: ['coordinator'],
		sentence:
			'Each Monday, to coordinators: which returns came in the week before, how many wait for review and how many partners are late.'
	},
	'report-issued': {
		roles: ['viewer', 'funder'],
		sentence:
			'To board members and the funder, when the coordinator issues a quarter’s board report: a link to read it.'
	}
};

function signedInUser(locals: App.Locals) {
	// hooks.server.ts sends anyone not signed in to the sign-in page first.
	if (!locals.user) error(401, 'Sign in to continue.');
	return locals.user;
}

export const load: PageServerLoad = ({ locals, url }) => {
	const user = signedInUser(locals);
	const off = locals.services.mail.settings.optOutsOf(user.id);
	return {
		address: user.email,
		kinds: OPTIONAL_MAIL_KINDS.map((kind) => ({
			kind,
			name: MAIL_KIND_NAMES[kind],
			sentence: ABOUT[kind].roles.includes(user.role)
				? ABOUT[kind].sentence
				: `${ABOUT[kind].sentence} Your role is not sent these, so this matters only if it changes.`,
			on: !off.has(kind)
		})),
		essential: MAIL_KINDS.filter((kind) => !isOptionalMailKind(kind)).map(
			(kind) => MAIL_KIND_NAMES[kind]
		),
		saved: url.searchParams.get('saved') === '1'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = signedInUser(event.locals);
		const wanted = new Set((await event.request.formData()).getAll('on'));
		const settings = event.locals.services.mail.settings;
		const off = settings.optOutsOf(user.id);
		// Only what changed, so the audit log records choices, not every press of Save.
		for (const kind of OPTIONAL_MAIL_KINDS) {
			const turnOff = !wanted.has(kind);
			if (turnOff !== off.has(kind)) settings.setOptOut(user.id, kind, turnOff, actorOf(event));
		}
		redirect(303, '/account/email?saved=1');
	}
};
