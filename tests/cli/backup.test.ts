/** `strategy-tracker backup FILE`: a checked copy of the database, taken while it is in use. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import { checkBackup } from '../../src/db/backup.js';
import { TEST_NOW, buildTestApp, tempDatabasePath, type TestApp } from '../helpers/build-app.js';

describe('strategy-tracker backup', () => {
	let built: TestApp;
	const out = tempDatabasePath();

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'demo' });
	});

	afterAll(async () => {
		await built.close();
		out.remove();
	});

	async function run(argv: string[], databasePath = join(built.dir, 'tracker.db')) {
		const printed: string[] = [];
		const errors: string[] = [];
		const code = await runCli(argv, {
			out: (text) => printed.push(text),
			err: (text) => errors.push(text),
			env: { DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' },
			now: () => new Date(TEST_NOW)
		});
		return { code, out: printed.join(''), err: errors.join('') };
	}

	it('writes a backup the server’s own database can be restored from, and says what it holds', async () => {
		const result = await run(['backup', out.path]);
		expect(result.code, result.err).toBe(0);
		const held = checkBackup(out.path);
		expect(held.figures).toBe(
			built.services.db.$client.prepare('SELECT count(*) FROM figures').pluck().get()
		);
		expect(result.out).toContain(`${held.figures} figures, ${held.uploads} uploads`);
		expect(result.out).toContain('Integrity check: ok.');
	});

	it('refuses to overwrite a file, with exit 1', async () => {
		const result = await run(['backup', out.path]);
		expect(result.code).toBe(1);
		expect(result.err).toMatch(/already exists/);
	});

	it('needs the file to write: a usage mistake, exit 2', async () => {
		const result = await run(['backup']);
		expect(result.code).toBe(2);
		expect(result.err).toMatch(/needs the file to write/);
	});

	it('says so when there is no database to back up', async () => {
		const result = await run(['backup', join(out.dir, 'copy.db')], join(out.dir, 'missing.db'));
		expect(result.code).toBe(1);
		expect(result.err).toMatch(/no database/);
	});
});
