/**
 * Crash safety of the import (issue 7): a process importing large files is killed with SIGKILL at
 * many points during its commit, and after every kill the database, reopened as the app would
 * reopen it, holds each import wholly or not at all (tests/helpers/import-invariants.ts).
 *
 * One database lives through all the kills, so it grows as a real one does. The kills are aimed at
 * offsets spread over a commit's duration (as measured so far in this test), mostly into a run's
 * first commit and sometimes into its second, so that some imports commit in the same process
 * before it dies and sit, committed, in the WAL only. Every other run shrinks SQLite's page cache
 * below one commit, so uncommitted pages spill into the WAL before the kill, as a large file's
 * would. The child runs the built app (`npm run build` first).
 */
import { copyFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TEST_NOW } from '../helpers/build-app.js';
import { prepareCrashDatabase, type CrashDatabase } from '../helpers/crash-fixture.js';
import { crashImportComment, type CrashChildArgs } from '../helpers/crash-import-protocol.js';
import { assertBuildIsCurrent } from '../helpers/current-build.js';
import { checkImportInvariants } from '../helpers/import-invariants.js';
import { runCrashChild } from '../helpers/run-crash-child.js';

/** Two quarters of the synthetic framework: a commit of a few hundred milliseconds. */
const ROWS = 4_000;
const KILLS = 12;
/** Well under one commit's pages (about 1.2 MiB of WAL for 4,000 rows). */
const SMALL_CACHE_KIB = 256;
/** A guard against a hang: the test takes well under a minute on a busy 2-core machine. */
const TEST_LIMIT_MS = 180_000;

describe('an import killed during its commit', () => {
	let crash: CrashDatabase;
	let args: CrashChildArgs;

	beforeAll(() => {
		assertBuildIsCurrent();
		crash = prepareCrashDatabase(ROWS, TEST_NOW);
		args = {
			databasePath: crash.database.path,
			fixturesDir: crash.fixture.dir,
			csvPath: crash.fixture.csvPath,
			imports: 2,
			coordinatorUserId: crash.coordinatorUserId,
			now: TEST_NOW.toISOString(),
			cacheKiB: null
		};
	});

	afterAll(() => crash?.database.remove());

	/**
	 * Uploads in the database file alone, as if its -wal file had been lost. A process killed in
	 * the middle of a checkpoint leaves a main file that is readable only with its WAL.
	 */
	function uploadsWithoutWal(): number | 'unreadable' {
		const copy = `${crash.database.path}.main-only`;
		copyFileSync(crash.database.path, copy);
		try {
			const db = new Database(copy, { readonly: true });
			try {
				return db.prepare('SELECT count(*) FROM uploads').pluck().get() as number;
			} finally {
				db.close();
			}
		} catch (error) {
			if ((error as { code?: string }).code === 'SQLITE_CORRUPT') return 'unreadable';
			throw error;
		} finally {
			rmSync(copy, { force: true });
		}
	}

	it(
		'leaves every import wholly there or wholly absent, whenever the process dies',
		async () => {
			// An unkilled run first: the import must work at all, and its commits are timed.
			const calibration = await runCrashChild(args, null);
			expect(calibration.code, calibration.stderr).toBe(0);
			expect(calibration.committed).toEqual([1, 2]);
			const commitTimes = calibration.events.flatMap((e) =>
				e.event === 'committed' ? [e.commitMs] : []
			);
			let stored = checkImportInvariants(crash.database.path);
			expect(stored.problems).toEqual([]);
			expect(stored.uploads).toBe(2);
			expect(stored.figures).toBe(ROWS);
			expect(stored.walLeftAfterClose).toBe(false);

			const outcomes = {
				rolledBack: 0,
				rolledBackFromWal: 0,
				committedUnreported: 0,
				afterCommit: 0,
				walOnly: 0
			};
			for (let i = 0; i < KILLS; i++) {
				const before = stored.uploads;
				const commit = i % 4 === 2 ? 2 : 1;
				const cacheKiB = i % 2 === 1 ? SMALL_CACHE_KIB : null;
				// From the instant the commit starts to a little past the longest seen so far.
				const delayMs = Math.round((Math.max(...commitTimes) * 1.1 * i) / (KILLS - 1));
				const run = await runCrashChild(
					{ ...args, imports: commit + 1, cacheKiB },
					{ commit, delayMs }
				);
				const where = `kill ${i + 1} of ${KILLS}, ${delayMs} ms into commit ${commit}`;
				expect(run.killed, `${where}: ${run.stderr}`).toBe(true);
				for (const e of run.events) if (e.event === 'committed') commitTimes.push(e.commitMs);

				const mainOnly = uploadsWithoutWal();
				stored = checkImportInvariants(crash.database.path);
				expect(stored.problems, where).toEqual([]);
				// The killed process had the database open, so its -wal file is there to be
				// recovered, and closing the recovered database checkpoints and removes it.
				expect(stored.walBytesBeforeOpen, where).not.toBeNull();
				expect(stored.walLeftAfterClose, where).toBe(false);

				const reported = before + run.committed.length;
				const inFlightStored = stored.uploads - reported;
				expect(
					inFlightStored === 0 || (inFlightStored === 1 && run.inFlight !== null),
					`${where}: ${stored.uploads} uploads stored, ${reported} reported committed`
				).toBe(true);
				// Each import rewrites every figure's comment, so one comment means one whole import.
				expect(stored.figureComments, where).toEqual([crashImportComment(stored.uploads)]);
				expect(stored.figures, where).toBe(ROWS);
				expect(stored.revisions, where).toBe(ROWS * stored.uploads);

				if (run.inFlight === null) outcomes.afterCommit += 1;
				else if (inFlightStored === 1) outcomes.committedUnreported += 1;
				else {
					outcomes.rolledBack += 1;
					if (run.committed.length === 0 && (stored.walBytesBeforeOpen ?? 0) > 0)
						outcomes.rolledBackFromWal += 1;
				}
				if (mainOnly === 'unreadable' || mainOnly < stored.uploads) outcomes.walOnly += 1;
			}
			// The kills landed inside commits, some after uncommitted pages had reached the WAL;
			// and some committed imports were in the WAL only, so reopening recovered them from it.
			const seen = JSON.stringify(outcomes);
			expect(outcomes.rolledBack, seen).toBeGreaterThan(0);
			expect(outcomes.rolledBackFromWal, seen).toBeGreaterThan(0);
			expect(outcomes.walOnly, seen).toBeGreaterThan(0);
		},
		TEST_LIMIT_MS
	);
});
