import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
	closeDatabase,
	DatabaseOpenError,
	openDatabase,
	WAL_SIZE_LIMIT_BYTES
} from '../../src/db/client.js';
import { tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';

function openingError(path: string): DatabaseOpenError {
	try {
		openDatabase(path);
	} catch (error) {
		if (error instanceof DatabaseOpenError) return error;
		throw error;
	}
	throw new Error(`openDatabase(${path}) did not fail`);
}

describe('openDatabase', () => {
	let database: TempDatabasePath;

	beforeEach(() => {
		database = tempDatabasePath();
	});

	afterEach(() => {
		database.remove();
	});

	it('cuts the WAL file back after a write larger than the limit, once it is checkpointed and reused', () => {
		const db = openDatabase(database.path);
		try {
			const sqlite = db.$client;
			sqlite.exec('CREATE TABLE bulk (bytes BLOB)');
			const insert = sqlite.prepare('INSERT INTO bulk (bytes) VALUES (?)');
			const chunk = Buffer.alloc(1024 * 1024, 7);
			const chunks = WAL_SIZE_LIMIT_BYTES / chunk.length + 8;
			sqlite.transaction(() => {
				for (let i = 0; i < chunks; i++) insert.run(chunk);
			})();
			const walSize = () => statSync(`${database.path}-wal`).size;
			expect(walSize()).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
			sqlite.pragma('wal_checkpoint(PASSIVE)');
			sqlite.exec('DELETE FROM bulk');
			expect(walSize()).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
		} finally {
			closeDatabase(db);
		}
	});

	it('refuses a path in a folder that does not exist, in a sentence naming the folder', () => {
		const folder = join(database.dir, 'no-such-folder');
		const error = openingError(join(folder, 'tracker.db'));
		expect(error.message).toContain(`(${folder}) does not exist`);
		expect(error.message).toMatch(/^The folder for the database .*\.$/);
		expect(error.message).not.toContain('\n');
	});

	it('refuses a file of garbage bytes as not a valid SQLite database', () => {
		const garbage = Buffer.alloc(8192, 'This is a spreadsheet, not a database. ');
		writeFileSync(database.path, garbage);
		const error = openingError(database.path);
		expect(error.message).toContain(`${database.path} is not a valid SQLite database`);
		expect(error.message).not.toContain('\n');
	});

	it('refuses a path whose folder is a file', () => {
		writeFileSync(database.path, '');
		const error = openingError(join(database.path, 'tracker.db'));
		expect(error.message).toBe(
			`${database.path} is not a folder. Set DATABASE_PATH to a file in a folder.`
		);
	});
});
