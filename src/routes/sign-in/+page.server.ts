import { fail, redirect } from '@sveltejs/kit';

import { SIGN_IN_FAILED } from '$auth/auth-service';
import { sessionCookieName, sessionCookieOptions } from '$auth/cookies';
import { clientAddress } from '$lib/server/request';
import { safeNext } from '$core/safe-next';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return {
		next: safeNext(url.searchParams.get('next')),
		// Where the person has just come from, to confirm it worked.
		notice: url.searchParams.has('password-set')
			? 'Your password is set. Sign in with it now.'
			: url.searchParams.has('signed-out')
				? 'You have signed out.'
				: null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, locals, cookies, url } = event;
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const next = safeNext(String(form.get('next') ?? url.searchParams.get('next') ?? '/'));
		const errors: { field: string; message: string }[] = [];
		if (!email) errors.push({ field: 'email', message: 'Enter your email address.' });
		if (!password) errors.push({ field: 'password', message: 'Enter your password.' });
		if (errors.length) return fail(400, { email, errors });

		const ip = clientAddress(event);
		const result = await locals.services.auth.signIn(email, password, {
			ip,
			userAgent: request.headers.get('user-agent') ?? ''
		});
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const minutes = Math.max(1, Math.ceil((result.retryAfterSeconds ?? 60) / 60));
				return fail(429, {
					email,
					errors: [
						{
							field: 'email',
							message: `There have been too many attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`
						}
					]
				});
			}
			return fail(401, { email, errors: [{ field: 'email', message: SIGN_IN_FAILED }] });
		}
		const origin = locals.services.config.origin;
		cookies.set(sessionCookieName(origin), result.sessionToken, sessionCookieOptions(origin));
		redirect(303, next);
	}
};
