import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp, type TestApp } from '../../../helpers/build-app.js';

describe('GET /api/v1/health', () => {
	let built: TestApp | undefined;

	afterEach(async () => {
		await built?.close();
		built = undefined;
	});

	it('reports the service and its database as ok', async () => {
		built = await buildTestApp();
		const res = await built.app.inject({ method: 'GET', url: '/api/v1/health' });
		expect(res.statusCode).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
	});

	it('answers 500 without detail once the database is gone', async () => {
		built = await buildTestApp();
		built.services.close();
		const res = await built.app.inject({ method: 'GET', url: '/api/v1/health' });
		expect(res.statusCode).toBe(500);
		expect(res.json().error.code).toBe('internal_error');
		expect(res.body).not.toMatch(/database connection is not open/i);
	});
});
