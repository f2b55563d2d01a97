import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { actorOf, attempt, parseId } from '$lib/server/admin';
import { readUserFields } from '$lib/server/user-form';
import type { Actions, PageServerLoad } from './$types';

/** What the last action did, from `?done=…` after its redirect. */
const DONE_STATES = ['saved', 'disabled', 'enabled'] as const;

function findUser(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const id = parseId(event.params.id);
	const user = id === null ? null : event.locals.services.auth.users.findById(id);
	if (!user) error(404, 'There is no such user. Check the address, or choose one from the list.');
	return user;
}

/** Active partners, and the user's own even if it has since left the partnership. */
function partnerChoices(locals: App.Locals, currentPartnerId: number | null) {
	return locals.services.framework
		.listPartners()
		.filter((p) => p.active || p.id === currentPartnerId)
		.map((p) => ({ id: p.id, name: p.name }));
}

export const load: PageServerLoad = (event) => {
	const user = findUser(event);
	const done = DONE_STATES.find((d) => d === event.url.searchParams.get('done')) ?? null;
	return {
		user: {
			id: user.id,
			email: user.email,
			name: user.displayName,
			role: user.role,
			partnerId: user.partnerId,
			disabled: user.disabledAt !== null,
			disabledAt: user.disabledAt,
			lastSignInAt: user.lastSignInAt,
			hasPassword: user.hasPassword,
			createdAt: user.createdAt
		},
		isSelf: event.locals.user?.id === user.id,
		mailSends: event.locals.services.mail.sends,
		partners: partnerChoices(event.locals, user.partnerId),
		done
	};
};

export const actions: Actions = {
	update: async (event) => {
		const user = findUser(event);
		const { values, errors, role, partnerId } = readUserFields(
			await event.request.formData(),
			partnerChoices(event.locals, user.partnerId)
		);
		if (errors.length || !role) return fail(422, { values, errors });
		const result = attempt(() =>
			event.locals.services.auth.updateUser(
				user.id,
				{ displayName: values.name, role, partnerId },
				actorOf(event)
			)
		);
		if (!result.ok) return fail(422, { values, errors: [result.error] });
		redirect(303, `/admin/users/${user.id}?done=saved`);
	},

	disable: (event) => setDisabled(event, true),
	enable: (event) => setDisabled(event, false),

	reset: (event) => {
		const user = findUser(event);
		if (user.disabledAt)
			return fail(409, {
				errors: [{ field: 'access', message: 'Enable the account before resetting its access.' }]
			});
		const result = attempt(
			() => event.locals.services.auth.resetAccess(user.id, actorOf(event)),
			() => 'access'
		);
		if (!result.ok) return fail(422, { errors: [result.error] });
		return {
			reset: {
				// Without a password yet, this was a resend of the invitation, not a lock-out.
				invitation: !user.hasPassword,
				// Emailed when mail is configured, and then never sent to the browser.
				link: event.locals.services.mail.sends
					? null
					: `${event.locals.services.config.origin}/set-password/${result.value}`
			}
		};
	}
};

function setDisabled(event: RequestEvent<{ id: string }>, disabled: boolean) {
	const user = findUser(event);
	const result = attempt(
		() => event.locals.services.auth.updateUser(user.id, { disabled }, actorOf(event)),
		() => 'access'
	);
	if (!result.ok) return fail(422, { errors: [result.error] });
	redirect(303, `/admin/users/${user.id}?done=${disabled ? 'disabled' : 'enabled'}`);
}
