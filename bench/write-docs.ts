/**
 * docs/benchmarks.md, regenerated whole from a full run of `npm run bench`: how to run it, the
 * machine, then the import and dashboard sections (docs-import.ts, docs-dashboard.ts). Formatted
 * as `prettier --write` would leave it, so `npm run lint` stays clean after a run.
 */
import { writeFileSync } from 'node:fs';

import type { DashboardBenchResult } from './dashboard-bench.js';
import { dashboardSection } from './docs-dashboard.js';
import { importSection } from './docs-import.js';
import { dec, int } from './format.js';
import type { ImportBenchResult } from './import-bench.js';

export interface Machine {
	node: string;
	platform: string;
	arch: string;
	cpus: number;
	cpuModel: string;
	totalMemoryMiB: number;
	loadAverageBefore: number[];
	loadAverageAfter: number[];
}

export interface BenchRun {
	date: Date;
	totalSeconds: number;
	machine: Machine;
	versions: Record<string, string>;
	import: ImportBenchResult;
	dashboard: DashboardBenchResult;
}

/** Load before the run above half the cores: something else was running, so times are inflated. */
export function wasMachineBusy(m: Machine): boolean {
	return m.loadAverageBefore[0]! > m.cpus / 2;
}

/** As `prettier --write` would leave it; unformatted if prettier cannot be loaded. */
export async function formatWithPrettier(text: string, path: string): Promise<string> {
	try {
		const prettier = await import('prettier');
		const config = (await prettier.resolveConfig(path)) ?? {};
		return await prettier.format(text, { ...config, filepath: path });
	} catch {
		return text.endsWith('\n') ? text : text + '\n';
	}
}

function header(run: BenchRun): string {
	const m = run.machine;
	const busy = wasMachineBusy(m);
	const versions = Object.entries(run.versions)
		.map(([name, version]) => `${name} ${version}`)
		.join(', ');
	return `# Benchmarks

\`npm run bench\` measures two things, each beside a baseline measured in the same run, so the app's cost can be read against the cost of the libraries underneath it:

- **The import** of a ${int(run.import.rows)}-row CSV file, as a dry run (the preview) and as a commit, beside bare papaparse and bare better-sqlite3.
- **The dashboard:** the overview and a priority page served under load, beside the bare SQL aggregate of the same figures, and the JavaScript those pages load.

This file is written by \`npm run bench\` from its last full run (\`bench/write-docs.ts\`); edit the generator, not this file.

## Running it

\`\`\`sh
npm run bench                         # everything (${dec(run.totalSeconds, 0)} s in the run below)
npm run bench -- --runs 5             # or BENCH_RUNS=5: runs of each import phase (default 3)
npm run bench -- --rows 20000         # or BENCH_ROWS=20000: a smaller import file (at most 200,000)
npm run bench -- --seconds 5          # or BENCH_SECONDS=5: load per page and role (default 10)
npm run bench -- --only dashboard     # or BENCH_ONLY: import or dashboard alone; the docs are left alone
npm run bench -- --no-build           # or BENCH_NO_BUILD=1: serve the build already there
npm run bench -- --out /tmp/b.json    # or BENCH_OUT; the default is bench/results/latest.json
npm run bench -- --cpu-prof /tmp/p    # or BENCH_CPU_PROF: V8 CPU profiles of the import phases and the server; the docs are left alone
\`\`\`

The benchmark needs only the installed dependencies, and it uses only local files and 127.0.0.1. It does the following, in order:

- Creates one temporary folder (\`$TMPDIR/strategy-tracker-bench-*\`).
- The import: writes the synthetic framework and the CSV file into it, and runs each phase in a fresh process, with its own fresh database in that folder.
- The dashboard: writes its database into the folder, builds the app (\`npm run build\`), times the bare SQL, starts \`node dist/server.js\` on 127.0.0.1 and a free port, loads each page for a bounded time, and stops the server.
- Prints the tables to stdout and writes the JSON to \`bench/results/latest.json\` (git-ignored by \`bench/.gitignore\`). After a full run it rewrites this file.
- Removes the temporary folder and stops the server, even after a failure or Ctrl-C.
- With \`--cpu-prof DIR\`, each import phase and the server write a V8 CPU profile (\`.cpuprofile\`, for Chrome DevTools) into DIR, which is kept. Profiling slows what it measures, so such a run's figures are for finding where the time goes, not for the tables here.

Progress lines go to stderr. The benchmark exits non-zero if anything it measures does not do exactly what it should; see the checks below.

To type-check the scripts, run \`npx tsc -p bench/tsconfig.json\`. The app's \`npm run check\` does not cover \`bench/\`.

| File | What it does |
| --- | --- |
| \`bench/run.ts\` | Reads the options, runs both parts, writes the JSON and this file. |
| \`bench/import-bench.ts\` | The import part: starts the phases one at a time, reads their results and GC traces, takes medians, prints the table. |
| \`bench/phase.ts\` | Runs one import phase in its own process. |
| \`bench/fixture.ts\` | Generates the synthetic framework and the upload file. |
| \`bench/dashboard-bench.ts\` | The dashboard part: the dataset, the bare SQL, the server, the load, the JavaScript, the goals. |
| \`bench/dashboard-fixture.ts\` | Writes the dashboard's database. |
| \`bench/sql-baseline.ts\` | The bare SQL aggregates and their timing. |
| \`bench/page-server.ts\` | Builds the app, starts \`dist/server.js\` and stops it. |
| \`bench/load-test.ts\` | One bounded load test: a few keep-alive connections on 127.0.0.1, every request waited for. |
| \`bench/client-js.ts\` | Which scripts a page loads, gzip-sized. |
| \`bench/write-docs.ts\`, \`bench/docs-import.ts\`, \`bench/docs-dashboard.ts\` | This file. |
| \`bench/format.ts\`, \`bench/stats.ts\` | Numbers, tables, medians and percentiles. |

## The machine

Measured on ${run.date.toISOString().slice(0, 10)}: ${m.cpuModel}, ${m.cpus} cores, ${dec(m.totalMemoryMiB / 1024, 0)} GiB of memory; Node ${m.node} on ${m.platform} ${m.arch}. Versions: ${versions}. Load average (1 minute) ${dec(m.loadAverageBefore[0]!, 2)} before the run and ${dec(m.loadAverageAfter[0]!, 2)} after; the benchmark adds 1 to 2 itself (its server and its client).${busy ? ' **Other work was running**, so wall times and latencies are inflated: compare CPU ms, or rerun on a quiet machine.' : ''} On a shared machine (another engineer's type checks and browser tests running), wall times have been up to twice those of a quiet one.
`;
}

export async function writeBenchmarkDocs(path: string, run: BenchRun): Promise<void> {
	const markdown = [
		header(run),
		importSection(run.import),
		dashboardSection(run.dashboard, run.machine.cpus)
	].join('\n');
	writeFileSync(path, await formatWithPrettier(markdown, path));
}
