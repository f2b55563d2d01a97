/**
 * Starts the built server (`node dist/server.js`) as a child process on 127.0.0.1, on a free port,
 * with its own temporary database, and stops it afterwards. Browser and process tests use it so
 * they exercise exactly what `npm start` runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_ENTRY = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

export interface RunningServer {
	url: string;
	dir: string;
	databasePath: string;
	process: ChildProcess;
	output(): string;
	stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export async function startServer(
	env: Record<string, string> = {},
	options: { dir?: string } = {}
): Promise<RunningServer> {
	const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'st-server-'));
	const port = await freePort();
	const databasePath = env.DATABASE_PATH ?? join(dir, 'tracker.db');
	let output = '';
	const child = spawn(process.execPath, [SERVER_ENTRY], {
		env: {
			...process.env,
			DEMO: '1',
			LOG_LEVEL: 'warn',
			...env,
			DATABASE_PATH: databasePath,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code))
	);

	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`The server exited early:\n${output}`);
		try {
			const res = await fetch(`${url}/api/v1/health`);
			if (res.ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`The server did not become healthy within 30 s:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}

	return {
		url,
		dir,
		databasePath,
		process: child,
		output: () => output,
		async stop() {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				const code = await exited;
				clearTimeout(timer);
				if (!options.dir) rmSync(dir, { recursive: true, force: true });
				return code;
			}
			if (!options.dir) rmSync(dir, { recursive: true, force: true });
			return child.exitCode;
		}
	};
}
