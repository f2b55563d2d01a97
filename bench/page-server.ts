/**
 * The built app (`node dist/server.js`, what `npm start` runs) as a child process on 127.0.0.1 and
 * a free port, against the benchmark's database. It is stopped by `stop()`, and killed outright if
 * the benchmark itself exits first, so no server outlives a run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { cpuProfileFlags } from './import-bench.js';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface PageServer {
	url: string;
	/** Stops it with SIGTERM (SIGKILL after 10 s) and resolves with its exit code. */
	stop(): Promise<number | null>;
	/** Kills it at once; for exit and signal handlers, which cannot wait. */
	kill(): void;
	output(): string;
}

/** `npm run build`, with its output shown only when it fails. */
export function runNpmBuild(root: string): number {
	const started = performance.now();
	const build = spawnSync('npm', ['run', 'build', '--silent'], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	if (build.status !== 0)
		throw new Error(
			`"npm run build" failed (exit code ${build.status}), so there is no server to measure.\n` +
				`${build.stdout ?? ''}${build.stderr ?? ''}`.trim().slice(-4000)
		);
	return performance.now() - started;
}

async function freePort(): Promise<number> {
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

/** `cpuProfDir`: where the server writes a V8 CPU profile as it exits; null for none. */
export async function startPageServer(
	root: string,
	databasePath: string,
	cpuProfDir: string | null = null
): Promise<PageServer> {
	const entry = join(root, 'dist/server.js');
	if (!existsSync(entry))
		throw new Error(`${entry} does not exist. Run "npm run build", or leave out --no-build.`);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	const child = spawn(process.execPath, [...cpuProfileFlags(cpuProfDir, 'server'), entry], {
		cwd: root,
		env: {
			...process.env,
			DATABASE_PATH: databasePath,
			HOST: '127.0.0.1',
			PORT: String(port),
			// The origin the pages are asked for, so the server does not redirect them to localhost.
			ORIGIN: url,
			DEMO: '0',
			LOG_LEVEL: 'warn',
			// The API's per-caller ceiling (300 a minute) would turn a load test into a 429 test.
			API_RATE_LIMIT: '1000000'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	const kill = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	};
	process.once('exit', kill);

	const deadline = Date.now() + START_TIMEOUT_MS;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`The server exited at start (code ${child.exitCode}):\n${output.trim()}`);
		try {
			if ((await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
		} catch {
			// Not listening yet, or not answering yet.
		}
		if (Date.now() > deadline) {
			kill();
			throw new Error(
				`The server did not answer /api/v1/health within ${START_TIMEOUT_MS / 1000} s:\n${output.trim()}`
			);
		}
		await new Promise((r) => setTimeout(r, 100));
	}

	return {
		url,
		output: () => output,
		kill,
		async stop() {
			process.off('exit', kill);
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			child.kill('SIGTERM');
			const timer = setTimeout(kill, STOP_TIMEOUT_MS);
			const code = await exited;
			clearTimeout(timer);
			return code;
		}
	};
}
