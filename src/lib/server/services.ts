import type { IncomingMessage } from 'node:http';

import type { Services } from '../../services';
import { SERVICES_KEY } from '../../services-key';

/**
 * The services of this process. In production the Fastify server hands them over on the request;
 * in development the Vite plugin keeps them on globalThis.
 */
export function servicesFor(req: IncomingMessage | undefined): Services {
	const fromRequest = (req as (IncomingMessage & { [SERVICES_KEY]?: Services }) | undefined)?.[
		SERVICES_KEY
	];
	const services = fromRequest ?? (globalThis as { [SERVICES_KEY]?: Services })[SERVICES_KEY];
	if (!services)
		throw new Error(
			'The pages were started without the server: start them with "npm start" or "npm run dev".'
		);
	return services;
}
