/**
 * The one HTTP server: the JSON API under /api/v1, and the SvelteKit handler for every other path.
 * Registered in order: error handling, the security headers (every response), the API with its
 * authentication and rate limit, then the pages.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

import { REQUEST_KEY, type RequestContext } from '../request-key.js';
import { SERVICES_KEY } from '../services-key.js';
import type { Services } from '../services.js';
import { answerClientError } from './client-errors.js';
import { apiError, registerApiErrorHandling } from './errors.js';
import { loggerOptions, REQUEST_ID_HEADER, requestIdFor, type LogOptions } from './logging.js';
import { apiAuth } from './plugins/auth.js';
import { auditCrossSiteForms } from './plugins/cross-site-forms.js';
import { apiRateLimit } from './plugins/rate-limit.js';
import { apiSecurityHeaders, securityHeaders } from './plugins/security-headers.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { exportRoutes } from './routes/v1/export.js';
import { frameworkRoutes } from './routes/v1/framework.js';
import { healthRoutes } from './routes/v1/health.js';
import { importRoutes } from './routes/v1/imports.js';
import { progressRoutes } from './routes/v1/progress.js';
import { submissionRoutes } from './routes/v1/submissions.js';
import { templateRoutes } from './routes/v1/templates.js';
import { valueRoutes } from './routes/v1/values.js';

export type PageHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/** What the SvelteKit side finds on `platform.req`: the services, this request's id and logger. */
export type RequestWithServices = IncomingMessage & {
	[SERVICES_KEY]?: Services;
	[REQUEST_KEY]?: RequestContext;
};

export interface BuildAppOptions {
	services: Services;
	/** adapter-node's handler; absent in API-only tests. */
	pages?: PageHandler;
	/** JSON logs (src/api/logging.ts); none when absent. */
	logger?: LogOptions | false;
}

export async function buildApp({
	services,
	pages,
	logger = false
}: BuildAppOptions): Promise<FastifyInstance> {
	const app = Fastify({
		logger: logger ? loggerOptions(logger) : false,
		// The request id goes in every log line, so one person's failed upload can be followed.
		genReqId: requestIdFor,
		bodyLimit: services.config.maxUploadBytes,
		trustProxy: false,
		// Fastify turns Node's request timeout off; without one, a client that trickles its body a
		// byte at a time holds its connection (and the upload's memory) for as long as it likes.
		requestTimeout: services.config.requestTimeoutMs,
		http: {
			headersTimeout: Math.min(60_000, services.config.requestTimeoutMs),
			// Node looks for late requests only this often (30 s by default), so a short timeout
			// would otherwise be enforced up to 30 s late.
			connectionsCheckingInterval: Math.min(
				30_000,
				Math.max(100, Math.floor(services.config.requestTimeoutMs / 4))
			)
		},
		clientErrorHandler: answerClientError,
		// Errors Fastify raises before routing (a malformed URL, say) get the same JSON shape.
		frameworkErrors: (_error, _request, reply) => {
			void (reply as FastifyReply)
				.code(400)
				.send(apiError(400, 'bad_request', 'The address of this request is not valid.'));
		}
	});

	// On the root, not inside the /api/v1 plugin: Fastify's default handler would send an
	// error's own message (internals included) for any route registered outside that plugin.
	registerApiErrorHandling(app);
	// On every answer, the pages' included: the reference a person quotes when reporting a problem.
	app.addHook('onRequest', async (request, reply) => {
		reply.header(REQUEST_ID_HEADER, request.id);
	});
	await app.register(securityHeaders);
	await app.register(
		async (api) => {
			// In this order: headers on every answer, then who is asking, then how often.
			await api.register(apiSecurityHeaders);
			await api.register(apiAuth, { services });
			await api.register(apiRateLimit, { services });
			await api.register(healthRoutes, { services });
			await api.register(frameworkRoutes, { services });
			// Its own scope: the multipart plugin and the CSV body parsers apply to uploads only.
			await api.register(importRoutes, { services });
			await api.register(templateRoutes, { services });
			await api.register(submissionRoutes, { services });
			await api.register(progressRoutes, { services });
			await api.register(valueRoutes, { services });
			await api.register(exportRoutes, { services });
			// Without this, an unknown /api/v1 path would fall through to the pages' HTML 404.
			api.all('/*', { config: { public: true } }, async (request, reply) => reply.callNotFound());
		},
		{ prefix: '/api/v1' }
	);

	// Outside the pages' scope, which leaves bodies to SvelteKit and audits cross-site form posts:
	// a mail client's one-click unsubscribe is one, by design (routes/unsubscribe.ts).
	await app.register(unsubscribeRoutes, { services });

	if (pages) {
		await app.register(async (site) => {
			await site.register(auditCrossSiteForms, { services });
			if (services.config.originIsDefault) {
				// Reached as http://127.0.0.1:3000 while the origin is http://localhost:3000, every form
				// post would be refused as cross-site; send the browser to the one address instead.
				const originHost = new URL(services.config.origin).host;
				site.addHook('onRequest', async (request, reply) => {
					if (request.method !== 'GET' && request.method !== 'HEAD') return;
					if (request.headers.host === originHost) return;
					return reply.redirect(`${services.config.origin}${request.url}`, 308);
				});
			}
			// SvelteKit reads the request body itself, so Fastify must leave the stream untouched.
			site.removeAllContentTypeParsers();
			site.addContentTypeParser('*', (_request, _payload, done) => done(null));
			const toPages = (request: FastifyRequest, reply: FastifyReply) => {
				const raw = request.raw as RequestWithServices;
				raw[SERVICES_KEY] = services;
				raw[REQUEST_KEY] = { id: request.id, log: request.log };
				reply.hijack();
				// A hijacked reply sends none of Fastify's headers; SvelteKit keeps this one.
				reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
				pages(request.raw, reply.raw);
			};
			site.all('/', toPages);
			site.all('/*', toPages);
		});
	}
	return app;
}
