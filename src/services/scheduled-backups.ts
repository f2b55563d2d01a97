/**
 * The server's own backups, when BACKUP_DIR is set: one at start when the newest is older than the
 * interval, then one every interval, each the same checked online backup as
 * `strategy-tracker backup`. After each, the oldest beyond BACKUP_KEEP are deleted: only files
 * named as this module names them, so nothing else kept in the folder is ever touched. A failure
 * is logged and tried again next time; it never stops the server.
 */
import { linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { backupDatabase, type BackupSummary } from '../db/backup.js';
import type { Db } from '../db/client.js';
import { fsyncFolder } from '../db/durable-files.js';
import type { Logger } from '../services.js';

export interface Timers {
	set(run: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

/** Real timers that never keep the process alive by themselves. */
export const NODE_TIMERS: Timers = {
	set: (run, ms) => setTimeout(run, ms).unref(),
	clear: (handle) => clearTimeout(handle as NodeJS.Timeout)
};

export interface ScheduledBackupsOptions {
	db: Db;
	dir: string;
	keep: number;
	intervalMs: number;
	log: Logger;
	now?: () => Date;
	timers?: Timers;
}

export interface ScheduledBackups {
	/** The backup running now, or the last one's outcome: for tests and for a clean stop. */
	readonly idle: Promise<void>;
	/** Clears the timer and waits for a backup in progress, before the database is closed. */
	stop(): Promise<void>;
}

/** tracker-2026-12-01T0830Z.db, and tracker-2026-12-01T0830Z-2.db for a second in that minute. */
const NAME = /^tracker-(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})Z(?:-(\d+))?\.db$/;

interface OwnBackup {
	name: string;
	at: number;
	sequence: number;
}

export function parseBackupName(name: string): OwnBackup | null {
	const match = NAME.exec(name);
	if (!match) return null;
	const at = Date.parse(`${match[1]}T${match[2]}:${match[3]}:00Z`);
	if (Number.isNaN(at)) return null;
	return { name, at, sequence: match[4] ? Number(match[4]) : 1 };
}

/** This module's backups in `dir`, oldest first. */
export function listOwnBackups(dir: string): OwnBackup[] {
	return readdirSync(dir)
		.map(parseBackupName)
		.filter((b): b is OwnBackup => b !== null)
		.sort((a, b) => a.at - b.at || a.sequence - b.sequence);
}

export function startScheduledBackups(options: ScheduledBackupsOptions): ScheduledBackups {
	const { db, dir, keep, intervalMs, log } = options;
	const now = options.now ?? (() => new Date());
	const timers = options.timers ?? NODE_TIMERS;
	let timer: unknown = null;
	let stopped = false;
	let idle: Promise<void> = Promise.resolve();

	const schedule = (ms: number) => {
		if (!stopped) timer = timers.set(run, Math.max(0, ms));
	};
	function run() {
		timer = null;
		idle = takeBackup().finally(() => schedule(intervalMs));
	}

	async function takeBackup(): Promise<void> {
		try {
			const summary = await writeBackup(db, dir, now());
			log.info(
				{ backup: summary.path, bytes: summary.bytes, figures: summary.figures },
				'scheduled backup written'
			);
			for (const old of listOwnBackups(dir).slice(0, -keep)) {
				rmSync(join(dir, old.name));
				log.info({ backup: join(dir, old.name), keep }, 'old scheduled backup deleted');
			}
		} catch (error) {
			log.error(
				{ err: error, dir },
				`scheduled backup failed: ${(error as Error).message}; it will be tried again in ${Math.round(intervalMs / 60_000)} minutes`
			);
		}
	}

	try {
		mkdirSync(dir, { recursive: true });
		const newest = listOwnBackups(dir).at(-1);
		schedule(newest ? newest.at + intervalMs - now().getTime() : 0);
	} catch (error) {
		log.error(
			{ err: error, dir },
			`scheduled backups could not start: ${(error as Error).message}`
		);
		schedule(intervalMs);
	}

	return {
		get idle() {
			return idle;
		},
		async stop() {
			stopped = true;
			if (timer !== null) timers.clear(timer);
			timer = null;
			await idle;
		}
	};
}

/**
 * Written under a name the pattern does not match and renamed once checked, so a backup cut short
 * by a crash is never counted as one, nor deleted as one.
 */
async function writeBackup(db: Db, dir: string, at: Date): Promise<BackupSummary> {
	const taken = new Set(readdirSync(dir));
	const base = `tracker-${at.toISOString().slice(0, 10)}T${at.toISOString().slice(11, 13)}${at.toISOString().slice(14, 16)}Z`;
	let name = `${base}.db`;
	for (let n = 2; taken.has(name) || taken.has(`${name}.partial`); n++) name = `${base}-${n}.db`;
	const partial = join(dir, `${name}.partial`);
	try {
		const summary = await backupDatabase(db, partial);
		const path = join(dir, name);
		// A link, not a rename, because a link refuses to replace a file that appeared meanwhile.
		linkSync(partial, path);
		fsyncFolder(dir);
		return { ...summary, path };
	} finally {
		rmSync(partial, { force: true });
	}
}
