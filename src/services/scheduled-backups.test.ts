import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readConfig } from '../config.js';
import { checkBackup } from '../db/backup.js';
import { closeDatabase, openDatabase, type Db } from '../db/client.js';
import type { Logger } from '../services.js';
import { parseBackupName, startScheduledBackups, type Timers } from './scheduled-backups.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-23T12:00:00Z');

/** Timers the test fires itself, so a day's schedule runs in milliseconds. */
function manualTimers() {
	const scheduled: { run: () => void; ms: number; cleared: boolean }[] = [];
	const timers: Timers = {
		set(run, ms) {
			const timer = { run, ms, cleared: false };
			scheduled.push(timer);
			return timer;
		},
		clear(handle) {
			(handle as { cleared: boolean }).cleared = true;
		}
	};
	return {
		timers,
		scheduled,
		/** The one timer waiting now: its delay, and a way to fire it. */
		next() {
			const waiting = scheduled.filter((t) => !t.cleared && !('fired' in t));
			expect(waiting).toHaveLength(1);
			const timer = waiting[0]!;
			return {
				ms: timer.ms,
				fire() {
					Object.assign(timer, { fired: true });
					timer.run();
				}
			};
		}
	};
}

function recordingLog() {
	const lines: { level: string; obj: unknown; msg?: string }[] = [];
	const log: Logger = {
		info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
		warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
		error: (obj, msg) => lines.push({ level: 'error', obj, msg })
	};
	return { log, lines };
}

describe('scheduled backups', () => {
	let scratch: string;
	let backupDir: string;
	let db: Db;
	let at: number;
	const now = () => new Date(at);

	beforeEach(() => {
		scratch = mkdtempSync(join(tmpdir(), 'strategy-tracker-schedule-'));
		backupDir = join(scratch, 'backups');
		db = openDatabase(join(scratch, 'tracker.db'));
		at = START;
	});

	afterEach(() => {
		closeDatabase(db);
		rmSync(scratch, { recursive: true, force: true });
	});

	function start(options: { keep?: number } = {}) {
		const clock = manualTimers();
		const { log, lines } = recordingLog();
		const backups = startScheduledBackups({
			db,
			dir: backupDir,
			keep: options.keep ?? 3,
			intervalMs: 24 * HOUR,
			log,
			now,
			timers: clock.timers
		});
		return { clock, lines, backups };
	}

	it('creates the folder and takes a checked backup at once when there is none', async () => {
		const { clock, backups } = start();
		const first = clock.next();
		expect(first.ms).toBe(0);
		first.fire();
		await backups.idle;

		expect(readdirSync(backupDir)).toEqual(['tracker-2026-11-23T1200Z.db']);
		expect(checkBackup(join(backupDir, 'tracker-2026-11-23T1200Z.db')).auditEntries).toBe(0);
		expect(clock.next().ms).toBe(24 * HOUR);
		await backups.stop();
	});

	it('waits out the interval from the newest backup already in the folder', async () => {
		mkdirSync(backupDir);
		writeFileSync(join(backupDir, 'tracker-2026-11-23T0600Z.db'), '');
		const { clock, backups } = start();
		expect(clock.next().ms).toBe(18 * HOUR);
		await backups.stop();
	});

	it('takes one backup per interval and keeps only the newest BACKUP_KEEP of its own', async () => {
		mkdirSync(backupDir);
		const others = ['notes.txt', 'tracker-latest.db', 'tracker-2026-01-01T0000Z.db.partial'];
		for (const name of [...others, 'tracker-2026-11-20T1200Z.db', 'tracker-2026-11-21T1200Z.db'])
			writeFileSync(join(backupDir, name), '');
		at = Date.parse('2026-11-22T18:00:00Z');
		const { clock, backups, lines } = start({ keep: 2 });

		for (let day = 0; day < 3; day++) {
			const timer = clock.next();
			at += timer.ms;
			timer.fire();
			await backups.idle;
		}
		await backups.stop();

		expect(readdirSync(backupDir).sort()).toEqual(
			[...others, 'tracker-2026-11-23T1800Z.db', 'tracker-2026-11-24T1800Z.db'].sort()
		);
		expect(lines.filter((l) => l.msg === 'old scheduled backup deleted').map((l) => l.obj)).toEqual(
			[
				{ backup: join(backupDir, 'tracker-2026-11-20T1200Z.db'), keep: 2 },
				{ backup: join(backupDir, 'tracker-2026-11-21T1200Z.db'), keep: 2 },
				{ backup: join(backupDir, 'tracker-2026-11-22T1800Z.db'), keep: 2 }
			]
		);
	});

	it('never overwrites a backup taken in the same minute', async () => {
		mkdirSync(backupDir);
		writeFileSync(join(backupDir, 'tracker-2026-11-23T1200Z.db'), 'an earlier backup');
		at = START + 25 * HOUR;
		const { clock, backups } = start();
		at = START;
		clock.next().fire();
		await backups.idle;
		await backups.stop();
		expect(readdirSync(backupDir).sort()).toEqual([
			'tracker-2026-11-23T1200Z-2.db',
			'tracker-2026-11-23T1200Z.db'
		]);
		expect(parseBackupName('tracker-2026-11-23T1200Z-2.db')).toMatchObject({ sequence: 2 });
	});

	it('logs a failed backup, leaves no partial file and tries again next interval', async () => {
		const { clock, backups, lines } = start();
		closeDatabase(db);
		clock.next().fire();
		await expect(backups.idle).resolves.toBeUndefined();

		const failure = lines.find((l) => l.level === 'error');
		expect(failure?.msg).toMatch(
			/^scheduled backup failed: .+; it will be tried again in 1440 minutes$/
		);
		expect(readdirSync(backupDir)).toEqual([]);
		expect(clock.next().ms).toBe(24 * HOUR);
		await backups.stop();
		db = openDatabase(join(scratch, 'tracker.db'));
	});

	it('logs that it could not start when BACKUP_DIR cannot be made, without throwing', async () => {
		writeFileSync(backupDir, 'a file where the folder should be');
		const { backups, lines } = start();
		expect(lines.find((l) => l.level === 'error')?.msg).toMatch(
			/^scheduled backups could not start: /
		);
		await backups.stop();
	});

	it('stops: the waiting timer is cleared and nothing more is scheduled', async () => {
		const { clock, backups } = start();
		await backups.stop();
		expect(clock.scheduled.map((t) => t.cleared)).toEqual([true]);
	});
});

