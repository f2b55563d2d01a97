/**
 * Puts a backup in place of the database: the backup is checked first (backup-inspection.ts), the
 * current database is kept aside under a new name, and the backup replaces it in one rename, so
 * the database path always holds a whole database. Only with the server stopped: a server keeps
 * its connection open, and a file swapped under it would split its writes between two files.
 */
import { constants, copyFileSync, existsSync, realpathSync, rmSync } from 'node:fs';

import Database from 'better-sqlite3';

import { appendAudit } from './audit.js';
import {
	checkReadableSqliteFile,
	hasSqliteHeader,
	inspectBackup,
	RestoreError,
	type BackupInspection
} from './backup-inspection.js';
import { closeDatabase, openDatabase } from './client.js';
import { databaseFolderProblem } from './database-folder.js';
import { copyFileDurably, fsyncFile, renameDurably } from './durable-files.js';

export { RestoreError } from './backup-inspection.js';

export interface RestoreOptions {
	databasePath: string;
	backupPath: string;
	now: () => Date;
	/** Who restored, for the audit entry written into the restored database. */
	actorLabel: string;
}

export interface RestoreSummary {
	backup: BackupInspection;
	/** Where the database that was replaced now is; null when there was none. */
	keptAside: string | null;
	/** True when the replaced database could not be opened as SQLite, so it was kept as it was. */
	replacedWasDamaged: boolean;
	/** What the restored database holds, including the audit entry for the restore. */
	figures: number;
	uploads: number;
	auditEntries: number;
}

/** Sidecar files SQLite keeps beside a database while it is open or mid-write. */
const SIDECARS = ['-wal', '-journal', '-shm'];

export function restoreDatabase(options: RestoreOptions): RestoreSummary {
	const { databasePath, backupPath } = options;
	checkReadableSqliteFile(backupPath);
	const folderProblem = databaseFolderProblem(databasePath);
	if (folderProblem) throw new RestoreError(folderProblem);
	if (existsSync(databasePath) && realpathSync(databasePath) === realpathSync(backupPath))
		throw new RestoreError(
			`${backupPath} is the database itself. Give the path of a backup file instead.`
		);

	const stamp = fileStamp(options.now());
	const incoming = `${databasePath}.restoring-${stamp}`;
	const aside = `${databasePath}.before-restore-${stamp}`;
	for (const path of [incoming, aside, ...SIDECARS.map((s) => aside + s)])
		if (existsSync(path))
			throw new RestoreError(
				`${path} already exists and a restore never overwrites a file. Move it away, or wait a second and run restore again.`
			);

	let current: TakenOver | null = null;
	let keptAside: string | null = null;
	let backup: BackupInspection;
	try {
		copyBackupBeside(backupPath, incoming);
		backup = inspectBackup(incoming, { label: backupPath });
		current = takeOverCurrentDatabase(databasePath);
		if (current) {
			keepAside(databasePath, aside, current.damaged);
			keptAside = aside;
		}
		const stale = SIDECARS.slice(0, 2).find((s) => existsSync(databasePath + s));
		if (stale)
			throw new RestoreError(
				`${databasePath}${stale} appeared during the restore, so something else is using the database. Stop it, then run restore again.`
			);
		renameDurably(incoming, databasePath);
	} finally {
		current?.release();
		for (const suffix of ['', ...SIDECARS]) rmSync(incoming + suffix, { force: true });
	}

	const db = openRestored(databasePath, keptAside);
	try {
		appendAudit(db, {
			actorLabel: options.actorLabel,
			action: 'database.restore',
			entityType: 'database',
			detail: `restored from ${backupPath}${keptAside ? `; the database before was kept as ${keptAside}` : ''}`
		});
		const count = (table: string) =>
			db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
		return {
			backup,
			keptAside,
			replacedWasDamaged: current?.damaged ?? false,
			figures: count('figures'),
			uploads: count('uploads'),
			auditEntries: count('audit_log')
		};
	} finally {
		closeDatabase(db);
	}
}

/** Opening applies the migrations an older backup lacks; if one fails, say how to go back. */
function openRestored(databasePath: string, keptAside: string | null) {
	try {
		return openDatabase(databasePath);
	} catch (error) {
		// Drizzle wraps SQLite's reason with the whole migration's SQL; the reason is what helps.
		const reason =
			((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
		throw new RestoreError(
			`The backup is in place at ${databasePath} but could not be brought up to date (${reason}).${keptAside ? ` The database from before is ${keptAside}: restore that to go back.` : ''}`
		);
	}
}

/**
 * A working copy in the database's folder, so the final rename stays in one file system, made
 * one self-contained file: a backup still in WAL mode may hold its last writes in its -wal file.
 */
function copyBackupBeside(backupPath: string, incoming: string): void {
	copyFileSync(backupPath, incoming, constants.COPYFILE_EXCL);
	if (existsSync(`${backupPath}-wal`))
		copyFileSync(`${backupPath}-wal`, `${incoming}-wal`, constants.COPYFILE_EXCL);
	const sqlite = new Database(incoming, { fileMustExist: true });
	try {
		sqlite.pragma('journal_mode = DELETE');
	} catch (error) {
		throw new RestoreError(
			`${backupPath} could not be read by SQLite (${(error as Error).message}): it is damaged, so restore an earlier backup instead.`
		);
	} finally {
		sqlite.close();
	}
	fsyncFile(incoming);
}

interface TakenOver {
	damaged: boolean;
	release(): void;
}

/**
 * Leaving WAL mode needs every other connection closed, so it doubles as the check that no
 * server holds the database (SQLite refuses at once with a zero busy timeout). It also folds the
 * WAL into the main file, which then alone is the whole database; the exclusive transaction keeps
 * anyone from opening it until the backup is in place.
 */
function takeOverCurrentDatabase(path: string): TakenOver | null {
	if (!existsSync(path)) return null;
	// Opened by SQLite, a damaged file's sidecars could be cleared before they are kept aside.
	if (!hasSqliteHeader(path)) return { damaged: true, release() {} };
	const connection = new Database(path, { timeout: 0 });
	try {
		const mode = connection.pragma('journal_mode = DELETE', { simple: true });
		if (mode !== 'delete')
			throw new RestoreError(
				`The database ${path} could not be taken over for the restore (it stays in ${String(mode)} mode). Stop the server first, then run restore again.`
			);
		connection.exec('BEGIN EXCLUSIVE');
	} catch (error) {
		connection.close();
		const code = (error as { code?: string }).code;
		if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
			throw new RestoreError(
				`The database ${path} is in use, most likely by the running server. Stop the server first, then run restore again.`
			);
		// Nothing can be serving a file that is not a database: the server refuses to open one.
		if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
			return { damaged: true, release() {} };
		throw error;
	}
	return {
		damaged: false,
		release() {
			if (connection.inTransaction) connection.exec('ROLLBACK');
			connection.close();
		}
	};
}

/**
 * A healthy database is one file by now; a damaged one is kept with whatever sidecars it had,
 * which are then cleared so they cannot be replayed into the restored file.
 */
function keepAside(path: string, aside: string, damaged: boolean): void {
	copyFileDurably(path, aside);
	if (!damaged) return;
	for (const sidecar of SIDECARS) {
		if (!existsSync(path + sidecar)) continue;
		if (sidecar !== '-shm') copyFileDurably(path + sidecar, aside + sidecar);
		rmSync(path + sidecar);
	}
}

/** 2026-11-23T12:00:00Z → 20261123T120000Z: sortable, and safe in any file system. */
function fileStamp(at: Date): string {
	return `${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}
