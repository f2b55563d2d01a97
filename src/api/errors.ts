/**
 * One error handler for the API: every failure is JSON `{ error: { code, message } }` with the
 * right status. Messages for 500 and above stay generic: the detail goes to the log, never to the
 * client.
 * @see https://fastify.dev/docs/latest/Reference/Errors/
 */
import type { FastifyError, FastifyInstance } from 'fastify';

import { internalErrorMessage } from '../core/internal-error.js';
import { echoInput } from '../core/echo.js';

export interface ApiErrorBody {
	/** `reference` (the request id) only on our own failures: the one thing worth reporting. */
	error: { code: string; message: string; reference?: string };
}

export class ApiError extends Error {
	constructor(
		readonly statusCode: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export function apiError(statusCode: number, code: string, message: string): ApiErrorBody {
	return { error: { code, message } };
}

const CODES: Record<number, string> = {
	400: 'bad_request',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	409: 'conflict',
	413: 'payload_too_large',
	415: 'unsupported_media_type',
	422: 'unprocessable',
	429: 'too_many_requests'
};

/**
 * Fastify's own refusals of a body, reworded for the person sending it. Its wording ("Body is not
 * valid JSON but content-type is set to 'application/json'") is for developers.
 */
const BODY_REFUSALS: Record<string, string> = {
	FST_ERR_CTP_INVALID_JSON_BODY:
		'The body is not valid JSON. Send a JSON object, for example {"version": 3}.',
	FST_ERR_CTP_EMPTY_JSON_BODY:
		'The body is empty but is labelled as JSON. Send a JSON object, for example {"version": 3}.',
	FST_ERR_CTP_BODY_TOO_LARGE: 'The body of this request is larger than the API accepts.',
	FST_ERR_CTP_INVALID_CONTENT_LENGTH:
		'The body is not as long as its Content-Length header says. Send the request again.',
	FST_ERR_CTP_INVALID_MEDIA_TYPE:
		'This route does not accept a body of that Content-Type. Send JSON (application/json).'
};

export function registerApiErrorHandling(app: FastifyInstance): void {
	app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
		const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
		if (status >= 500) {
			request.log.error({ err: error }, 'request failed');
			return reply.status(status).send({
				error: {
					code: 'internal_error',
					message: internalErrorMessage(request.id),
					reference: request.id
				}
			} satisfies ApiErrorBody);
		}
		request.log.info({ err: { message: error.message, code: error.code } }, 'request refused');
		const code = error instanceof ApiError ? error.code : (CODES[status] ?? 'bad_request');
		const message =
			'validation' in error && error.validation
				? `The request is not valid: ${error.message}.`
				: (BODY_REFUSALS[error.code] ?? error.message);
		return reply.status(status).send(apiError(status, code, message));
	});

	app.setNotFoundHandler((request, reply) =>
		reply
			.status(404)
			.send(
				apiError(
					404,
					'not_found',
					`There is no API route ${request.method} ${echoInput(request.url.split('?')[0]!, 100)}.`
				)
			)
	);
}
