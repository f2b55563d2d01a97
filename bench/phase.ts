/**
 * One measured phase, in a process of its own (started by bench/run.ts as
 * `node --expose-gc --import tsx bench/phase.ts '<json>'`), so that its memory peaks are its own.
 *
 *   parse     bare papaparse: the bytes to text, then Papa.parse to arrays of strings
 *   baseline  bare papaparse, then bare better-sqlite3: one transaction, one prepared INSERT per
 *             row into a plain table, with the app's pragmas (WAL, synchronous FULL)
 *   dry-run   the app's import (services.imports.importFile) with dryRun: true: the preview
 *   commit    the same with dryRun: false, on a fresh database: the first commit
 *
 * Setup (opening and seeding the database, reading the file into memory) is not timed. The timed
 * region runs with V8's GC trace switched on; the parent reads it from stdout for the heap peak,
 * because the import is one synchronous call and nothing in this thread can sample inside it.
 * The figures go to the result file named in the arguments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

export type PhaseName = 'parse' | 'baseline' | 'dry-run' | 'commit';

export interface PhaseArgs {
	phase: PhaseName;
	csvPath: string;
	fixturesDir: string;
	databasePath: string;
	resultPath: string;
	rows: number;
	/** The clock the app sees, as ISO; fixed for the whole benchmark run. */
	now: string;
}

export interface MemoryReading {
	rss: number;
	heapUsed: number;
	heapTotal: number;
	external: number;
	arrayBuffers: number;
}

export interface PhaseResult {
	phase: PhaseName;
	ok: boolean;
	error?: string;
	wallMs: number;
	/** CPU time of the timed region, user + system, all threads of the process (GC helpers too). */
	cpuMs: number;
	/** For the baseline: the parse and the insert, within wallMs. */
	parseMs?: number;
	insertMs?: number;
	rows: number;
	/** process.resourceUsage().maxRSS, in bytes: the process's high-water mark, set up included. */
	maxRss: number;
	/** maxRSS just before the timed region, in bytes, to tell whether the phase raised it. */
	maxRssBefore: number;
	/** process.memoryUsage() just before (after a full GC) and just after the timed region. */
	before: MemoryReading;
	after: MemoryReading;
	sqliteVersion?: string;
	summary?: {
		ok: boolean;
		dryRun: boolean;
		rows: number;
		created: number;
		updated: number;
		unchanged: number;
		skipped: number;
		errors: number;
		warnings: number;
		changes: number;
		uploadId: number | null;
	};
	/** What the database holds after the phase, counted outside the timed region. */
	stored?: Record<string, number>;
	firstErrors?: unknown[];
}

const gc = (globalThis as { gc?: () => void }).gc;

function memory(): MemoryReading {
	const m = process.memoryUsage();
	return {
		rss: m.rss,
		heapUsed: m.heapUsed,
		heapTotal: m.heapTotal,
		external: m.external,
		arrayBuffers: m.arrayBuffers
	};
}

function maxRssBytes(): number {
	return process.resourceUsage().maxRSS * 1024;
}

/** Runs `work` as the timed region: full GC first, GC trace on, readings either side. */
function measure<T>(work: () => T): {
	value: T;
	wallMs: number;
	cpuMs: number;
	before: MemoryReading;
	after: MemoryReading;
	maxRssBefore: number;
} {
	gc?.();
	gc?.();
	const maxRssBefore = maxRssBytes();
	const before = memory();
	v8.setFlagsFromString('--trace-gc');
	const cpuStart = process.cpuUsage();
	const start = performance.now();
	const value = work();
	const wallMs = performance.now() - start;
	const cpu = process.cpuUsage(cpuStart);
	v8.setFlagsFromString('--no-trace-gc');
	const after = memory();
	return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, before, after, maxRssBefore };
}

function isBlankRow(cells: string[]): boolean {
	return cells.length === 1 && cells[0] === '';
}

async function runParse(args: PhaseArgs): Promise<PhaseResult> {
	const { default: Papa } = await import('papaparse');
	const bytes = readFileSync(args.csvPath);
	const m = measure(() => Papa.parse<string[]>(bytes.toString('utf8'), { delimiter: ',' }));
	const data = m.value.data;
	const rows = data.length - 1 - (data.length > 0 && isBlankRow(data[data.length - 1]!) ? 1 : 0);
	const ok = m.value.errors.length === 0 && rows === args.rows;
	return {
		phase: 'parse',
		ok,
		...(ok
			? {}
			: { error: `papaparse read ${rows} rows`, firstErrors: m.value.errors.slice(0, 5) }),
		wallMs: m.wallMs,
		cpuMs: m.cpuMs,
		rows,
		maxRss: maxRssBytes(),
		maxRssBefore: m.maxRssBefore,
		before: m.before,
		after: m.after
	};
}

