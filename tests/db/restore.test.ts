/** Restoring a backup: checked first, the current database kept aside, nothing lost either way. */
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	statSync,
	writeFileSync,
	writeSync,
	closeSync
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { appendAudit } from '../../src/db/audit.js';
import { backupDatabase } from '../../src/db/backup.js';
import { closeDatabase, MIGRATIONS_DIR, openDatabase, type Db } from '../../src/db/client.js';
import { restoreDatabase, RestoreError } from '../../src/db/restore.js';
import { seedDatabase } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

type Dump = Record<string, unknown[]>;

/** Every row of every table, in storage order: what "nothing lost" is checked against. */
function dumpTables(db: Db): Dump {
	const tables = db.$client
		.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
		.pluck()
		.all() as string[];
	return Object.fromEntries(
		tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()])
	);
}

async function restore(databasePath: string, backupPath: string) {
	return restoreDatabase({
		databasePath,
		backupPath,
		now: () => new Date(TEST_NOW),
		actorLabel: 'command line'
	});
}

/** A Strategy Tracker database with the schema and nothing else, closed. */
function makeEmptyTrackerDatabase(path: string): void {
	closeDatabase(openDatabase(path));
}

/** A database made by an older version: only the first `count` migrations applied. */
function makeOlderDatabase(path: string, count: number, scratch: string): void {
	const folder = join(scratch, 'old-migrations');
	mkdirSync(join(folder, 'meta'), { recursive: true });
	const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
		entries: { tag: string }[];
	};
	journal.entries = journal.entries.slice(0, count);
	writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
	for (const { tag } of journal.entries)
		copyFileSync(join(MIGRATIONS_DIR, `${tag}.sql`), join(folder, `${tag}.sql`));
	const sqlite = new Database(path);
	try {
		migrate(drizzle(sqlite), { migrationsFolder: folder });
		sqlite
			.prepare(`INSERT INTO audit_log (actor_label, action, detail) VALUES (?, ?, ?)`)
			.run('system', 'framework.seed', 'made by an older version');
	} finally {
		sqlite.close();
	}
}

/** Each file in the folder with a hash of its bytes, to see that nothing was touched. */
function fileState(dir: string) {
	return readdirSync(dir)
		.sort()
		.map((name) => {
			const path = join(dir, name);
			return statSync(path).isDirectory()
				? { name, folder: true }
				: { name, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
		});
}

describe('restoreDatabase round trip', () => {
	let folder: TempDatabasePath;
	let before: Dump;
	let backupPath: string;

	beforeAll(async () => {
		folder = tempDatabasePath();
		backupPath = join(folder.dir, 'backup.db');
		const db = openDatabase(folder.path);
		try {
			seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: true, today: TEST_NOW });
			await backupDatabase(db, backupPath);
			before = dumpTables(db);
			// What happens after the backup, and must be undone by restoring it.
			db.$client.prepare('UPDATE figures SET value = value + 1000').run();
			db.$client.prepare('DELETE FROM app_meta').run();
			appendAudit(db, { actorLabel: 'test', action: 'figures.changed-after-backup' });
		} finally {
			closeDatabase(db);
		}
	});

	afterAll(() => folder.remove());

	it('brings back every value, upload and audit entry, and audits the restore', async () => {
		expect(before.figures!.length).toBeGreaterThan(1000);
		expect(before.uploads!.length).toBeGreaterThan(0);
		expect(before.audit_log!.length).toBeGreaterThan(0);

		const summary = await restore(folder.path, backupPath);

		const db = openDatabase(folder.path);
		try {
			const after = dumpTables(db);
			const { audit_log: auditAfter, sqlite_sequence: _seqAfter, ...restAfter } = after;
			const { audit_log: auditBefore, sqlite_sequence: _seqBefore, ...restBefore } = before;
			expect(restAfter).toEqual(restBefore);
			expect(auditAfter!.slice(0, auditBefore!.length)).toEqual(auditBefore);
			expect(auditAfter!.slice(auditBefore!.length)).toMatchObject([
				{
					action: 'database.restore',
					actor_label: 'command line',
					detail: `restored from ${backupPath}; the database before was kept as ${summary.keptAside}`
				}
			]);
			expect(summary).toMatchObject({
				figures: before.figures!.length,
				uploads: before.uploads!.length,
				auditEntries: auditBefore!.length + 1,
				replacedWasDamaged: false
			});
		} finally {
			closeDatabase(db);
		}
	});

	it('kept the replaced database aside, whole, with the changes made after the backup', () => {
		const aside = `${folder.path}.before-restore-20261123T120000Z`;
		expect(existsSync(aside)).toBe(true);
		const kept = new Database(aside, { readonly: true });
		try {
			expect(kept.pragma('integrity_check', { simple: true })).toBe('ok');
			const actions = kept.prepare('SELECT action FROM audit_log').pluck().all();
			expect(actions).toContain('figures.changed-after-backup');
		} finally {
			kept.close();
		}
		expect(readdirSync(folder.dir).filter((n) => n.includes('.restoring-'))).toEqual([]);
	});
});

