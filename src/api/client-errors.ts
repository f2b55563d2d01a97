/**
 * Answers to requests that Node refuses before Fastify sees them: an address or headers too long
 * (431), a request too slow to arrive (408), bytes that are not HTTP (400). Fastify's default
 * answers in its own JSON shape and in a developer's words; these answer in the API's
 * `{ error: { code, message } }`, with a sentence for a person, on pages and API alike.
 * @see https://fastify.dev/docs/latest/Reference/Server/#clienterrorhandler
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

import { apiError } from './errors.js';

interface ClientErrorAnswer {
	status: number;
	code: string;
	message: string;
}

export function describeClientError(errorCode: string | undefined): ClientErrorAnswer {
	switch (errorCode) {
		case 'ERR_HTTP_REQUEST_TIMEOUT':
			return {
				status: 408,
				code: 'request_timeout',
				message:
					'The request took too long to arrive, so the connection was closed. Check your connection and send it again.'
			};
		case 'HPE_HEADER_OVERFLOW':
			return {
				status: 431,
				code: 'request_too_large',
				message:
					'The address or the headers of this request are too long. Shorten the address (the part after "?"), or clear this site’s cookies and try again.'
			};
		default:
			return {
				status: 400,
				code: 'bad_request',
				message: 'The request could not be read: it is not well-formed HTTP.'
			};
	}
}

export function answerClientError(
	this: FastifyInstance,
	error: Error & { code?: string },
	socket: Socket
): void {
	// The client has gone already: there is no one to answer.
	if (error.code === 'ECONNRESET' || socket.destroyed) return;
	const answer = describeClientError(error.code);
	this.log.info({ err: { message: error.message, code: error.code } }, 'client error');
	if (socket.writable) {
		const body = JSON.stringify(apiError(answer.status, answer.code, answer.message));
		socket.write(
			`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n` +
				'Content-Type: application/json; charset=utf-8\r\n' +
				`Content-Length: ${Buffer.byteLength(body)}\r\n` +
				'Connection: close\r\n\r\n' +
				body
		);
	}
	socket.destroy(error);
}
