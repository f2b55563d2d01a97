/**
 * `npm run bench`: the import of a 100,000-row CSV file beside bare papaparse and better-sqlite3
 * (import-bench.ts), then the overview and a priority page under load beside the bare SQL
 * aggregate of their figures (dashboard-bench.ts), all measured in the same run. It prints the
 * tables, writes the JSON and, after a full run, regenerates docs/benchmarks.md from it.
 *
 * Options (flag or environment variable):
 *   --runs N        BENCH_RUNS     runs of each import phase; the median is reported (default 3)
 *   --rows N        BENCH_ROWS     rows in the generated import file (default 100000, at most 200000)
 *   --seconds N     BENCH_SECONDS  seconds of load on each page and role (default 10)
 *   --only PART     BENCH_ONLY     import or dashboard: run one part, and leave the docs alone
 *   --no-build      BENCH_NO_BUILD=1  serve the dist/ and build/ already there, without npm run build
 *   --out F         BENCH_OUT      where the JSON goes (default bench/results/latest.json)
 *   --cpu-prof DIR  BENCH_CPU_PROF V8 CPU profiles of each import phase and of the server, into DIR
 *                                  (profiling slows what it measures: read the profiles, not the times)
 *
 * Everything happens in one temporary folder, removed at the end; the server it starts listens on
 * 127.0.0.1 only and is stopped at the end, or killed if the run fails or is interrupted. Nothing
 * is read or written outside that folder but the repository's own files, the build, the JSON
 * result, docs/benchmarks.md and the profiles asked for with --cpu-prof.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

import { DEFAULT_MAX_ROWS } from '../src/core/validate-import.js';
import { runDashboardBench, type DashboardBenchResult } from './dashboard-bench.js';
import { dec, MiB } from './format.js';
import { importRunsJson, runImportBench, type ImportBenchResult } from './import-bench.js';
import type { PageServer } from './page-server.js';
import {
	formatWithPrettier,
	wasMachineBusy,
	writeBenchmarkDocs,
	type Machine
} from './write-docs.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs/benchmarks.md');
const CONNECTIONS = 10;
const WARM_UP_SECONDS = 2;
const ALONE_SECONDS = 3;

type Part = 'import' | 'dashboard';

interface Options {
	runs: number;
	rows: number;
	seconds: number;
	parts: Part[];
	build: boolean;
	out: string;
	cpuProfDir: string | null;
}

function readOptions(): Options {
	const { values } = parseArgs({
		options: {
			runs: { type: 'string' },
			rows: { type: 'string' },
			seconds: { type: 'string' },
			only: { type: 'string' },
			'no-build': { type: 'boolean' },
			out: { type: 'string' },
			'cpu-prof': { type: 'string' }
		}
	});
	const whole = (name: string, raw: string | undefined, fallback: number, max: number) => {
		if (raw === undefined || raw.trim() === '') return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 1 || n > max)
			throw new Error(`${name} must be a whole number from 1 to ${max}; it is "${raw}".`);
		return n;
	};
	const only = (values.only ?? process.env.BENCH_ONLY ?? '').trim();
	const cpuProf = (values['cpu-prof'] ?? process.env.BENCH_CPU_PROF ?? '').trim();
	if (only !== '' && only !== 'import' && only !== 'dashboard')
		throw new Error(`only must be "import" or "dashboard"; it is "${only}".`);
	return {
		runs: whole('runs', values.runs ?? process.env.BENCH_RUNS, 3, 99),
		rows: whole('rows', values.rows ?? process.env.BENCH_ROWS, 100_000, DEFAULT_MAX_ROWS),
		seconds: whole('seconds', values.seconds ?? process.env.BENCH_SECONDS, 10, 600),
		parts: only === '' ? ['import', 'dashboard'] : [only],
		build: !(values['no-build'] ?? ['1', 'true'].includes(process.env.BENCH_NO_BUILD ?? '')),
		out: resolve(ROOT, values.out ?? process.env.BENCH_OUT ?? 'bench/results/latest.json'),
		cpuProfDir: cpuProf === '' ? null : resolve(cpuProf)
	};
}

function packageVersion(name: string): string {
	const path = join(ROOT, 'node_modules', name, 'package.json');
	return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

function sqliteVersion(): string {
	const db = new Database(':memory:');
	try {
		return db.prepare('SELECT sqlite_version()').pluck().get() as string;
	} finally {
		db.close();
	}
}

function describeMachine(loadBefore: number[], loadAfter: number[]): Machine {
	return {
		node: process.version,
		platform: process.platform,
		arch: process.arch,
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
		totalMemoryMiB: Math.round(totalmem() / MiB),
		loadAverageBefore: loadBefore,
		loadAverageAfter: loadAfter
	};
}

async function main(): Promise<void> {
	const options = readOptions();
	const now = new Date();
	const tmp = mkdtempSync(join(tmpdir(), 'strategy-tracker-bench-'));
	let server: PageServer | null = null;
	const cleanUp = () => {
		server?.kill();
		rmSync(tmp, { recursive: true, force: true });
	};
	const onSignal = (signal: NodeJS.Signals) => {
		cleanUp();
		process.kill(process.pid, signal);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	try {
		const started = performance.now();
		const loadBefore = loadavg();
		console.log(
			`Node ${process.version} on ${process.platform}/${process.arch}, ${cpus().length} CPUs ` +
				`(${cpus()[0]?.model.trim() ?? 'unknown'}), ${dec(totalmem() / MiB / 1024, 0)} GiB\n`
		);
		let importResult: ImportBenchResult | null = null;
		let dashboard: DashboardBenchResult | null = null;
		if (options.parts.includes('import'))
			importResult = runImportBench({
				root: ROOT,
				tmp,
				rows: options.rows,
				runs: options.runs,
				now,
				cpuProfDir: options.cpuProfDir
			});
		if (options.parts.includes('dashboard'))
			dashboard = await runDashboardBench({
				root: ROOT,
				tmp,
				now,
				connections: CONNECTIONS,
				seconds: options.seconds,
				warmUpSeconds: WARM_UP_SECONDS,
				aloneSeconds: ALONE_SECONDS,
				build: options.build,
				cpuProfDir: options.cpuProfDir,
				onServer: (s) => (server = s)
			});
		const loadAfter = loadavg();
		const machine = describeMachine(loadBefore, loadAfter);
		console.log(
			`Load average (1 min): ${dec(loadBefore[0]!, 2)} before, ${dec(loadAfter[0]!, 2)} after ` +
				`(this benchmark adds 1 to 2), on ${machine.cpus} CPUs.` +
				(wasMachineBusy(machine)
					? ' Other work was running: wall times are inflated; compare CPU ms, or rerun on a quiet machine.'
					: '')
		);

		const totalSeconds = (performance.now() - started) / 1000;
		const versions = {
			'better-sqlite3': packageVersion('better-sqlite3'),
			sqlite: sqliteVersion(),
			papaparse: packageVersion('papaparse'),
			'drizzle-orm': packageVersion('drizzle-orm'),
			'@sveltejs/kit': packageVersion('@sveltejs/kit'),
			fastify: packageVersion('fastify'),
			tsx: packageVersion('tsx')
		};
		const output = {
			generatedAt: new Date().toISOString(),
			totalSeconds,
			machine,
			versions,
			import: importResult && {
				settings: {
					rows: importResult.rows,
					runs: importResult.runs,
					statistic: 'median of the runs, each figure separately',
					csvBytes: importResult.fixture.csvBytes,
					pragmas: { journal_mode: 'wal', synchronous: 'full' }
				},
				fixture: {
					metrics: importResult.fixture.metrics,
					partners: importResult.fixture.partners,
					areas: importResult.fixture.areas,
					figuresPerQuarter: importResult.fixture.figuresPerQuarter,
					quarters: importResult.fixture.quarters,
					firstPeriod: importResult.fixture.firstPeriod,
					lastPeriod: importResult.fixture.lastPeriod
				},
				median: importResult.median,
				ratios: importResult.ratios,
				runs: importRunsJson(importResult.records)
			},
			dashboard: dashboard && { ...dashboard, tables: undefined }
		};
		mkdirSync(dirname(options.out), { recursive: true });
		writeFileSync(
			options.out,
			await formatWithPrettier(JSON.stringify(output, null, '\t'), options.out)
		);
		console.log(
			`\nWrote ${relative(process.cwd(), options.out) || options.out} in ${dec(totalSeconds, 0)} s.`
		);
		// A profiled run is slowed by its profiler: its figures never go into the docs.
		if (importResult && dashboard && !options.cpuProfDir) {
			await writeBenchmarkDocs(DOCS, {
				date: now,
				totalSeconds,
				machine,
				versions,
				import: importResult,
				dashboard
			});
			console.log(`Wrote ${relative(process.cwd(), DOCS)}.`);
		} else
			console.log(
				`Left ${relative(process.cwd(), DOCS)} alone: ${options.cpuProfDir ? 'the run was profiled' : 'only part of the benchmark ran'}.`
			);
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		cleanUp();
	}
}

try {
	await main();
} catch (error) {
	console.error(`\nBenchmark failed: ${(error as Error).message}`);
	process.exitCode = 1;
}