async function runBaseline(args: PhaseArgs): Promise<PhaseResult> {
	const { default: Papa } = await import('papaparse');
	const { default: Database } = await import('better-sqlite3');
	const db = new Database(args.databasePath);
	// The pragmas of src/db/client.ts.
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	db.exec(
		'CREATE TABLE rows (partner_code TEXT, metric_code TEXT, period TEXT, area TEXT, value TEXT, comment TEXT)'
	);
	const insert = db.prepare('INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)');
	const insertAll = db.transaction((data: string[][]) => {
		let n = 0;
		for (let i = 1; i < data.length; i++) {
			const c = data[i]!;
			if (isBlankRow(c)) continue;
			insert.run(c[0], c[1], c[2], c[3], c[4], c[5]);
			n++;
		}
		return n;
	});
	const bytes = readFileSync(args.csvPath);
	let parseMs = 0;
	const m = measure(() => {
		const start = performance.now();
		const parsed = Papa.parse<string[]>(bytes.toString('utf8'), { delimiter: ',' });
		parseMs = performance.now() - start;
		return { errors: parsed.errors.length, inserted: insertAll(parsed.data) };
	});
	const count = (db.prepare('SELECT count(*) FROM rows').pluck().get() as number) ?? 0;
	const sqliteVersion = db.prepare('SELECT sqlite_version()').pluck().get() as string;
	const journal = db.pragma('journal_mode', { simple: true });
	const synchronous = db.pragma('synchronous', { simple: true });
	db.close();
	const ok =
		m.value.errors === 0 &&
		m.value.inserted === args.rows &&
		count === args.rows &&
		journal === 'wal' &&
		synchronous === 2;
	return {
		phase: 'baseline',
		ok,
		...(ok
			? {}
			: {
					error: `inserted ${m.value.inserted}, counted ${count}, parse errors ${m.value.errors}, journal ${String(journal)}, synchronous ${String(synchronous)}`
				}),
		wallMs: m.wallMs,
		cpuMs: m.cpuMs,
		parseMs,
		insertMs: m.wallMs - parseMs,
		rows: count,
		maxRss: maxRssBytes(),
		maxRssBefore: m.maxRssBefore,
		before: m.before,
		after: m.after,
		sqliteVersion,
		stored: { rows: count }
	};
}

async function runImport(args: PhaseArgs): Promise<PhaseResult> {
	const dryRun = args.phase === 'dry-run';
	const { readConfig } = await import('../src/config.js');
	const { createServices } = await import('../src/services.js');
	const { seedDatabase } = await import('../src/db/seed.js');

	const read = readConfig({
		DATABASE_PATH: args.databasePath,
		MAX_UPLOAD_BYTES: String(64 * 1024 * 1024),
		LOG_LEVEL: 'silent',
		FIXTURES_DIR: args.fixturesDir
	});
	if (!read.ok) throw new Error(`config: ${read.problems.join(' ')}`);
	const now = new Date(args.now);
	const services = createServices(read.config, { now: () => now });
	try {
		const seeded = seedDatabase(services.db, { fixturesDir: args.fixturesDir, demo: false });
		if (seeded.framework !== 'loaded') throw new Error('the benchmark database was not fresh');
		const user = services.auth.users.create({
			email: 'bench-coordinator@example.org',
			displayName: 'Benchmark coordinator',
			role: 'coordinator',
			partnerId: null
		});
		const framework = services.framework.load();
		const bytes = readFileSync(args.csvPath);

		const m = measure(() =>
			services.imports.importFile({
				principal: {
					kind: 'user',
					userId: user.id,
					role: 'coordinator',
					partnerId: null,
					label: 'bench'
				},
				framework,
				partnerCode: null,
				period: null,
				dryRun,
				source: 'cli',
				ip: '',
				bytes,
				fileName: 'upload.csv',
				contentType: 'text/csv'
			})
		);
		const { summary, uploadId } = m.value;
		const count = (table: string) =>
			services.db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
		const stored = {
			figures: count('figures'),
			figure_revisions: count('figure_revisions'),
			uploads: count('uploads'),
			submissions: count('submissions')
		};
		const expectedStored = dryRun ? 0 : args.rows;
		const problems: string[] = [];
		if (!summary.ok) problems.push('summary.ok is false');
		if (summary.dryRun !== dryRun) problems.push(`summary.dryRun is ${summary.dryRun}`);
		if (summary.rows !== args.rows) problems.push(`summary.rows is ${summary.rows}`);
		if (summary.created !== args.rows) problems.push(`summary.created is ${summary.created}`);
		if (summary.updated !== 0 || summary.unchanged !== 0)
			problems.push(`updated ${summary.updated}, unchanged ${summary.unchanged}`);
		if (summary.errors.length > 0) problems.push(`${summary.errors.length} errors`);
		if (summary.changes.length !== args.rows)
			problems.push(`summary.changes has ${summary.changes.length} entries`);
		if (!dryRun && uploadId === null) problems.push('no upload was stored');
		if (stored.figures !== expectedStored || stored.figure_revisions !== expectedStored)
			problems.push(
				`the database holds ${stored.figures} figures and ${stored.figure_revisions} revisions`
			);
		return {
			phase: args.phase,
			ok: problems.length === 0,
			...(problems.length ? { error: problems.join('; ') } : {}),
			wallMs: m.wallMs,
			cpuMs: m.cpuMs,
			rows: summary.rows,
			maxRss: maxRssBytes(),
			maxRssBefore: m.maxRssBefore,
			before: m.before,
			after: m.after,
			summary: {
				ok: summary.ok,
				dryRun: summary.dryRun,
				rows: summary.rows,
				created: summary.created,
				updated: summary.updated,
				unchanged: summary.unchanged,
				skipped: summary.skipped,
				errors: summary.errors.length,
				warnings: summary.warnings.length,
				changes: summary.changes.length,
				uploadId
			},
			stored,
			firstErrors: summary.errors.slice(0, 5)
		};
	} finally {
		services.close();
	}
}

async function main(): Promise<void> {
	const args = JSON.parse(process.argv[2] ?? '') as PhaseArgs;
	if (!gc) throw new Error('run with --expose-gc');
	let result: PhaseResult;
	switch (args.phase) {
		case 'parse':
			result = await runParse(args);
			break;
		case 'baseline':
			result = await runBaseline(args);
			break;
		case 'dry-run':
		case 'commit':
			result = await runImport(args);
			break;
		default:
			throw new Error(`unknown phase ${String(args.phase)}`);
	}
	writeFileSync(args.resultPath, JSON.stringify(result));
	process.exitCode = result.ok ? 0 : 1;
}

await main();
