/** `strategy-tracker export`: the API's export, for the coordinator, byte for byte. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import { TEST_NOW, buildTestApp, signedInUser, type TestApp } from '../helpers/build-app.js';

describe('strategy-tracker export', () => {
	let built: TestApp;
	let cookie: string;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'demo' });
		cookie = (await signedInUser(built.services, 'coordinator')).cookie;
	});

	afterAll(async () => {
		await built.close();
	});

	async function run(argv: string[]) {
		const out: string[] = [];
		const err: string[] = [];
		const code = await runCli(argv, {
			out: (text) => out.push(text),
			err: (text) => err.push(text),
			env: { DATABASE_PATH: join(built.dir, 'tracker.db'), LOG_LEVEL: 'silent' },
			now: () => new Date(TEST_NOW)
		});
		return { code, out: out.join(''), err: err.join('') };
	}

	const api = async (path: string) =>
		(await built.app.inject({ method: 'GET', url: `/api/v1/${path}`, headers: { cookie } })).body;

	it('prints the same CSV as GET /api/v1/export.csv gives the coordinator, for every quarter', async () => {
		const cli = await run(['export']);
		expect(cli.code, cli.err).toBe(0);
		expect(cli.out.split('\r\n').length).toBeGreaterThan(1000);
		expect(cli.out).toBe(await api('export.csv'));
	});

	it('prints the same CSV for one quarter, named as a label or as a slug', async () => {
		const expected = await api('export.csv?period=2024-25-q1');
		expect((await run(['export', '--period', '2024-25 Q1'])).out).toBe(expected);
		expect((await run(['export', '--period', '2024-25-q1', '--format', 'csv'])).out).toBe(expected);
	});

	it('prints the same JSON as GET /api/v1/export.json with --format json', async () => {
		const cli = await run(['export', '--period', '2024-25-q1', '--format', 'json']);
		expect(cli.code).toBe(0);
		expect(cli.out).toBe(await api('export.json?period=2024-25-q1'));
		expect(JSON.parse(cli.out).values.length).toBeGreaterThan(0);
	});

	it('refuses a format it does not know, and a quarter that is not one, as usage mistakes', async () => {
		const format = await run(['export', '--format', 'xlsx']);
		expect(format).toMatchObject({ code: 2, out: '' });
		expect(format.err).toContain('"xlsx" is not an export format');
		const period = await run(['export', '--period', '2025 Q1']);
		expect(period).toMatchObject({ code: 2, out: '' });
		expect(period.err).toContain('2024-25 Q4');
	});
});
