/**
 * `npm run bench`: how long the app's import of a 100,000-row CSV file takes, and how much memory
 * it needs, beside a baseline of the same bytes through bare papaparse and bare better-sqlite3
 * inserts, measured in the same run. See docs/benchmarks.md.
 *
 * Options (flag or environment variable):
 *   --runs N   BENCH_RUNS   runs of each phase; the median is reported (default 3)
 *   --rows N   BENCH_ROWS   rows in the generated file (default 100000, at most 200000)
 *   --out F    BENCH_OUT    where the JSON goes (default bench/results/latest.json)
 *
 * Each run of each phase is a fresh process (see bench/phase.ts), started one at a time, with its
 * own fresh database. Everything happens in one temporary folder, removed at the end. Nothing is
 * read or written outside it but the repository's own files and the JSON result.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { DEFAULT_MAX_ROWS } from '../src/core/validate-import.js';
import { writeBenchFixture, type BenchFixture } from './fixture.js';
import type { PhaseArgs, PhaseName, PhaseResult } from './phase.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PHASES: PhaseName[] = ['parse', 'baseline', 'dry-run', 'commit'];
const CHILD_TIMEOUT_MS = 10 * 60 * 1000;
const MiB = 1024 * 1024;

interface GcTrace {
	/** The largest "objects" size V8 printed before any GC in the timed region, in bytes. */
	peakUsedBeforeGc: number;
	/** The largest committed heap V8 printed, before or after a GC, in bytes. */
	peakCommitted: number;
	collections: number;
	scavenges: number;
	markCompacts: number;
	/** Time V8 reported spent in those collections (pause time on the main thread), in ms. */
	gcMs: number;
}

interface RunRecord extends PhaseResult {
	run: number;
	gc: GcTrace;
	/** max(heapUsed before, every pre-GC size, heapUsed after), in bytes. */
	heapPeak: number;
	processMs: number;
}

interface PhaseFigures {
	wallMs: number;
	cpuMs: number;
	rowsPerSecond: number;
	maxRssMiB: number;
	rssAtStartMiB: number;
	/** maxRSS minus RSS at the start of the timed region: what the phase itself added. */
	rssGrowthMiB: number;
	/** False when set-up had already reached the high-water mark: the growth is then an upper bound. */
	phaseRaisedMaxRss: boolean;
	heapPeakMiB: number;
	heapAfterMiB: number;
	gcMs: number;
	parseMs?: number;
	insertMs?: number;
}

function readOptions(): { runs: number; rows: number; out: string } {
	const { values } = parseArgs({
		options: {
			runs: { type: 'string' },
			rows: { type: 'string' },
			out: { type: 'string' }
		}
	});
	const whole = (name: string, raw: string | undefined, fallback: number, max: number) => {
		if (raw === undefined || raw.trim() === '') return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 1 || n > max)
			throw new Error(`${name} must be a whole number from 1 to ${max}; it is "${raw}".`);
		return n;
	};
	return {
		runs: whole('runs', values.runs ?? process.env.BENCH_RUNS, 3, 99),
		rows: whole('rows', values.rows ?? process.env.BENCH_ROWS, 100_000, DEFAULT_MAX_ROWS),
		out: resolve(ROOT, values.out ?? process.env.BENCH_OUT ?? 'bench/results/latest.json')
	};
}

