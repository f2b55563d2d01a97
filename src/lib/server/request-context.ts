import type { IncomingMessage } from 'node:http';

import { REQUEST_KEY, type RequestContext } from '../../request-key';

/**
 * This request's id and logger, as the server handed them over. Under `vite dev` the pages are not
 * served through Fastify, so there is no context: a fresh id and the console stand in.
 */
export function requestContextFor(req: IncomingMessage | undefined): RequestContext {
	const fromServer = (req as (IncomingMessage & { [REQUEST_KEY]?: RequestContext }) | undefined)?.[
		REQUEST_KEY
	];
	return (
		fromServer ?? {
			id: crypto.randomUUID(),
			log: { error: (obj, msg) => console.error(msg, obj) }
		}
	);
}
