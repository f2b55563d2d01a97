import { fail, redirect } from '@sveltejs/kit';

import { clientAddress } from '$lib/server/request';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const link = locals.services.auth.checkPasswordLink(params.token);
	return { valid: link !== null, email: link?.user.email ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const password = String(form.get('password') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		if (password !== confirm)
			return fail(400, {
				errors: [
					{
						field: 'confirm',
						message: 'The two passwords are not the same. Type the same password twice.'
					}
				]
			});
		const result = await event.locals.services.auth.setPasswordWithLink(
			event.params.token,
			password,
			{
				ip: clientAddress(event)
			}
		);
		if (!result.ok)
			return fail(result.linkInvalid ? 410 : 400, {
				errors: result.problems.map((message) => ({ field: 'password', message }))
			});
		redirect(303, '/sign-in?password-set=1');
	}
};