/** V8's `--trace-gc` lines: "…ms: Scavenge 127.6 (145.4) -> 123.1 (151.9) MB, 14.73 / 0.00 ms …". */
function readGcTrace(stdout: string): GcTrace {
	const trace: GcTrace = {
		peakUsedBeforeGc: 0,
		peakCommitted: 0,
		collections: 0,
		scavenges: 0,
		markCompacts: 0,
		gcMs: 0
	};
	const line =
		/ms: ([A-Za-z-]+(?: [A-Za-z-]+)*)[^\d]*?([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, ([\d.]+)/;
	for (const text of stdout.split('\n')) {
		const m = line.exec(text);
		if (!m) continue;
		const [, kind = '', used = '0', committed = '0', , committedAfter = '0', pause = '0'] = m;
		trace.collections += 1;
		if (kind.startsWith('Scavenge') || kind.startsWith('Minor')) trace.scavenges += 1;
		else trace.markCompacts += 1;
		trace.peakUsedBeforeGc = Math.max(trace.peakUsedBeforeGc, Number(used) * MiB);
		trace.peakCommitted = Math.max(
			trace.peakCommitted,
			Number(committed) * MiB,
			Number(committedAfter) * MiB
		);
		trace.gcMs += Number(pause);
	}
	return trace;
}

function runPhase(args: PhaseArgs, run: number): RunRecord {
	const started = performance.now();
	const child = spawnSync(
		process.execPath,
		['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/phase.ts'), JSON.stringify(args)],
		{
			cwd: ROOT,
			encoding: 'utf8',
			maxBuffer: 256 * MiB,
			timeout: CHILD_TIMEOUT_MS,
			killSignal: 'SIGKILL',
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	const processMs = performance.now() - started;
	let result: PhaseResult | null;
	try {
		result = JSON.parse(readFileSync(args.resultPath, 'utf8')) as PhaseResult;
	} catch {
		result = null;
	}
	if (!result) {
		const why = child.error
			? child.error.message
			: child.signal
				? `killed by ${child.signal}`
				: `exit code ${child.status}`;
		throw new Error(
			`The ${args.phase} phase (run ${run}) failed (${why}) and wrote no result.\n` +
				(child.stderr || '').trim().slice(-4000)
		);
	}
	if (!result.ok || child.status !== 0) {
		throw new Error(
			`The ${args.phase} phase (run ${run}) did not do what it should: ${result.error ?? `exit code ${child.status}`}\n` +
				(result.summary ? `summary: ${JSON.stringify(result.summary)}\n` : '') +
				(result.firstErrors?.length
					? `first errors: ${JSON.stringify(result.firstErrors, null, 2)}\n`
					: '') +
				(child.stderr || '').trim().slice(-4000)
		);
	}
	const gc = readGcTrace(child.stdout ?? '');
	const heapPeak = Math.max(result.before.heapUsed, result.after.heapUsed, gc.peakUsedBeforeGc);
	return { ...result, run, gc, heapPeak, processMs };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figuresOf(runs: RunRecord[], rows: number): PhaseFigures {
	const med = (pick: (r: RunRecord) => number) => median(runs.map(pick));
	const wallMs = med((r) => r.wallMs);
	const figures: PhaseFigures = {
		wallMs,
		cpuMs: med((r) => r.cpuMs),
		rowsPerSecond: rows / (wallMs / 1000),
		maxRssMiB: med((r) => r.maxRss) / MiB,
		rssAtStartMiB: med((r) => r.before.rss) / MiB,
		rssGrowthMiB: med((r) => r.maxRss - r.before.rss) / MiB,
		phaseRaisedMaxRss: runs.every((r) => r.maxRss > r.maxRssBefore),
		heapPeakMiB: med((r) => r.heapPeak) / MiB,
		heapAfterMiB: med((r) => r.after.heapUsed) / MiB,
		gcMs: med((r) => r.gc.gcMs)
	};
	if (runs.every((r) => r.parseMs !== undefined && r.insertMs !== undefined)) {
		figures.parseMs = med((r) => r.parseMs!);
		figures.insertMs = med((r) => r.insertMs!);
	}
	return figures;
}

function packageVersion(name: string): string {
	const path = join(ROOT, 'node_modules', name, 'package.json');
	return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const dec = (n: number, digits = 1) => n.toFixed(digits);

function table(header: string[], rows: string[][], leftColumns = 1): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
			.join('  ')
			.trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** As `prettier --write` would leave it, so `npm run lint` (prettier --check .) stays clean. */
async function formatJson(json: string, path: string): Promise<string> {
	try {
		const prettier = await import('prettier');
		const config = (await prettier.resolveConfig(path)) ?? {};
		return await prettier.format(json, { ...config, filepath: path });
	} catch {
		return json + '\n';
	}
}

async function main(): Promise<void> {
	const options = readOptions();
	const now = new Date();
	const tmp = mkdtempSync(join(tmpdir(), 'strategy-tracker-bench-'));
	const cleanUp = () => rmSync(tmp, { recursive: true, force: true });
	const onSignal = (signal: NodeJS.Signals) => {
		cleanUp();
		process.kill(process.pid, signal);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	try {
		const started = performance.now();
		const loadBefore = loadavg();
		const fixture: BenchFixture = writeBenchFixture(join(tmp, 'framework'), options.rows, now);
		if (fixture.rows !== options.rows)
			throw new Error(`The generated file has ${fixture.rows} rows, not ${options.rows}.`);
		const cpuModel = cpus()[0]?.model ?? 'unknown';
		console.log(
			`Import benchmark: ${int(fixture.rows)} rows, ${dec(fixture.csvBytes / MiB, 2)} MiB CSV ` +
				`(${fixture.metrics} metrics × 4 partners × ${fixture.areas} areas × ${fixture.quarters} quarters, ` +
				`${fixture.firstPeriod} to ${fixture.lastPeriod}); ${options.runs} run(s) of each phase, ` +
				'each in a fresh process'
		);
		console.log(
			`Node ${process.version} on ${process.platform}/${process.arch}, ${cpus().length} CPUs (${cpuModel})\n`
		);

		const records = new Map<PhaseName, RunRecord[]>(PHASES.map((p) => [p, []]));
		// Phases interleaved run by run, so a slow patch of the machine hits all of them alike.
		for (let run = 1; run <= options.runs; run++) {
			for (const phase of PHASES) {
				const databasePath = join(tmp, `${phase}-${run}.sqlite`);
				const record = runPhase(
					{
						phase,
						csvPath: fixture.csvPath,
						fixturesDir: fixture.dir,
						databasePath,
						resultPath: join(tmp, `${phase}-${run}.json`),
						rows: options.rows,
						now: now.toISOString()
					},
					run
				);
				for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
				records.get(phase)!.push(record);
				process.stderr.write(
					`  run ${run}/${options.runs} ${phase.padEnd(8)} ${int(record.wallMs).padStart(7)} ms\n`
				);
			}
		}
		process.stderr.write('\n');
		const loadAfter = loadavg();

		const figures = Object.fromEntries(
			PHASES.map((p) => [p, figuresOf(records.get(p)!, options.rows)])
		) as Record<PhaseName, PhaseFigures>;
		const base = figures.baseline;
		const ratio = (f: PhaseFigures) => ({
			wallTime: f.wallMs / base.wallMs,
			maxRss: f.maxRssMiB / base.maxRssMiB,
			rssGrowth: f.rssGrowthMiB / base.rssGrowthMiB,
			heapPeak: f.heapPeakMiB / base.heapPeakMiB
		});
		const ratios = {
			'dry-run': ratio(figures['dry-run']),
			commit: ratio(figures.commit),
			dryRunVsParseOnly: figures['dry-run'].wallMs / figures.parse.wallMs
		};

		const spread = (p: PhaseName, pick: (r: RunRecord) => number = (r) => r.wallMs) =>
			records
				.get(p)!
				.map((r) => int(pick(r)))
				.join(' / ');
		const row = (
			label: string,
			f: Partial<PhaseFigures> & { wallMs: number },
			runs: string,
			r?: { wallTime: number; rssGrowth: number; heapPeak: number }
		) => [
			label,
			int(f.wallMs),
			f.cpuMs === undefined ? '–' : int(f.cpuMs),
			int(options.rows / (f.wallMs / 1000)),
			f.maxRssMiB === undefined ? '–' : int(f.maxRssMiB),
			f.rssGrowthMiB === undefined
				? '–'
				: `${f.phaseRaisedMaxRss ? '' : '≤'}${int(f.rssGrowthMiB)}`,
			f.heapPeakMiB === undefined ? '–' : int(f.heapPeakMiB),
			r ? `${dec(r.wallTime)}×` : '',
			r ? `${dec(r.rssGrowth)}×` : '',
			r ? `${dec(r.heapPeak)}×` : '',
			runs
		];
		const one = { wallTime: 1, rssGrowth: 1, heapPeak: 1 };
		console.log(
			table(
				[
					'phase (median)',
					'wall ms',
					'CPU ms',
					'rows/s',
					'RSS peak MiB',
					'RSS+ MiB',
					'heap peak MiB',
					'time ×base',
					'RSS+ ×base',
					'heap ×base',
					'runs, wall ms'
				],
				[
					row('papaparse parse (bare)', figures.parse, spread('parse')),
					row(
						'  better-sqlite3 insert (bare)',
						{ wallMs: base.insertMs! },
						spread('baseline', (r) => r.insertMs!)
					),
					row('baseline: parse + insert', base, spread('baseline'), one),
					row(
						'import: dry run (preview)',
						figures['dry-run'],
						spread('dry-run'),
						ratios['dry-run']
					),
					row('import: commit', figures.commit, spread('commit'), ratios.commit)
				]
			)
		);
		console.log(
			'\nRSS peak: process.resourceUsage().maxRSS of the phase’s own process, Node, tsx and the ' +
				'loaded modules included.\n' +
				'RSS+: that peak minus RSS at the start of the timed region ' +
				`(${int(figures.parse.rssAtStartMiB)} MiB for parse, ${int(base.rssAtStartMiB)} for the baseline, ` +
				`${int(figures['dry-run'].rssAtStartMiB)} for the dry run, ${int(figures.commit.rssAtStartMiB)} for the commit).\n` +
				'Heap peak: largest V8 heap in use during the timed region (GC trace), not counting ' +
				'buffers outside the heap.\n' +
				`The insert row is the baseline's time after parsing; its memory is in the baseline row. ` +
				`Dry run ÷ bare parse: ${dec(ratios.dryRunVsParseOnly)}×.`
		);
		// The benchmark itself keeps one core busy, which adds about 1 to the load at the end.
		const busy = loadBefore[0]! > cpus().length / 2 || loadAfter[0]! > 1 + cpus().length / 2;
		console.log(
			`Load average (1 min): ${dec(loadBefore[0]!, 2)} before, ${dec(loadAfter[0]!, 2)} after ` +
				`(this benchmark adds about 1), on ${cpus().length} CPUs.` +
				(busy
					? ' Other work was running: wall times are inflated; compare CPU ms, or rerun on a quiet machine.'
					: '')
		);

		const sqliteVersion = records.get('baseline')![0]!.sqliteVersion ?? 'unknown';
		const output = {
			generatedAt: new Date().toISOString(),
			totalSeconds: (performance.now() - started) / 1000,
			machine: {
				node: process.version,
				platform: process.platform,
				arch: process.arch,
				cpus: cpus().length,
				cpuModel,
				totalMemoryMiB: Math.round(totalmem() / MiB),
				loadAverageBefore: loadBefore,
				loadAverageAfter: loadAfter
			},
			versions: {
				'better-sqlite3': packageVersion('better-sqlite3'),
				sqlite: sqliteVersion,
				papaparse: packageVersion('papaparse'),
				'drizzle-orm': packageVersion('drizzle-orm'),
				tsx: packageVersion('tsx')
			},
			settings: {
				rows: options.rows,
				runs: options.runs,
				statistic: 'median of the runs, each figure separately',
				csvBytes: fixture.csvBytes,
				pragmas: { journal_mode: 'wal', synchronous: 'full' }
			},
			fixture: {
				metrics: fixture.metrics,
				partners: fixture.partners,
				areas: fixture.areas,
				figuresPerQuarter: fixture.figuresPerQuarter,
				quarters: fixture.quarters,
				firstPeriod: fixture.firstPeriod,
				lastPeriod: fixture.lastPeriod
			},
			median: figures,
			ratios,
			runs: Object.fromEntries(
				PHASES.map((p) => [
					p,
					records.get(p)!.map((r) => ({
						run: r.run,
						wallMs: r.wallMs,
						cpuMs: r.cpuMs,
						parseMs: r.parseMs,
						insertMs: r.insertMs,
						maxRss: r.maxRss,
						maxRssBefore: r.maxRssBefore,
						heapPeak: r.heapPeak,
						before: r.before,
						after: r.after,
						gc: r.gc,
						processMs: r.processMs,
						summary: r.summary,
						stored: r.stored
					}))
				])
			)
		};
		mkdirSync(dirname(options.out), { recursive: true });
		writeFileSync(options.out, await formatJson(JSON.stringify(output, null, '\t'), options.out));
		console.log(
			`\nWrote ${relative(process.cwd(), options.out) || options.out} in ${dec(output.totalSeconds, 0)} s.`
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
