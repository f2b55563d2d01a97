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
import { describeRequest, STATE_CHANGING_METHODS } from '../request-facts.js';
import { shareScope } from './share-scope.js';

/** The content types a plain HTML form can send, which need no CORS preflight. */
const FORM_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
];

export const auditCrossSiteForms = shareScope(async function auditCrossSiteForms(
	site: FastifyInstance,
	opts: { services: Services }
) {
	const { services } = opts;
	const siteOrigin = new URL(services.config.origin).origin;
	site.addHook('onRequest', async (request) => {
		const type = request.headers['content-type']?.split(';', 1)[0]!.trim().toLowerCase() ?? '';
		const origin = request.headers.origin;
		if (!STATE_CHANGING_METHODS.has(request.method) || !FORM_TYPES.includes(type)) return;
		if (origin === siteOrigin) return;
		services.audit({
			actorLabel: 'anonymous',
			ip: request.ip,
			action: 'access.page',
			outcome: 'refused',
			detail: `${describeRequest(request)}: cross-site form post from ${(origin ?? 'no origin').slice(0, 100)}`
		});
	});
});
