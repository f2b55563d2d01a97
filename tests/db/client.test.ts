import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DatabaseOpenError, openDatabase } from '../../src/db/client.js';
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
