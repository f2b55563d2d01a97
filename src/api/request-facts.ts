import type { FastifyRequest } from 'fastify';

/** Methods that may change data; a browser sends its cookies with these from any site. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set([
	'POST',
	'PUT',
	'PATCH',
	'DELETE'
]);

/** `GET /api/v1/framework` for the audit log: the query string may hold anything, so it is left out. */
export function describeRequest(request: FastifyRequest): string {
	return `${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`;
}
