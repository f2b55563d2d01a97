import { fail } from '@sveltejs/kit';

import { actorOf, attempt } from '$lib/server/admin';
import { readUserFields } from '$lib/server/user-form';
import { ROLE_NAMES } from '$lib/roles';
import type { Actions, PageServerLoad } from './$types';

function partnerChoices(locals: App.Locals) {
	return locals.services.framework
		.listPartners()
		.filter((p) => p.active)
		.map((p) => ({ id: p.id, name: p.name }));
}

export const load: PageServerLoad = ({ locals }) => ({
	partners: partnerChoices(locals),
	mailSends: locals.services.mail.sends
});

export const actions: Actions = {
	default: async (event) => {
		const { locals } = event;
		const partners = partnerChoices(locals);
		const { values, errors, role, partnerId } = readUserFields(
			await event.request.formData(),
			partners
		);
		if (!values.email)
			errors.unshift({ field: 'email', message: 'Enter the email address of the new user.' });
		if (errors.length || !role) return fail(422, { values, errors });

		const result = attempt(() =>
			locals.services.auth.createUser(
				{ email: values.email, displayName: values.name, role, partnerId },
				actorOf(event)
			)
		);
		if (!result.ok) return fail(422, { values, errors: [result.error] });
		const { user, setPasswordToken } = result.value;
		return {
			created: {
				id: user.id,
				email: user.email,
				role: ROLE_NAMES[user.role],
				partner: user.partnerName,
				// Emailed when mail is configured, and then never sent to the browser.
				link: locals.services.mail.sends
					? null
					: `${locals.services.config.origin}/set-password/${setPasswordToken}`
			}
		};
	}
};
