import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp, type TestApp } from '../../../helpers/build-app.js';

const ALL_OK = { database: 'ok', migrations: 'ok', framework: 'ok' };

describe('GET /api/v1/ready', () => {
	let built: TestApp | undefined;

	afterEach(async () => {
		await built?.close();
		built = undefined;
	});

	const ready = () => built!.app.inject({ method: 'GET', url: '/api/v1/ready' });

	it('answers 200 ready once the database is migrated and the framework loaded', async () => {
		built = await buildTestApp({ seed: 'framework' });
		const res = await ready();
		expect(res.statusCode).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		expect(res.json()).toEqual({ status: 'ready', checks: ALL_OK });
	});

	it('answers 503 while no framework is loaded', async () => {
		built = await buildTestApp();
		const res = await ready();
		expect(res.statusCode).toBe(503);
		expect(res.json()).toEqual({ status: 'not ready', checks: { ...ALL_OK, framework: 'failed' } });
	});

	it('answers 503 when the database lacks a migration this code ships', async () => {
		built = await buildTestApp({ seed: 'framework' });
		built.services.db.$client
			.prepare(
				'DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)'
			)
			.run();
		const res = await ready();
		expect(res.statusCode).toBe(503);
		expect(res.json()).toEqual({
			status: 'not ready',
			checks: { database: 'ok', migrations: 'failed', framework: 'not checked' }
		});
	});

	it('answers 503 when the database has a migration this code does not know (a newer release)', async () => {
		built = await buildTestApp({ seed: 'framework' });
		built.services.db.$client
			.prepare(`INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('f00d', 9999999999999)`)
			.run();
		const res = await ready();
		expect(res.statusCode).toBe(503);
		expect(res.json().checks.migrations).toBe('failed');
	});

	it('answers 503 when a migration was changed after it was applied', async () => {
		built = await buildTestApp({ seed: 'framework' });
		built.services.db.$client
			.prepare(
				`UPDATE __drizzle_migrations SET hash = 'edited' WHERE created_at = (SELECT min(created_at) FROM __drizzle_migrations)`
			)
			.run();
		const res = await ready();
		expect(res.statusCode).toBe(503);
		expect(res.json().checks.migrations).toBe('failed');
	});

	it('answers 503 naming the database, without detail, once the database is gone', async () => {
		built = await buildTestApp({ seed: 'framework' });
		built.services.close();
		const res = await ready();
		expect(res.statusCode).toBe(503);
		expect(res.json()).toEqual({
			status: 'not ready',
			checks: { database: 'failed', migrations: 'not checked', framework: 'not checked' }
		});
		expect(res.body).not.toContain(built.dir);
		expect(res.body).not.toMatch(/connection|sqlite/i);
	});

	it('waits only briefly for a lock, and leaves the usual wait in place afterwards', async () => {
		built = await buildTestApp({ seed: 'framework' });
		const sqlite = built.services.db.$client;
		const usual = sqlite.pragma('busy_timeout', { simple: true });
		const pragma = sqlite.pragma.bind(sqlite);
		const asked: string[] = [];
		sqlite.pragma = ((source: string, options?: { simple?: boolean }) => {
			asked.push(source);
			return pragma(source, options);
		}) as typeof sqlite.pragma;
		expect((await ready()).statusCode).toBe(200);
		expect(asked).toContain('busy_timeout = 500');
		expect(pragma('busy_timeout', { simple: true })).toBe(usual);
	});
});
