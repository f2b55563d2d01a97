import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { backupDatabase, BackupError } from '../../src/db/backup.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { buildTestApp, tempDatabasePath, type TestApp } from '../helpers/build-app.js';

describe('backupDatabase', () => {
	let built: TestApp;
	const target = tempDatabasePath();

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'demo' });
	});

	afterAll(async () => {
		await built.close();
		target.remove();
	});

	const counts = (sql: (q: string) => unknown) => ({
		figures: sql('SELECT count(*) FROM figures'),
		revisions: sql('SELECT count(*) FROM figure_revisions'),
		uploads: sql('SELECT count(*) FROM uploads'),
		uploadBytes: sql('SELECT sum(length(content)) FROM uploads'),
		audit: sql('SELECT count(*) FROM audit_log'),
		users: sql('SELECT count(*) FROM users')
	});

	it('copies every value, upload and audit entry while the database is open', async () => {
		const summary = await backupDatabase(built.services.db, target.path);
		// One self-contained file, even after its check opened it: no -wal or -shm beside it.
		expect(readdirSync(target.dir)).toEqual(['tracker.db']);
		expect(readFileSync(target.path).subarray(0, 16).toString('latin1')).toBe(
			'SQLite format 3\u0000'
		);
		const live = counts((q) => built.services.db.$client.prepare(q).pluck().get());
		expect(live.figures).toBeGreaterThan(1000);
		expect(summary).toMatchObject({
			figures: live.figures,
			uploads: live.uploads,
			auditEntries: live.audit
		});
		// Restored the way the app opens a database: migrations find nothing to do.
		const restored = openDatabase(target.path);
		try {
			expect(counts((q) => restored.$client.prepare(q).pluck().get())).toEqual(live);
		} finally {
			closeDatabase(restored);
		}
	});

	it('never overwrites a file', async () => {
		const existing = target.path;
		expect(existsSync(existing)).toBe(true);
		await expect(backupDatabase(built.services.db, existing)).rejects.toThrow(BackupError);
		await expect(backupDatabase(built.services.db, existing)).rejects.toThrow(/already exists/);
	});
});
