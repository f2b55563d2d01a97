import { readFileSync } from 'node:fs';
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';

const schemaTables = Object.values(schema as Record<string, unknown>).filter(
	(value): value is SQLiteTable => is(value, SQLiteTable)
);

function tableNames(db: Db): string[] {
	return db.$client
		.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
		.pluck()
		.all() as string[];
}

function columnNames(db: Db, table: string): string[] {
	return (db.$client.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

describe('migrations', () => {
	let database: TempDatabasePath;
	let db: Db | undefined;

	beforeEach(() => {
		database = tempDatabasePath();
	});

	afterEach(() => {
		if (db) closeDatabase(db);
		db = undefined;
		database.remove();
	});

	it('creates every table of the schema in an empty database, with its columns', () => {
		db = openDatabase(database.path);
		const found = tableNames(db);
		expect(schemaTables.length).toBeGreaterThan(20);
		for (const table of schemaTables) {
			const name = getTableName(table);
			expect(found, `table ${name}`).toContain(name);
			const expected = getTableConfig(table).columns.map((c) => c.name);
			expect(columnNames(db, name).sort(), `columns of ${name}`).toEqual(expected.sort());
		}
	});

	it('turns on WAL, foreign keys and full synchronous writes', () => {
		db = openDatabase(database.path);
		expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
	});

	it('records each migration once and is harmless to run again', () => {
		db = openDatabase(database.path);
		db.$client.prepare(`INSERT INTO app_meta (key, value) VALUES ('kept', 'yes')`).run();
		const applied = db.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
		const tables = tableNames(db);
		closeDatabase(db);

		// Twice more: the migrator must find nothing left to do.
		closeDatabase(openDatabase(database.path));
		db = openDatabase(database.path);
		expect(db.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(
			applied
		);
		// Every migration in the journal, and no other.
		const journal = JSON.parse(
			readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8')
		) as {
			entries: unknown[];
		};
		expect(applied).toBe(journal.entries.length);
		expect(tableNames(db)).toEqual(tables);
		expect(db.$client.prepare(`SELECT value FROM app_meta WHERE key = 'kept'`).pluck().get()).toBe(
			'yes'
		);
	});

	it('opens without migrating when asked, leaving an empty file empty', () => {
		db = openDatabase(database.path, { migrate: false });
		expect(tableNames(db)).toEqual([]);
	});
});
