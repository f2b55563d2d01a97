/**
 * A copy of the whole database, safe while the server runs: SQLite's online backup API copies
 * every page of a consistent snapshot (readers and writers carry on meanwhile; a write during the
 * copy makes it restart from the new state). The copy is checked before it is called a backup.
 */
import { existsSync } from 'node:fs';

import Database from 'better-sqlite3';

import type { Db } from './client.js';

export class BackupError extends Error {
	override name = 'BackupError';
}

export interface BackupSummary {
	path: string;
	bytes: number;
	figures: number;
	uploads: number;
	auditEntries: number;
}

/** Writes the backup to `destination`, which must not exist yet: a backup never overwrites. */
export async function backupDatabase(db: Db, destination: string): Promise<BackupSummary> {
	if (existsSync(destination))
		throw new BackupError(
			`${destination} already exists. Choose a new file name: a backup never overwrites a file.`
		);
	await db.$client.backup(destination);
	makeSelfContained(destination);
	return checkBackup(destination);
}

/**
 * The copy inherits WAL mode from the live database, and a WAL database opened read-only (as
 * checkBackup and a restore's checks do) leaves -wal and -shm files beside it. In rollback mode
 * the backup is one file, to be moved and kept as one.
 */
function makeSelfContained(path: string): void {
	const copy = new Database(path, { fileMustExist: true });
	try {
		copy.pragma('journal_mode = DELETE');
	} finally {
		copy.close();
	}
}

/** Opens a backup read-only and checks it is whole: integrity, and what it holds. */
export function checkBackup(path: string): BackupSummary {
	const copy = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const integrity = copy.pragma('integrity_check', { simple: true });
		if (integrity !== 'ok')
			throw new BackupError(`The backup at ${path} failed SQLite's integrity check: ${integrity}.`);
		const count = (table: string) =>
			copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
		const bytes =
			(copy.pragma('page_count', { simple: true }) as number) *
			(copy.pragma('page_size', { simple: true }) as number);
		return {
			path,
			bytes,
			figures: count('figures'),
			uploads: count('uploads'),
			auditEntries: count('audit_log')
		};
	} finally {
		copy.close();
	}
}
