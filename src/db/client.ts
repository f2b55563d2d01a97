/**
 * Opens the SQLite database: WAL, foreign keys, full durability, and the migrations applied.
 * @see https://www.sqlite.org/wal.html
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

import { databaseFolderProblem } from './database-folder.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** A problem opening the database that the person starting the app can fix. */
export class DatabaseOpenError extends Error {
	override name = 'DatabaseOpenError';
}

export const MIGRATIONS_DIR = process.env.MIGRATIONS_DIR
	? resolve(process.env.MIGRATIONS_DIR)
	: fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface OpenDatabaseOptions {
	/** Apply pending migrations (the server and the CLI do; a backup check does not). */
	migrate?: boolean;
}

/** The size SQLite cuts the WAL file back to once it has been checkpointed and reused. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
	const sqlite = openSqliteFile(path);
	try {
		// FULL: a committed upload survives a power cut, not just a crash; at our write volumes
		// (thousands of rows a quarter) the cost is invisible.
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = FULL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		// After a large import the WAL file would otherwise keep its peak size on disk until the
		// server restarts; SQLite cuts it back to this when it next starts the WAL over.
		sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
		const db = drizzle(sqlite, { schema }) as Db;
		if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
		return db;
	} catch (error) {
		sqlite.close();
		if (isSqliteCorruption(error)) {
			throw new DatabaseOpenError(
				`The database file ${path} is not a valid SQLite database or is damaged. Restore it from a backup (strategy-tracker restore FILE) or move it aside to start afresh.`
			);
		}
		throw error;
	}
}

function openSqliteFile(path: string): Database.Database {
	const folderProblem = path === ':memory:' ? undefined : databaseFolderProblem(path);
	if (folderProblem) throw new DatabaseOpenError(folderProblem);
	let sqlite: Database.Database;
	try {
		sqlite = new Database(path);
		// Touching the schema makes SQLite read the header, so a damaged file fails here.
		sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
	} catch (error) {
		if (isSqliteCorruption(error)) {
			throw new DatabaseOpenError(
				`The database file ${path} is not a valid SQLite database or is damaged. Restore it from a backup (strategy-tracker restore FILE) or move it aside to start afresh.`
			);
		}
		throw new DatabaseOpenError(
			`The database ${path} could not be opened: ${(error as Error).message}.`
		);
	}
	return sqlite;
}

function isSqliteCorruption(error: unknown): boolean {
	const code = (error as { code?: string } | null)?.code;
	return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

export function closeDatabase(db: Db): void {
	if (db.$client.open) db.$client.close();
}
