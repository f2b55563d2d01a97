/**
 * What the import and template routes share: reading their query strings, and turning the import
 * service's refusals (unknown partner, bad quarter) into the API's `{ error }` answers.
 */
import type { FastifyRequest } from 'fastify';

import { ImportTargetError } from '../imports/import-service.js';
import { ApiError } from './errors.js';

/**
 * One query parameter as text, or undefined when absent. Given twice (`?period=a&period=b`), it
 * is refused rather than one of the two picked silently.
 */
export function queryText(request: FastifyRequest, name: string): string | undefined {
	const value = (request.query as Record<string, unknown>)[name];
	if (value === undefined) return undefined;
	if (typeof value !== 'string')
		throw new ApiError(400, 'bad_request', `Give ${name} once in the address, not several times.`);
	return value;
}

/** Runs `work`, answering the service's "not that partner or quarter" as the API's 4xx. */
export function withImportTarget<T>(work: () => T): T {
	try {
		return work();
	} catch (error) {
		throw asApiError(error);
	}
}

/** withImportTarget for work that is awaited (an import checked in slices). */
export async function withImportTargetAwaited<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw asApiError(error);
	}
}

function asApiError(error: unknown): unknown {
	if (!(error instanceof ImportTargetError)) return error;
	// The service's codes are kebab-case ('bad-period'); the API's are snake_case.
	return new ApiError(
		error.target.status,
		error.target.code.replaceAll('-', '_'),
		error.target.message
	);
}