describe('BACKUP_DIR, BACKUP_KEEP and BACKUP_INTERVAL_HOURS', () => {
	let scratch: string;

	beforeEach(() => {
		scratch = mkdtempSync(join(tmpdir(), 'strategy-tracker-config-'));
	});

	afterEach(() => rmSync(scratch, { recursive: true, force: true }));

	it('turns scheduled backups off without BACKUP_DIR, and defaults to 14 kept, daily', () => {
		const read = readConfig({});
		expect(read.ok && read.config).toMatchObject({
			backupDir: null,
			backupKeep: 14,
			backupIntervalHours: 24
		});
	});

	it('accepts a folder that does not exist yet but can be made', () => {
		const read = readConfig({
			BACKUP_DIR: join(scratch, 'new', 'backups'),
			BACKUP_KEEP: '30',
			BACKUP_INTERVAL_HOURS: '6'
		});
		expect(read.ok && read.config).toMatchObject({
			backupDir: join(scratch, 'new', 'backups'),
			backupKeep: 30,
			backupIntervalHours: 6
		});
	});

	it('refuses a BACKUP_DIR that is a file, naming it', () => {
		const file = join(scratch, 'backups');
		writeFileSync(file, '');
		expect(readConfig({ BACKUP_DIR: join(file, 'daily') })).toEqual({
			ok: false,
			problems: [
				`BACKUP_DIR must be a folder; ${file} is a file. Set BACKUP_DIR to a folder for the backups.`
			],
			warnings: []
		});
	});

	it('refuses a BACKUP_KEEP that is not a whole number of at least 1', () => {
		expect(readConfig({ BACKUP_KEEP: '0', BACKUP_INTERVAL_HOURS: 'daily' })).toEqual({
			ok: false,
			problems: [
				'BACKUP_KEEP must be a whole number from 1 to 10000; it is "0".',
				'BACKUP_INTERVAL_HOURS must be a whole number from 1 to 8784; it is "daily".'
			],
			warnings: []
		});
	});

	it.skipIf(process.getuid?.() === 0)('refuses a BACKUP_DIR this user cannot write to', () => {
		expect(readConfig({ BACKUP_DIR: '/proc/strategy-tracker-backups' })).toMatchObject({
			ok: false,
			problems: [expect.stringMatching(/cannot be created, because \/proc cannot be written to/)]
		});
	});
});
