import type { Handle, HandleServerError } from '@sveltejs/kit';

import { servicesFor } from '$lib/server/services';

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.services = servicesFor(event.platform?.req);
	return resolve(event);
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500)
		console.error(`Error on ${event.request.method} ${event.url.pathname}:`, error);
	// The person sees a sentence; the detail stays in the server log.
	return {
		message:
			status === 404
				? 'Page not found'
				: status >= 500
					? 'Something went wrong on our side. Try again; if it keeps happening, tell the partnership coordinator.'
					: message
	};
};
