/**
 * The import benchmark: how long the app's import of a large CSV file takes, and how much memory
 * it needs, beside a baseline of the same bytes through bare papaparse and bare better-sqlite3
 * inserts, measured in the same run. Each run of each phase is a fresh process (see phase.ts),
 * started one at a time, with its own fresh database in the run's temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { writeBenchFixture, type BenchFixture } from './fixture.js';
import { dec, int, MiB, table } from './format.js';
import type { PhaseArgs, PhaseName, PhaseResult } from './phase.js';
import { median } from './stats.js';

export const PHASES: PhaseName[] = ['parse', 'baseline', 'dry-run', 'commit'];
const CHILD_TIMEOUT_MS = 10 * 60 * 1000;

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

export interface RunRecord extends PhaseResult {
	run: number;
	gc: GcTrace;
	/** max(heapUsed before, every pre-GC size, heapUsed after), in bytes. */
	heapPeak: number;
	processMs: number;
}

export interface PhaseFigures {
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

interface PhaseRatios {
	wallTime: number;
	maxRss: number;
	rssGrowth: number;
	heapPeak: number;
}

export interface ImportBenchResult {
	rows: number;
	runs: number;
	fixture: BenchFixture;
	median: Record<PhaseName, PhaseFigures>;
	ratios: { 'dry-run': PhaseRatios; commit: PhaseRatios; dryRunVsParseOnly: number };
	records: Record<PhaseName, RunRecord[]>;
	/** The table as printed, for the docs. */
	table: string;
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

/** Node's own flags for a child: a V8 CPU profile into `cpuProfDir`, when one is asked for. */
export function cpuProfileFlags(cpuProfDir: string | null, name: string): string[] {
	return cpuProfDir
		? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir, '--cpu-prof-name', `${name}.cpuprofile`]
		: [];
}

function runPhase(
	root: string,
	args: PhaseArgs,
	run: number,
	cpuProfDir: string | null
): RunRecord {
	const started = performance.now();
	const child = spawnSync(
		process.execPath,
		[
			'--expose-gc',
			...cpuProfileFlags(cpuProfDir, `${args.phase}-${run}`),
			'--import',
			'tsx',
			join(root, 'bench/phase.ts'),
			JSON.stringify(args)
		],
		{
			cwd: root,
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

function formatTable(
	rows: number,
	figures: Record<PhaseName, PhaseFigures>,
	ratios: ImportBenchResult['ratios'],
	records: Record<PhaseName, RunRecord[]>
): string {
	const base = figures.baseline;
	const spread = (p: PhaseName, pick: (r: RunRecord) => number = (r) => r.wallMs) =>
		records[p].map((r) => int(pick(r))).join(' / ');
	const row = (
		label: string,
		f: Partial<PhaseFigures> & { wallMs: number },
		runs: string,
		r?: { wallTime: number; rssGrowth: number; heapPeak: number }
	) => [
		label,
		int(f.wallMs),
		f.cpuMs === undefined ? '–' : int(f.cpuMs),
		int(rows / (f.wallMs / 1000)),
		f.maxRssMiB === undefined ? '–' : int(f.maxRssMiB),
		f.rssGrowthMiB === undefined ? '–' : `${f.phaseRaisedMaxRss ? '' : '≤'}${int(f.rssGrowthMiB)}`,
		f.heapPeakMiB === undefined ? '–' : int(f.heapPeakMiB),
		r ? `${dec(r.wallTime)}×` : '',
		r ? `${dec(r.rssGrowth)}×` : '',
		r ? `${dec(r.heapPeak)}×` : '',
		runs
	];
	const one = { wallTime: 1, rssGrowth: 1, heapPeak: 1 };
	return table(
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
			row('import: dry run (preview)', figures['dry-run'], spread('dry-run'), ratios['dry-run']),
			row('import: commit', figures.commit, spread('commit'), ratios.commit)
		]
	);
}

export function runImportBench(options: {
	root: string;
	tmp: string;
	rows: number;
	runs: number;
	now: Date;
	/** Where each phase's V8 CPU profile goes; null for none. */
	cpuProfDir: string | null;
}): ImportBenchResult {
	const { root, tmp, rows, runs, now, cpuProfDir } = options;
	const fixture = writeBenchFixture(join(tmp, 'framework'), rows, now);
	if (fixture.rows !== rows)
		throw new Error(`The generated file has ${fixture.rows} rows, not ${rows}.`);
	console.log(
		`Import benchmark: ${int(fixture.rows)} rows, ${dec(fixture.csvBytes / MiB, 2)} MiB CSV ` +
			`(${fixture.metrics} metrics × 4 partners × ${fixture.areas} areas × ${fixture.quarters} quarters, ` +
			`${fixture.firstPeriod} to ${fixture.lastPeriod}); ${runs} run(s) of each phase, ` +
			'each in a fresh process\n'
	);

	const records = Object.fromEntries(PHASES.map((p) => [p, []])) as unknown as Record<
		PhaseName,
		RunRecord[]
	>;
	// Phases interleaved run by run, so a slow patch of the machine hits all of them alike.
	for (let run = 1; run <= runs; run++) {
		for (const phase of PHASES) {
			const databasePath = join(tmp, `${phase}-${run}.sqlite`);
			const record = runPhase(
				root,
				{
					phase,
					csvPath: fixture.csvPath,
					fixturesDir: fixture.dir,
					databasePath,
					resultPath: join(tmp, `${phase}-${run}.json`),
					rows,
					now: now.toISOString()
				},
				run,
				cpuProfDir
			);
			for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
			records[phase].push(record);
			process.stderr.write(
				`  run ${run}/${runs} ${phase.padEnd(8)} ${int(record.wallMs).padStart(7)} ms\n`
			);
		}
	}
	process.stderr.write('\n');

	const figures = Object.fromEntries(PHASES.map((p) => [p, figuresOf(records[p], rows)])) as Record<
		PhaseName,
		PhaseFigures
	>;
	const base = figures.baseline;
	const ratio = (f: PhaseFigures): PhaseRatios => ({
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
	const printed = formatTable(rows, figures, ratios, records);
	console.log(printed);
	console.log(
		'\nRSS peak: process.resourceUsage().maxRSS of the phase’s own process, Node, tsx and the ' +
			'loaded modules included.\n' +
			'RSS+: that peak minus RSS at the start of the timed region ' +
			`(${int(figures.parse.rssAtStartMiB)} MiB for parse, ${int(base.rssAtStartMiB)} for the baseline, ` +
			`${int(figures['dry-run'].rssAtStartMiB)} for the dry run, ${int(figures.commit.rssAtStartMiB)} for the commit).\n` +
			'Heap peak: largest V8 heap in use during the timed region (GC trace), not counting ' +
			'buffers outside the heap.\n' +
			`The insert row is the baseline's time after parsing; its memory is in the baseline row. ` +
			`Dry run ÷ bare parse: ${dec(ratios.dryRunVsParseOnly)}×.\n`
	);
	return {
		rows,
		runs,
		fixture,
		median: figures,
		ratios,
		records,
		table: printed
	};
}

/** Every run's readings, for the JSON. */
export function importRunsJson(records: Record<PhaseName, RunRecord[]>) {
	return Object.fromEntries(
		PHASES.map((p) => [
			p,
			records[p].map((r) => ({
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
	);
}
