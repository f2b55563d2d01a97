/**
 * A ceiling on API requests per caller: API_RATE_LIMIT a minute (default 300) for each user or
 * token, and for each address when no one is signed in; beyond it, 429 with `retry-after`.
 * @see https://github.com/fastify/fastify-rate-limit
 *
 * Registered inside the /api/v1 scope, so the pages are not counted. Its hook is added to each
 * route, and route hooks run after the scope's own, so the caller is already known when the key
 * is made (plugins/auth.ts). Counts are held in memory: one process serves the whole site.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { Services } from '../../services.js';
import { ApiError } from '../errors.js';
import { shareScope } from './share-scope.js';

/** One budget per caller: many staff behind one council address do not share a limit. */
export function rateLimitKey(request: FastifyRequest): string {
	const principal = request.principal;
	if (principal.kind === 'user') return `user:${principal.userId}`;
	if (principal.kind === 'token') return `token:${principal.tokenId}`;
	return `address:${request.ip}`;
}

export const apiRateLimit = shareScope(async function apiRateLimit(
	api: FastifyInstance,
	opts: { services: Services }
) {
	await api.register(rateLimit, {
		global: true,
		max: opts.services.config.apiRateLimit,
		timeWindow: 60_000,
		keyGenerator: rateLimitKey,
		onExceeded: (request, key) => request.log.warn({ key }, 'API rate limit reached'),
		errorResponseBuilder: (_request, context) =>
			new ApiError(
				429,
				'too_many_requests',
				`There have been too many requests. Wait ${context.after} and try again.`
			)
	});
});
