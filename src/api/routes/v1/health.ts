import type { FastifyInstance } from 'fastify';

import type { Services } from '../../../services.js';

export async function healthRoutes(app: FastifyInstance, opts: { services: Services }) {
	app.get(
		'/health',
		{
			// Open to anyone, so it says only whether the service and its database answer.
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
}
