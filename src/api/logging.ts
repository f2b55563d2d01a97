/**
 * What the JSON log (pino, through Fastify) may say about a request, and the request's id.
 * ASVS 16.2.5: no tokens, passwords or figures in logs. Bodies are never logged (Fastify does not,
 * and nothing here adds them); query strings are dropped, since they carry periods, partners and
 * page state chosen by the caller; the secret in a one-time link's path is replaced.
 * @see https://fastify.dev/docs/latest/Reference/Logging/
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** An id a proxy or client may send for us to reuse: short, and safe to echo in a header or log. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The caller's own X-Request-Id when it is sane, so a proxy's logs and ours line up; otherwise a
 * new random one. Anything else (too long, odd characters, sent twice) is ignored, not trusted.
 */
export function requestIdFor(req: IncomingMessage): string {
	const sent = req.headers[REQUEST_ID_HEADER];
	return typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : crypto.randomUUID();
}

/** Pages whose path holds a one-time secret: a submission link and a set-password link. */
const SECRET_IN_PATH = /^\/(link|set-password)\/[^/]+/;

/** The path only, with any one-time secret in it replaced. */
export function loggableUrl(url: string): string {
	const path = url.split(/[?#]/, 1)[0] ?? '';
	return path.replace(SECRET_IN_PATH, '/$1/[secret]');
}

/** Fastify's request line, with the path made safe and nothing from headers or the body. */
function serializeRequest(request: FastifyRequest) {
	return {
		method: request.method,
		url: loggableUrl(request.url),
		remoteAddress: request.ip
	};
}

export interface LogOptions {
	level: string;
	/** Where the JSON lines go; standard output unless a test captures them. */
	stream?: { write(line: string): void };
}

export function loggerOptions({ level, stream }: LogOptions): FastifyServerOptions['logger'] {
	return {
		level,
		...(stream ? { stream } : {}),
		serializers: { req: serializeRequest },
		// Defence in depth: no serializer here logs headers, but a future `log.info({ req })`
		// with the raw request would, and these are credentials.
		redact: {
			paths: [
				'req.headers.authorization',
				'req.headers.cookie',
				'headers.authorization',
				'headers.cookie',
				'res.headers["set-cookie"]'
			],
			censor: '[redacted]'
		}
	};
}
