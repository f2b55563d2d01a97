/**
 * The load test reads how far checkpoints lag from the -shm file (tests/helpers/wal-index.ts);
 * these check that reading against SQLite's own count, so a misread cannot pass it by reading 0.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

import { tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';
import { readWalProgress } from '../helpers/wal-index.js';

describe('readWalProgress', () => {
	let database: TempDatabasePath;
	let db: Database.Database | null = null;

	afterEach(() => {
		db?.close();
		db = null;
		database.remove();
	});

	function openWithoutAutoCheckpoint(): Database.Database {
		database = tempDatabasePath();
		const opened = new Database(database.path);
		opened.pragma('journal_mode = WAL');
		opened.pragma('wal_autocheckpoint = 0');
		opened.exec('create table t (id integer primary key, body text)');
		const insert = opened.prepare('insert into t (body) values (?)');
		for (let i = 0; i < 20; i++) insert.run('x'.repeat(2000));
		return opened;
	}

	it('counts the frames written and none checkpointed while nothing has checkpointed', () => {
		db = openWithoutAutoCheckpoint();
		const progress = readWalProgress(database.path);
		// PASSIVE answers with the WAL's frame count as SQLite sees it (and then checkpoints).
		const [sqlite] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
		expect(progress).toEqual({ frames: sqlite!.log, checkpointed: 0 });
		expect(progress!.frames).toBeGreaterThan(20);
	});

	it('counts every frame checkpointed after a checkpoint', () => {
		db = openWithoutAutoCheckpoint();
		const [sqlite] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
		expect(readWalProgress(database.path)).toEqual({
			frames: sqlite!.log,
			checkpointed: sqlite!.log
		});
	});

	it('answers null when the database has no WAL index', () => {
		database = tempDatabasePath();
		expect(readWalProgress(database.path)).toBeNull();
	});
});
