/** `strategy-tracker restore FILE`: what it says, and what it refuses. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

describe('strategy-tracker restore', () => {
	let folder: TempDatabasePath;
	let backupPath: string;

	beforeAll(() => {
		folder = tempDatabasePath();
		backupPath = join(folder.dir, 'backup.db');
		const db = openDatabase(folder.path);
		try {
			seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false });
		} finally {
			closeDatabase(db);
		}
	});

	afterAll(() => folder.remove());

	async function run(argv: string[], now = TEST_NOW) {
		const printed: string[] = [];
		const errors: string[] = [];
		const code = await runCli(argv, {
			out: (text) => printed.push(text),
			err: (text) => errors.push(text),
			env: { DATABASE_PATH: folder.path, LOG_LEVEL: 'silent' },
			now: () => new Date(now)
		});
		return { code, out: printed.join(''), err: errors.join('') };
	}

	it('restores a backup made by "backup", saying what it kept aside and what it restored', async () => {
		expect((await run(['backup', backupPath])).code).toBe(0);

		const result = await run(['restore', backupPath]);

		expect(result.code, result.err).toBe(0);
		const aside = `${folder.path}.before-restore-20261123T120000Z`;
		expect(existsSync(aside)).toBe(true);
		expect(result.out).toBe(
			`Kept the database that was in place aside as ${aside}.\n` +
				`Restored ${backupPath} to ${folder.path}: 0 figures, 0 uploads, 2 audit entries (including this restore). Integrity check: ok.\n`
		);
	});

	it('refuses a file that is not a backup, with exit 1 and one sentence', async () => {
		const notes = join(folder.dir, 'notes.txt');
		writeFileSync(notes, 'not a database');
		const result = await run(['restore', notes]);
		expect(result.code).toBe(1);
		expect(result.err).toBe(
			`${notes} is not an SQLite database, so it is not a Strategy Tracker backup.\n`
		);
	});

	it('refuses while the server holds the database, telling to stop it first', async () => {
		const server = openDatabase(folder.path);
		try {
			const result = await run(['restore', backupPath], new Date('2026-11-24T09:00:00Z'));
			expect(result.code).toBe(1);
			expect(result.err).toMatch(/Stop the server first, then run restore again\.\n$/);
		} finally {
			closeDatabase(server);
		}
	});

	it('needs the backup file: a usage mistake, exit 2', async () => {
		const result = await run(['restore']);
		expect(result.code).toBe(2);
		expect(result.err).toMatch(/"restore" needs the backup file to restore/);
	});

	it('explains itself under help, and is listed in the commands', async () => {
		expect((await run(['help', 'restore'])).out).toMatch(/Stop the server first/);
		expect((await run(['help'])).out).toMatch(/restore FILE\s+Replace the database/);
	});
});
