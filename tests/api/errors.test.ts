import { afterEach, describe, expect, it } from 'vitest';

import { ApiError } from '../../src/api/errors.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';

const generic500 = (reference: string) =>
	`Something went wrong on our side. Try again; if it keeps happening, tell the partnership coordinator and quote reference ${reference}.`;

describe('API error handling', () => {
	let built: TestApp | undefined;

	afterEach(async () => {
		await built?.close();
		built = undefined;
	});

	it('answers an unknown API path with a JSON 404', async () => {
		built = await buildTestApp();
		for (const method of ['GET', 'POST', 'DELETE'] as const) {
			const res = await built.app.inject({ method, url: '/api/v1/no-such-thing?x=1' });
			expect(res.statusCode).toBe(404);
			expect(res.headers['content-type']).toMatch(/^application\/json/);
			expect(res.json()).toEqual({
				error: {
					code: 'not_found',
					message: `There is no API route ${method} /api/v1/no-such-thing.`
				}
			});
		}
	});

	it('never sends the detail of an unexpected error to the client', async () => {
		built = await buildTestApp();
		// Added before the app is ready, as fastify/demo's error-handler test does.
		built.app.get('/api/v1/kaboom', async () => {
			throw new Error('Kaboom! secret');
		});
		built.app.get('/kaboom', async () => {
			throw new Error('Kaboom! secret');
		});
		for (const url of ['/api/v1/kaboom', '/kaboom']) {
			const res = await built.app.inject({ method: 'GET', url });
			expect(res.statusCode, url).toBe(500);
			const reference = res.headers['x-request-id'] as string;
			expect(reference).toMatch(/^[0-9a-f-]{36}$/);
			expect(res.json(), url).toEqual({
				error: { code: 'internal_error', message: generic500(reference), reference }
			});
			expect(res.body, url).not.toMatch(/kaboom|secret|stack/i);
		}
	});

	it('keeps the message and status of an error that is the client’s to fix', async () => {
		built = await buildTestApp();
		built.app.get('/api/v1/ambiguous', async () => {
			throw Object.assign(new Error('"2025 Q1" is ambiguous: did you mean 2024-25 Q4?'), {
				statusCode: 400
			});
		});
		built.app.get('/api/v1/locked', async () => {
			throw new ApiError(409, 'quarter_locked', 'This quarter is approved and locked.');
		});

		const ambiguous = await built.app.inject({ method: 'GET', url: '/api/v1/ambiguous' });
		expect(ambiguous.statusCode).toBe(400);
		expect(ambiguous.json()).toEqual({
			error: { code: 'bad_request', message: '"2025 Q1" is ambiguous: did you mean 2024-25 Q4?' }
		});

		const locked = await built.app.inject({ method: 'GET', url: '/api/v1/locked' });
		expect(locked.statusCode).toBe(409);
		expect(locked.json()).toEqual({
			error: { code: 'quarter_locked', message: 'This quarter is approved and locked.' }
		});
	});

	it('answers a malformed JSON body with a JSON 400', async () => {
		built = await buildTestApp();
		const res = await built.app.inject({
			method: 'POST',
			url: '/api/v1/health',
			headers: { 'content-type': 'application/json' },
			payload: '{"not json'
		});
		expect(res.statusCode).toBe(400);
		expect(res.json().error.code).toBe('bad_request');
	});
});
