/**
 * Who is calling the API, and whether they may: every /api/v1 request gets `request.principal`.
 * @see https://fastify.dev/docs/latest/Reference/Hooks/
 *
 * The caller is an API token (`Authorization: Bearer st_…`), else the session cookie of a
 * signed-in user, else anonymous. Each route declares what it needs in its config, as
 * `{ capability: 'view-dashboards' }` or `{ public: true }`, and the answer comes from
 * core/access.ts like every page's. A route that declares neither is refused, so nothing ships
 * unguarded. The checks run in `preParsing`, after rate limiting and before a body is read, so a
 * refused upload is never parsed.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';

import { API_TOKEN_PREFIX } from '../../auth/auth-service.js';
import { sessionCookieName } from '../../auth/cookies.js';
import { can, type Capability, type Principal } from '../../core/access.js';
import type { Services } from '../../services.js';
import { ApiError } from '../errors.js';
import { describeRequest, STATE_CHANGING_METHODS } from '../request-facts.js';
import { shareScope } from './share-scope.js';

declare module 'fastify' {
	interface FastifyRequest {
		/** Whoever makes the request; `anonymous` when it carries no credential. */
		principal: Principal;
	}
	interface FastifyContextConfig {
		/** What a caller needs to use the route (core/access.ts); of a list, any one will do. */
		capability?: Capability | readonly Capability[];
		/** The 403 message for a caller without it, when the route can say more than NO_ACCESS. */
		refusal?: string;
		/** Open to anyone, signed in or not: the health check, and the JSON 404. */
		public?: boolean;
	}
}

export const SIGN_IN_REQUIRED = 'Sign in, or send an API token in the Authorization header.';
export const TOKEN_NOT_VALID =
	'The API token is not valid: it is mistyped, unknown or revoked. Ask the partnership coordinator for a new one.';
export const NOT_BEARER =
	'Send the API token in the Authorization header as "Bearer" followed by the token.';
export const NO_ACCESS =
	'You do not have access to this. If you need it, ask the partnership coordinator.';
export const CROSS_SITE =
	"This cross-site request was refused: a request that changes data must come from this site's own pages, or carry an API token.";

const BAD_TOKENS_PER_MINUTE = 10;

export const apiAuth = shareScope(async function apiAuth(
	api: FastifyInstance,
	opts: { services: Services }
) {
	const { services } = opts;
	const cookieName = sessionCookieName(services.config.origin);
	const siteOrigin = new URL(services.config.origin).origin;
	/** Requests signed in by cookie: the browser attaches it on its own, so CSRF applies. */
	const bySessionCookie = new WeakSet<FastifyRequest>();
	// Every bad token is audited, so a flood of them would flood the audit log. More than ten in
	// a minute from one address, and no token from there is looked at for five minutes.
	const badTokens = new RateLimiterMemory({
		points: BAD_TOKENS_PER_MINUTE,
		duration: 60,
		blockDuration: 300
	});

	await api.register(cookie);
	// Fastify wants a plain initial value; the onRequest hook below sets it on every request.
	api.decorateRequest<Principal>('principal', null as unknown as Principal);

	const audit = (
		request: FastifyRequest,
		entry: { action: string; outcome: 'refused' | 'failure'; detail: string }
	) => {
		const principal = request.principal;
		services.audit({
			...entry,
			actorUserId: principal.kind === 'user' ? principal.userId : null,
			actorLabel: principal.kind === 'anonymous' ? 'anonymous' : principal.label,
			ip: request.ip,
			partnerId: principal.kind === 'token' ? principal.partnerId : null,
			detail: entry.detail.slice(0, 300)
		});
	};
	const refuse = (request: FastifyRequest, detail = '') =>
		audit(request, {
			action: 'access.api',
			outcome: 'refused',
			detail: `${describeRequest(request)}${detail}`
		});

	api.addHook('onRequest', async (request, reply) => {
		request.principal = { kind: 'anonymous' };
		const authorization = request.headers.authorization;
		if (authorization !== undefined) {
			const blocked = await badTokens.get(request.ip);
			if (blocked && blocked.consumedPoints > BAD_TOKENS_PER_MINUTE) {
				reply.header('retry-after', Math.ceil(blocked.msBeforeNext / 1000));
				throw new ApiError(
					429,
					'too_many_requests',
					'There have been too many requests with an API token that is not valid. Wait a few minutes and try again.'
				);
			}
			// A bad token is refused outright, even beside a good cookie: the caller meant the token.
			const token = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
			const principal = token
				? services.auth.resolveApiToken(token, {
						ip: request.ip,
						userAgent: request.headers['user-agent']
					})
				: null;
			if (!principal) {
				// resolveApiToken audits unknown and revoked tokens; the malformed ones are audited here.
				if (!token?.startsWith(API_TOKEN_PREFIX))
					audit(request, {
						action: 'auth.api-token',
						outcome: 'failure',
						detail: `malformed Authorization header: ${describeRequest(request)}`
					});
				await badTokens.consume(request.ip).catch(() => undefined);
				reply.header('www-authenticate', 'Bearer');
				throw new ApiError(401, 'unauthenticated', token ? TOKEN_NOT_VALID : NOT_BEARER);
			}
			request.principal = principal;
			return;
		}
		const session = services.auth.resolveSession(request.cookies[cookieName]);
		if (session) {
			request.principal = services.auth.principalForUser(session.user);
			bySessionCookie.add(request);
		}
	});

	api.addHook('preParsing', async (request, reply, payload) => {
		const { capability, refusal, public: isPublic } = request.routeOptions.config;
		if (
			bySessionCookie.has(request) &&
			STATE_CHANGING_METHODS.has(request.method) &&
			requestOrigin(request) !== siteOrigin
		) {
			refuse(request, ': cross-site request');
			throw new ApiError(403, 'forbidden', CROSS_SITE);
		}
		if (isPublic) return payload;
		if (!capability) {
			request.log.error({ route: request.routeOptions.url }, 'API route declares no access');
			refuse(request, ': the route declares no access');
			throw new ApiError(403, 'forbidden', NO_ACCESS);
		}
		if (request.principal.kind === 'anonymous') {
			refuse(request);
			reply.header('www-authenticate', 'Bearer');
			throw new ApiError(401, 'unauthenticated', SIGN_IN_REQUIRED);
		}
		const needs: readonly Capability[] = typeof capability === 'string' ? [capability] : capability;
		if (!needs.some((c) => can(request.principal, c))) {
			refuse(request);
			throw new ApiError(403, 'forbidden', refusal ?? NO_ACCESS);
		}
		return payload;
	});
});

/**
 * Where the request came from: the `Origin` header, or failing that the `Referer`'s origin.
 * Null when neither is there or parseable, which counts as cross-site.
 */
function requestOrigin(request: FastifyRequest): string | null {
	const { origin, referer } = request.headers;
	const source = origin ?? referer;
	if (!source) return null;
	try {
		return new URL(source).origin;
	} catch {
		return null;
	}
}
