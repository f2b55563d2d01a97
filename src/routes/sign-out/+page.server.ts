import { redirect } from '@sveltejs/kit';

import { sessionCookieName } from '$auth/cookies';
import { clientAddress } from '$lib/server/request';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (the button in the header); a GET just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: (event) => {
		const name = sessionCookieName(event.locals.services.config.origin);
		event.locals.services.auth.signOut(event.cookies.get(name), { ip: clientAddress(event) });
		event.cookies.delete(name, { path: '/' });
		redirect(303, '/sign-in?signed-out=1');
	}
};
