import { error, redirect, type Handle, type HandleServerError } from '@sveltejs/kit';

import { sessionCookieName } from '$auth/cookies';
import { decidePageAccess } from '$core/access';
import type { Framework } from '$core/framework';
import { internalErrorMessage } from '$core/internal-error';
import { guardFormBody } from '$lib/server/form-body';
import { clientAddress } from '$lib/server/request';
import { requestContextFor } from '$lib/server/request-context';
import { servicesFor } from '$lib/server/services';

/**
 * Every page, data request and form action passes here: the session is resolved and the route
 * is checked against the one access table (core/access.ts) before any load or action runs.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const services = servicesFor(event.platform?.req);
	event.locals.services = services;
	guardFormBody(event.request, services.config.maxUploadBytes);
	// The layout and the page both need the framework; one request reads it once.
	let framework: Framework | undefined;
	event.locals.framework = () => (framework ??= services.framework.load());
	const cookieName = sessionCookieName(services.config.origin);
	const session = services.auth.resolveSession(event.cookies.get(cookieName));
	event.locals.user = session?.user ?? null;
	event.locals.principal = session
		? services.auth.principalForUser(session.user)
		: { kind: 'anonymous' };
	if (!session && event.cookies.get(cookieName)) event.cookies.delete(cookieName, { path: '/' });

	const decision = decidePageAccess(event.locals.principal, event.route.id);
	if (decision === 'sign-in') {
		if (event.request.method === 'GET' && !event.isDataRequest) {
			const next = event.url.pathname + event.url.search;
			redirect(303, `/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
		}
		error(401, 'Sign in to continue.');
	}
	if (decision === 'forbidden') {
		services.audit({
			actorUserId: event.locals.user?.id ?? null,
			actorLabel:
				event.locals.principal.kind === 'user' ? event.locals.principal.label : 'anonymous',
			ip: clientAddress(event),
			action: 'access.page',
			outcome: 'refused',
			detail: `${event.request.method} ${event.url.pathname}`
		});
		error(
			403,
			'You do not have access to this page. If you need it, ask the partnership coordinator.'
		);
	}

	const response = await resolve(event);
	// Pages show figures about victims: never keep them in a shared cache or the back-forward cache.
	response.headers.set('cache-control', 'no-store');
	return response;
};

export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const request = requestContextFor(event.platform?.req);
	// The person sees a sentence and a reference; the detail (stack included) stays in the log, on
	// a line carrying the same request id. The path only: a link's path holds its secret.
	if (status >= 500) request.log.error({ err, route: event.route.id }, 'page failed');
	if (status === 404)
		return { message: 'Page not found. Check the address, or go to the overview.' };
	if (status === 415)
		return {
			message:
				'This form was sent in a way the page does not accept. Go back, and send it from the page.'
		};
	if (status >= 500) return { message: internalErrorMessage(request.id), reference: request.id };
	return { message };
};
