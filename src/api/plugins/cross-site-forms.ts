/**
 * Puts the cross-site form posts that SvelteKit refuses into the audit log.
 * @see https://svelte.dev/docs/kit/configuration#csrf
 *
 * SvelteKit answers a form post from another site with 403 before any hook of ours runs, so
 * hooks.server.ts never sees it. This mirrors SvelteKit's rule (@sveltejs/kit
 * src/runtime/server/respond.js) in the pages' scope, records the attempt, and leaves the refusal
 * to SvelteKit: the two cannot disagree about what was refused.
 */
import type { FastifyInstance } from 'fastify';

import type { Services } from '../../services.js';
import { shareScope } from './share-scope.js';

/** The content types a plain HTML form can send, which need no CORS preflight. */
const FORM_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
];
const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];

export const auditCrossSiteForms = shareScope(async function auditCrossSiteForms(
	site: FastifyInstance,
	opts: { services: Services }
) {
	const { services } = opts;
	const siteOrigin = new URL(services.config.origin).origin;
	site.addHook('onRequest', async (request) => {
		const type = request.headers['content-type']?.split(';', 1)[0]!.trim().toLowerCase() ?? '';
		const origin = request.headers.origin;
		if (!STATE_CHANGING.includes(request.method) || !FORM_TYPES.includes(type)) return;
		if (origin === siteOrigin) return;
		services.audit({
			actorLabel: 'anonymous',
			ip: request.ip,
			action: 'access.page',
			outcome: 'refused',
			detail: `${request.method} ${request.url.split('?')[0]!.slice(0, 200)}: cross-site form post from ${(origin ?? 'no origin').slice(0, 100)}`
		});
	});
});