describe('restoreDatabase refuses, leaving the database as it was', () => {
	let folder: TempDatabasePath;
	let good: string;

	beforeEach(() => {
		folder = tempDatabasePath();
		makeEmptyTrackerDatabase(folder.path);
		good = join(folder.dir, 'good-backup.db');
		makeEmptyTrackerDatabase(good);
	});

	afterEach(() => folder.remove());

	async function expectRefusal(backupPath: string, message: RegExp) {
		const state = fileState(folder.dir);
		const refused = restore(folder.path, backupPath);
		await expect(refused).rejects.toThrow(RestoreError);
		await expect(refused).rejects.toThrow(message);
		expect(fileState(folder.dir)).toEqual(state);
	}

	/** A copy of the good backup, changed by `change` through plain SQLite. */
	function alteredCopy(change: (sqlite: Database.Database) => void): string {
		const path = join(folder.dir, 'altered.db');
		copyFileSync(good, path);
		const sqlite = new Database(path);
		try {
			change(sqlite);
		} finally {
			sqlite.close();
		}
		return path;
	}

	it('refuses a file that is not there', async () => {
		await expectRefusal(join(folder.dir, 'nowhere.db'), /There is no file at .*nowhere\.db/);
	});

	it('refuses a folder given as the backup', async () => {
		const sub = join(folder.dir, 'a-folder');
		mkdirSync(sub);
		await expectRefusal(sub, /is not a file/);
	});

	it('refuses a file that is not an SQLite database', async () => {
		const path = join(folder.dir, 'figures.csv');
		writeFileSync(path, 'partner_code,metric,value\nHP,M1,4\n');
		await expectRefusal(path, /is not an SQLite database/);
	});

	it('refuses a damaged database that fails the integrity check', async () => {
		const path = join(folder.dir, 'damaged.db');
		copyFileSync(good, path);
		const pageSize = 4096;
		const pages = statSync(path).size / pageSize;
		const fd = openSync(path, 'r+');
		try {
			writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pages - 1) * pageSize);
		} finally {
			closeSync(fd);
		}
		await expectRefusal(path, /failed SQLite's integrity check/);
	});

	it('refuses an SQLite database that Strategy Tracker did not make', async () => {
		const path = join(folder.dir, 'other-app.db');
		const other = new Database(path);
		other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
		other.close();
		await expectRefusal(path, /not a Strategy Tracker one \(it has no __drizzle_migrations/);
	});

	it('refuses a backup from a newer version, whose schema this one does not know', async () => {
		const path = alteredCopy((sqlite) =>
			sqlite
				.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
				.run('f'.repeat(64), 9_999_999_999_999)
		);
		await expectRefusal(
			path,
			/made by a newer version of Strategy Tracker \(5 schema changes; this version knows 4\)/
		);
	});

	it('refuses a backup whose schema went another way from this version’s', async () => {
		const path = alteredCopy((sqlite) =>
			sqlite
				.prepare(
					`UPDATE __drizzle_migrations SET hash = ? WHERE rowid = (SELECT rowid FROM __drizzle_migrations ORDER BY created_at LIMIT 1 OFFSET 1)`
				)
				.run('0'.repeat(64))
		);
		await expectRefusal(path, /does not start from \(its schema change 2 differs from ours\)/);
	});

	it('refuses while another connection (the server) has the database open', async () => {
		const server = openDatabase(folder.path);
		try {
			await expectRefusal(
				good,
				/is in use, most likely by the running server\. Stop the server first/
			);
			expect(server.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		} finally {
			closeDatabase(server);
		}
	});

	it('refuses the database itself as its own backup', async () => {
		await expectRefusal(folder.path, /is the database itself/);
	});

	it('never overwrites an earlier copy kept aside at the same time', async () => {
		writeFileSync(`${folder.path}.before-restore-20261123T120000Z`, 'kept from before');
		await expectRefusal(good, /already exists and a restore never overwrites a file/);
	});
});

describe('restoreDatabase accepts', () => {
	let folder: TempDatabasePath;

	beforeEach(() => {
		folder = tempDatabasePath();
	});

	afterEach(() => folder.remove());

	it('a backup from an older version, and brings its schema up to date', async () => {
		const backupPath = join(folder.dir, 'old.db');
		makeOlderDatabase(backupPath, 1, folder.dir);

		const summary = await restore(folder.path, backupPath);

		expect(summary.backup).toMatchObject({ schemaChanges: 1, knownSchemaChanges: 4 });
		expect(summary.keptAside).toBeNull();
		const db = openDatabase(folder.path);
		try {
			expect(db.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(4);
			expect(db.$client.prepare('SELECT detail FROM audit_log ORDER BY id').pluck().all()).toEqual([
				'made by an older version',
				`restored from ${backupPath}`
			]);
			// The later migrations' append-only triggers now guard the restored log.
			expect(() => db.$client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
		} finally {
			closeDatabase(db);
		}
	});

	it('says where the database from before is when an older backup cannot be brought up to date', async () => {
		makeEmptyTrackerDatabase(folder.path);
		const backupPath = join(folder.dir, 'old.db');
		makeOlderDatabase(backupPath, 1, folder.dir);
		// Something the next migration also creates, so applying it fails.
		const sqlite = new Database(backupPath);
		sqlite.exec(
			'CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END'
		);
		sqlite.close();

		const refused = restore(folder.path, backupPath);

		await expect(refused).rejects.toThrow(
			`The backup is in place at ${folder.path} but could not be brought up to date (trigger audit_log_no_update already exists). The database from before is ${folder.path}.before-restore-20261123T120000Z: restore that to go back.`
		);
	});

	it('a copy of a database still in WAL mode, with the writes only its -wal file holds', async () => {
		const source = join(folder.dir, 'live.db');
		const backupPath = join(folder.dir, 'copied.db');
		const live = openDatabase(source);
		try {
			live.$client.pragma('wal_autocheckpoint = 0');
			appendAudit(live, { actorLabel: 'test', action: 'only-in-the-wal' });
			copyFileSync(source, backupPath);
			copyFileSync(`${source}-wal`, `${backupPath}-wal`);
		} finally {
			closeDatabase(live);
		}

		await restore(folder.path, backupPath);

		const db = openDatabase(folder.path);
		try {
			expect(db.$client.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all()).toEqual([
				'only-in-the-wal',
				'database.restore'
			]);
		} finally {
			closeDatabase(db);
		}
		expect(existsSync(`${backupPath}-shm`)).toBe(false);
	});

	it('in place of a damaged database, which is kept aside byte for byte with its WAL', async () => {
		const backupPath = join(folder.dir, 'good.db');
		makeEmptyTrackerDatabase(backupPath);
		writeFileSync(folder.path, 'this was a database once');
		writeFileSync(`${folder.path}-wal`, 'and this its write-ahead log');

		const summary = await restore(folder.path, backupPath);

		expect(summary).toMatchObject({ replacedWasDamaged: true });
		expect(readFileSync(summary.keptAside!, 'utf8')).toBe('this was a database once');
		expect(readFileSync(`${summary.keptAside}-wal`, 'utf8')).toBe('and this its write-ahead log');
		const db = openDatabase(folder.path);
		try {
			expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(db.$client.prepare('SELECT action FROM audit_log').pluck().all()).toEqual([
				'database.restore'
			]);
		} finally {
			closeDatabase(db);
		}
	});
});
