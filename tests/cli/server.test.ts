/**
 * The real process, as `npm start` runs it: `node dist/server.js` (built by `npm run build`).
 * Every server listens on 127.0.0.1 only and is killed after its test, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DEFAULT_DEMO_PASSWORD } from '../../src/config.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';

const SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const HOST = '127.0.0.1';
const STARTUP_LIMIT_MS = 20_000;
const STACK_LINE = /^\s+at /m;

interface ServerProcess {
	child: ChildProcess;
	stdout(): string;
	stderr(): string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The parent's environment without vitest's own variables, so the server starts as in production. */
function serverEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env))
		if (!/^(VITEST|VITE_|TEST$|NODE_ENV$|DEMO$|PORT$|HOST$|DATABASE_PATH$|ORIGIN$)/.test(key))
			env[key] = value;
	return { ...env, HOST, LOG_LEVEL: 'warn', ...extra };
}

function listenOnFreePort(): Promise<Server> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, HOST, () => resolve(server));
	});
}

async function freePort(): Promise<number> {
	const server = await listenOnFreePort();
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

function withinLimit<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
	});
	return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

describe('the server process', () => {
	const started: ChildProcess[] = [];
	const blockers: Server[] = [];
	let database: TempDatabasePath;

	function startServerProcess(env: NodeJS.ProcessEnv): ServerProcess {
		const child = spawn(process.execPath, [SERVER], {
			cwd: REPO,
			env: serverEnv({ DATABASE_PATH: database.path, ...env }),
			stdio: ['ignore', 'pipe', 'pipe']
		});
		started.push(child);
		let stdout = '';
		let stderr = '';
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
			child.once('exit', (code, signal) => resolve({ code, signal }))
		);
		return { child, stdout: () => stdout, stderr: () => stderr, exited };
	}

	/** Polls /api/v1/health until it answers 200; fails early if the process exits. */
	async function waitUntilHealthy(server: ServerProcess, port: number): Promise<void> {
		const deadline = Date.now() + STARTUP_LIMIT_MS;
		let exited = false;
		void server.exited.then(() => (exited = true));
		while (Date.now() < deadline) {
			if (exited) throw new Error(`The server exited before it was healthy:\n${server.stderr()}`);
			try {
				const res = await fetch(`http://${HOST}:${port}/api/v1/health`);
				if (res.status === 200) return;
			} catch {
				// Not listening yet.
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(
			`The server was not healthy within ${STARTUP_LIMIT_MS} ms:\n${server.stderr()}`
		);
	}

	async function stop(server: ServerProcess) {
		server.child.kill('SIGTERM');
		return withinLimit(server.exited, 10_000, 'Stopping the server');
	}

	beforeAll(() => {
		if (!existsSync(SERVER))
			throw new Error(`${SERVER} is missing: run "npm run build" before these tests.`);
	});

	beforeEach(() => {
		database = tempDatabasePath();
	});

	afterEach(async () => {
		for (const child of started.splice(0))
			if (child.exitCode === null && child.signalCode === null) {
				const gone = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGKILL');
				await gone;
			}
		for (const blocker of blockers.splice(0))
			await new Promise((resolve) => blocker.close(resolve));
		database.remove();
	});

	it('refuses to start on a port in use, in one sentence', async () => {
		const blocker = await listenOnFreePort();
		blockers.push(blocker);
		const { port } = blocker.address() as AddressInfo;

		const server = startServerProcess({ PORT: String(port) });
		const { code } = await withinLimit(server.exited, STARTUP_LIMIT_MS, 'The failed start');

		expect(code).toBe(1);
		expect(server.stderr()).toBe(
			`Strategy Tracker did not start. Port ${port} on ${HOST} is already in use. Stop the other program, or set PORT to a free port.\n`
		);
		expect(server.stderr()).not.toMatch(STACK_LINE);
		expect(server.stdout()).not.toMatch(STACK_LINE);
	}, 30_000);

	it('sends 127.0.0.1 to the default origin http://localhost:PORT, so form posts match it', async () => {
		const port = await freePort();
		const server = startServerProcess({ PORT: String(port), DEMO: '0' });
		await waitUntilHealthy(server, port);
		const page = await fetch(`http://${HOST}:${port}/priorities/2?area=HULL`, {
			redirect: 'manual'
		});
		expect(page.status).toBe(308);
		expect(page.headers.get('location')).toBe(`http://localhost:${port}/priorities/2?area=HULL`);
		expect(await stop(server)).toEqual({ code: 0, signal: null });
	}, 30_000);

	it('serves the demo dashboard, stops on SIGTERM and does not seed the demo twice', async () => {
		const port = await freePort();
		const env = { PORT: String(port), DEMO: '1', ORIGIN: `http://${HOST}:${port}` };

		const first = startServerProcess(env);
		await waitUntilHealthy(first, port);
		// The dashboard needs a sign-in; the demo users are printed for whoever started it.
		expect(first.stdout()).toContain('coordinator@example.org');
		const signIn = await fetch(`http://${HOST}:${port}/sign-in`, {
			method: 'POST',
			headers: {
				accept: 'text/html',
				origin: `http://${HOST}:${port}`,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({
				email: 'coordinator@example.org',
				password: DEFAULT_DEMO_PASSWORD
			}),
			redirect: 'manual'
		});
		expect(signIn.status).toBe(303);
		const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
		const page = await fetch(`http://${HOST}:${port}/`, { headers: { cookie } });
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Humber Modern Slavery Partnership');
		expect(html).toContain('Priority 1');
		expect(await stop(first)).toEqual({ code: 0, signal: null });
		expect(first.stderr()).toContain('Received SIGTERM');

		const second = startServerProcess(env);
		await waitUntilHealthy(second, port);
		expect(await stop(second)).toEqual({ code: 0, signal: null });

		const db = new Database(database.path, { readonly: true });
		try {
			const count = (action: string) =>
				db.prepare('SELECT count(*) FROM audit_log WHERE action = ?').pluck().get(action);
			expect(count('demo.seed')).toBe(1);
			expect(count('framework.seed')).toBe(1);
		} finally {
			db.close();
		}
	}, 60_000);
});
