/**
 * Probes for whoever runs the service. /health: the process is alive and its database answers
 * (cheap, for a liveness check). /ready: it can serve real requests (database, schema, framework),
 * for a readiness check. Both are public, so they say which check failed in general words only.
 */
import type { FastifyInstance } from 'fastify';

import type { Services } from '../../../services.js';

const CHECK = { type: 'string', enum: ['ok', 'failed', 'not checked'] } as const;

export async function healthRoutes(app: FastifyInstance, opts: { services: Services }) {
	app.get(
		'/health',
		{
			config: { public: true },
			schema: {
				response: {
					200: {
						type: 'object',
						properties: { status: { type: 'string' }, database: { type: 'string' } },
						required: ['status', 'database']
					}
				}
			}
		},
		async () => {
			opts.services.db.$client.prepare('SELECT 1').get();
			return { status: 'ok', database: 'ok' };
		}
	);

	const readiness = {
		type: 'object',
		properties: {
			status: { type: 'string', enum: ['ready', 'not ready'] },
			checks: {
				type: 'object',
				properties: { database: CHECK, migrations: CHECK, framework: CHECK },
				required: ['database', 'migrations', 'framework'],
				additionalProperties: false
			}
		},
		required: ['status', 'checks'],
		additionalProperties: false
	} as const;

	app.get(
		'/ready',
		{ config: { public: true }, schema: { response: { 200: readiness, 503: readiness } } },
		async (request, reply) => {
			const { ready, checks, cause } = opts.services.readiness();
			if (!ready) request.log.warn({ checks, err: cause }, 'not ready');
			return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
		}
	);
}
