/**
 * Decides whether a file may be restored: that it is a whole SQLite database made by Strategy
 * Tracker, with a schema this version can open (the same, or older and migrated forward on open).
 * Each refusal is one sentence saying what is wrong and what to do.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

import { MIGRATIONS_DIR } from './client.js';

export class RestoreError extends Error {
	override name = 'RestoreError';
}

export interface BackupInspection {
	path: string;
	/** Schema changes (migrations) recorded in the backup. */
	schemaChanges: number;
	/** Schema changes this version of Strategy Tracker knows. */
	knownSchemaChanges: number;
	figures: number;
	uploads: number;
	auditEntries: number;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
/** Tables every Strategy Tracker database has had since its first migration. */
const CORE_TABLES = ['partners', 'metrics', 'figures', 'uploads', 'users', 'audit_log'];

export interface InspectOptions {
	/** What the messages call the file, when `path` is a working copy of it. */
	label?: string;
	migrationsDir?: string;
}

/**
 * Checks a backup file read-only. A file in WAL mode leaves -wal and -shm files beside it when
 * opened read-only, so restore.ts inspects its own single-file copy rather than the user's file.
 */
export function inspectBackup(path: string, options: InspectOptions = {}): BackupInspection {
	const label = options.label ?? path;
	checkReadableSqliteFile(path, label);
	let copy: Database.Database;
	try {
		copy = new Database(path, { readonly: true, fileMustExist: true });
	} catch (error) {
		throw new RestoreError(
			`${label} could not be opened as an SQLite database (${(error as Error).message}).`
		);
	}
	try {
		checkIntegrity(copy, label);
		checkIsStrategyTracker(copy, label);
		const recorded = copy
			.prepare('SELECT hash FROM __drizzle_migrations ORDER BY created_at, rowid')
			.pluck()
			.all() as string[];
		const known = readMigrationFiles({
			migrationsFolder: options.migrationsDir ?? MIGRATIONS_DIR
		}).map((m) => m.hash);
		checkSchemaVersion(recorded, known, label);
		const count = (table: string) =>
			copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
		return {
			path: label,
			schemaChanges: recorded.length,
			knownSchemaChanges: known.length,
			figures: count('figures'),
			uploads: count('uploads'),
			auditEntries: count('audit_log')
		};
	} finally {
		copy.close();
	}
}

/** Refuses a path that is not a readable file starting with SQLite's header. */
export function checkReadableSqliteFile(path: string, label = path): void {
	let isSqlite: boolean;
	try {
		if (!statSync(path).isFile())
			throw new RestoreError(`${label} is not a file. Give the path of a backup file.`);
		isSqlite = hasSqliteHeader(path);
	} catch (error) {
		if (error instanceof RestoreError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new RestoreError(
			code === 'ENOENT'
				? `There is no file at ${label}. Check the path of the backup.`
				: `${label} cannot be read (${code ?? (error as Error).message}). Check its permissions.`
		);
	}
	if (!isSqlite)
		throw new RestoreError(
			`${label} is not an SQLite database, so it is not a Strategy Tracker backup.`
		);
}

/** Whether the file starts as every SQLite database does; read without SQLite touching it. */
export function hasSqliteHeader(path: string): boolean {
	const fd = openSync(path, 'r');
	try {
		const header = Buffer.alloc(SQLITE_HEADER.length);
		const read = readSync(fd, header, 0, header.length, 0);
		return header.subarray(0, read).toString('latin1') === SQLITE_HEADER;
	} finally {
		closeSync(fd);
	}
}

function checkIntegrity(copy: Database.Database, path: string): void {
	let integrity: unknown;
	try {
		integrity = copy.pragma('integrity_check', { simple: true });
	} catch (error) {
		integrity = (error as Error).message;
	}
	if (integrity !== 'ok')
		throw new RestoreError(
			`${path} failed SQLite's integrity check (${String(integrity)}): it is damaged, so restore an earlier backup instead.`
		);
}

function checkIsStrategyTracker(copy: Database.Database, path: string): void {
	const tables = new Set(
		copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]
	);
	const missing = ['__drizzle_migrations', ...CORE_TABLES].filter((t) => !tables.has(t));
	const recorded = tables.has('__drizzle_migrations')
		? (copy.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number)
		: 0;
	if (missing.length || recorded === 0)
		throw new RestoreError(
			`${path} is an SQLite database but not a Strategy Tracker one (${missing.length ? `it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}` : 'it records no schema changes'}).`
		);
}

/**
 * The backup's recorded migrations must be the start of ours: fewer is an older version, which
 * the migrator brings forward; more is a newer version, whose tables this one does not know;
 * a different one at the same place is a diverged build, which no migration can reconcile.
 */
function checkSchemaVersion(recorded: string[], known: string[], path: string): void {
	const common = Math.min(recorded.length, known.length);
	for (let i = 0; i < common; i++) {
		if (recorded[i] !== known[i])
			throw new RestoreError(
				`${path} has a schema this version of Strategy Tracker does not start from (its schema change ${i + 1} differs from ours), so it came from a different build and cannot be restored here.`
			);
	}
	if (recorded.length > known.length)
		throw new RestoreError(
			`${path} was made by a newer version of Strategy Tracker (${recorded.length} schema changes; this version knows ${known.length}). Upgrade Strategy Tracker, then restore it.`
		);
}
