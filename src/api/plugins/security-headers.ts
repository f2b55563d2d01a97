/**
 * Security headers for every response, pages and API alike (OWASP ASVS 3.4).
 * @see https://github.com/fastify/fastify-helmet
 *
 * Helmet sets no Content-Security-Policy here: the pages get theirs from SvelteKit (`kit.csp` in
 * svelte.config.js), which knows the nonce of its inline bootstrap script. A second CSP header
 * would not replace SvelteKit's but intersect with it, and block that script. The API sets its
 * own, stricter one below.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

import { shareScope } from './share-scope.js';

/** JSON is never rendered as a document, so it may load nothing and be framed by nobody. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Registered on the root, so the headers reach the pages' routes as well as the API's. */
export const securityHeaders = shareScope(async function securityHeaders(app: FastifyInstance) {
	await app.register(helmet, {
		contentSecurityPolicy: false,
		// Browsers ignore HSTS over plain http, so it is harmless in development and tests.
		strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
		xContentTypeOptions: true,
		// Not 'no-referrer': under it Chrome sends `Origin: null` with the site's own form posts and
		// fetches, and the CSRF checks (SvelteKit's and plugins/auth.ts) would refuse them all.
		// 'same-origin' still sends nothing to other sites.
		referrerPolicy: { policy: 'same-origin' },
		xFrameOptions: { action: 'deny' },
		crossOriginOpenerPolicy: { policy: 'same-origin' },
		crossOriginResourcePolicy: { policy: 'same-origin' }
	});
});

/**
 * The API's own headers, for the /api/v1 scope: its CSP, and no caching anywhere, since the
 * answers carry figures about victims and differ by who asks.
 */
export const apiSecurityHeaders = shareScope(async function apiSecurityHeaders(
	api: FastifyInstance
) {
	// The first hook of the scope, so even a request refused by a later hook gets these headers.
	api.addHook('onRequest', async (_request, reply) => {
		reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
		reply.header('cache-control', 'no-store');
	});
});
