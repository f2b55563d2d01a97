/**
 * Crash safety of an upload over HTTP (issue 7): the built server (`node dist/server.js`) is
 * killed with SIGKILL while a partner's token uploads a large file to POST /api/v1/imports, both
 * while the body is still arriving and while the server checks and commits it. After every kill
 * the server restarts on the same database (recovering the WAL the dead process left), serves
 * the figures, and the database holds each upload wholly or not at all
 * (tests/helpers/import-invariants.ts). Needs `npm run build` first.
 */
import { request as httpRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TEST_NOW } from '../helpers/build-app.js';
import {
	csvWithComment,
	partnerRows,
	prepareCrashDatabase,
	type CrashDatabase
} from '../helpers/crash-fixture.js';
import { crashImportComment } from '../helpers/crash-import-protocol.js';
import { assertBuildIsCurrent } from '../helpers/current-build.js';
import { checkImportInvariants } from '../helpers/import-invariants.js';
import { startServer, type RunningServer } from '../helpers/start-server.js';

/** 35 figures a quarter for one partner: 3,500 rows, a commit of a few hundred milliseconds. */
const QUARTERS = 100;
/** How much of the body has been sent when the server dies mid-transfer. */
const BODY_FRACTIONS = [0.1, 0.9];
const COMMIT_KILLS = 6;
/** Time for the server to read what was sent before it is killed. */
const SETTLE_MS = 100;
const TEST_LIMIT_MS = 180_000;

interface UploadOutcome {
	status: number | null;
	ms: number;
}

describe('the server killed during an upload', () => {
	let crash: CrashDatabase;
	let rows: string[][];
	let server: RunningServer | null = null;

	beforeAll(() => {
		assertBuildIsCurrent(['db', 'imports', 'core', 'api']);
		crash = prepareCrashDatabase(2_000, TEST_NOW);
		rows = partnerRows(crash.fixture, crash.tokenPartner, QUARTERS);
	});

	afterAll(async () => {
		await server?.stop();
		crash?.database.remove();
	});

	function start(): Promise<RunningServer> {
		return startServer(
			{ DATABASE_PATH: crash.database.path, DEMO: '0', FIXTURES_DIR: crash.fixture.dir },
			{ dir: crash.database.dir }
		);
	}

	async function killServer(running: RunningServer): Promise<void> {
		const child = running.process;
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGKILL');
		await exited;
	}

	function uploadUrl(running: RunningServer, dryRun: boolean): string {
		return `${running.url}/api/v1/imports?dryRun=${dryRun}`;
	}

	const headers = () => ({ authorization: `Bearer ${crash.token}`, 'content-type': 'text/csv' });

	/** The whole upload; a connection cut by the server's death is a null status. */
	async function upload(running: RunningServer, body: Buffer, dryRun = false) {
		const started = performance.now();
		try {
			const res = await fetch(uploadUrl(running, dryRun), {
				method: 'POST',
				headers: headers(),
				body: new Uint8Array(body)
			});
			await res.arrayBuffer();
			return { status: res.status, ms: performance.now() - started } satisfies UploadOutcome;
		} catch {
			return { status: null, ms: performance.now() - started } satisfies UploadOutcome;
		}
	}

	/** Sends part of the body, waits for the server to read it, and kills the server. */
	async function killDuringBody(running: RunningServer, body: Buffer, fraction: number) {
		const req = httpRequest(uploadUrl(running, false), {
			method: 'POST',
			headers: { ...headers(), 'content-length': String(body.length) }
		});
		const failed = new Promise<Error>((resolve) => req.once('error', resolve));
		const answered = new Promise<number>((resolve) =>
			req.once('response', (res) => resolve(res.statusCode ?? 0))
		);
		req.write(body.subarray(0, Math.floor(body.length * fraction)));
		await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
		await killServer(running);
		return Promise.race([failed.then(() => null), answered]);
	}

	/** Restarts on the same database and checks it serves and holds whole uploads only. */
	async function recover(where: string, acknowledged: number, inFlight: boolean) {
		const wal = `${crash.database.path}-wal`;
		expect(existsSync(wal), `${where}: the dead server's -wal file`).toBe(true);
		server = await start();
		const stored = checkImportInvariants(crash.database.path);
		expect(stored.problems, where).toEqual([]);
		const extra = stored.uploads - acknowledged;
		expect(
			extra === 0 || (extra === 1 && inFlight),
			`${where}: ${stored.uploads} uploads stored, ${acknowledged} acknowledged`
		).toBe(true);
		expect(stored.figureComments, where).toEqual([crashImportComment(stored.uploads)]);
		expect(stored.figures, where).toBe(rows.length - 1);

		const res = await fetch(`${server.url}/api/v1/values?limit=1`, {
			headers: { authorization: `Bearer ${crash.token}` }
		});
		expect(res.status, where).toBe(200);
		const page = (await res.json()) as { total: number; values: { comment: string | null }[] };
		expect(page.total, where).toBe(rows.length - 1);
		expect(page.values[0]?.comment, where).toBe(crashImportComment(stored.uploads));
		return stored.uploads;
	}

	it(
		'keeps every upload whole when the server dies mid-transfer or mid-commit, and serves after',
		async () => {
			server = await start();
			const body = (sequence: number) => csvWithComment(rows, crashImportComment(sequence));

			// Unkilled: the upload works at all, and (once warm) a whole upload and a dry run, which
			// is the upload without its commit, are timed to aim the kills.
			const first = await upload(server, body(1));
			expect(first.status).toBe(200);
			let stored = 1;
			const checkOnly = await upload(server, body(2), true);
			expect(checkOnly.status).toBe(200);
			const uploadTimes = [first.ms];

			for (const fraction of BODY_FRACTIONS) {
				const where = `killed with ${fraction * 100}% of the body sent`;
				const status = await killDuringBody(server, body(stored + 1), fraction);
				expect(status, where).toBeNull();
				stored = await recover(where, stored, false);
			}

			let rolledBack = 0;
			for (let i = 0; i < COMMIT_KILLS; i++) {
				// From half-way through the check to a little past the longest upload seen.
				const from = checkOnly.ms / 2;
				const to = Math.max(...uploadTimes) * 1.1;
				const delayMs = Math.round(from + ((to - from) * i) / (COMMIT_KILLS - 1));
				const where = `killed ${delayMs} ms into an upload`;
				const running = server;
				const sent = upload(running, body(stored + 1));
				const timer = new Promise((resolve) => setTimeout(resolve, delayMs));
				await Promise.race([sent, timer]);
				await killServer(running);
				const outcome = await sent;
				const acknowledged = stored + (outcome.status === 200 ? 1 : 0);
				if (outcome.status === 200) uploadTimes.push(outcome.ms);
				else expect(outcome.status, where).toBeNull();
				const now = await recover(where, acknowledged, outcome.status === null);
				if (outcome.status === null && now === stored) rolledBack += 1;
				stored = now;
			}
			expect(rolledBack, 'kills that landed before an upload committed').toBeGreaterThan(0);
		},
		TEST_LIMIT_MS
	);
});
