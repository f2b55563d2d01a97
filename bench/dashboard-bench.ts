/**
 * The dashboard benchmark: the overview (GET /) and a priority page (GET /priorities/1), served by
 * the built app on 127.0.0.1 from a generated database (dashboard-fixture.ts), for a coordinator
 * (who sees every figure) and a funder (whose pages hide small sensitive figures): first one
 * request at a time, then under a bounded load of several connections. Beside them, measured in
 * the same run: the bare SQL aggregate of the same figures (sql-baseline.ts), and the JavaScript
 * each page makes the browser load (client-js.ts). GET /api/v1/progress is measured too once it
 * exists; until then it is reported as skipped.
 */
import { join } from 'node:path';

import { formatPeriodLabel, formatPeriodSlug } from '../src/core/periods.js';
import { measurePageJs, readClientManifest, scriptsNamedByPage, type PageJs } from './client-js.js';
import {
	checkGoals,
	datasetTable,
	GOALS,
	goalsTable,
	javascriptTable,
	pagesTable,
	sqlTable,
	type GoalCheck
} from './dashboard-tables.js';
import {
	writeDashboardDatabase,
	type BenchRole,
	type DashboardDataset
} from './dashboard-fixture.js';
import { dec, int, ms } from './format.js';
import { runLoadTest, type LoadTestResult } from './load-test.js';
import { runNpmBuild, startPageServer, type PageServer } from './page-server.js';
import {
	overviewAggregate,
	priorityAggregate,
	timeSqlBaseline,
	type SqlTiming
} from './sql-baseline.js';

const ROLES: BenchRole[] = ['coordinator', 'funder'];
const PRIORITY = 1;

export interface DashboardBenchOptions {
	root: string;
	tmp: string;
	now: Date;
	/** Connections, and seconds, of the load test of each page and role. */
	connections: number;
	seconds: number;
	/** Seconds of one request at a time: first to warm up (not counted), then measured alone. */
	warmUpSeconds: number;
	aloneSeconds: number;
	/** Run `npm run build` first (false: use the dist/ and build/ already there). */
	build: boolean;
	/** Where the server writes its V8 CPU profile as it stops; null for none. */
	cpuProfDir: string | null;
	/** Called with the server once it runs, and null once stopped, so a signal can kill it. */
	onServer?: (server: PageServer | null) => void;
}

interface Endpoint {
	label: string;
	path: string;
	/** Which bare SQL aggregate it is compared with. */
	baseline: string;
	/** What a good answer contains, so a sign-in page or an error page is never measured. */
	expect: RegExp;
	/** An endpoint that may not exist yet: a 404 skips it instead of failing the run. */
	optional?: boolean;
}

export interface EndpointResult {
	label: string;
	path: string;
	role: BenchRole;
	baseline: string;
	skipped?: string;
	/** One request at a time: the time the server takes over one answer, with no queue. */
	alone?: LoadTestResult;
	/** Several connections at once. */
	load?: LoadTestResult;
	/** Alone p50, and p50 and p99 under load, each ÷ the median of its bare SQL aggregate. */
	timesSql?: { alone: number; p50: number; p99: number };
	/** `[c]` symbols in the first answer: a funder's page shows more than a coordinator's. */
	suppressedSymbols?: number;
}

export interface DashboardBenchResult {
	dataset: Omit<DashboardDataset, 'sessionTokens'>;
	buildMs: number | null;
	connections: number;
	seconds: number;
	warmUpSeconds: number;
	aloneSeconds: number;
	sql: SqlTiming[];
	endpoints: EndpointResult[];
	javascript: { pages: PageJs[]; bothPagesGzipBytes: number; bothPagesFiles: number };
	goals: typeof GOALS;
	goalChecks: GoalCheck[];
	serverExitCode: number | null;
	/** The tables as printed, for the docs. */
	tables: { dataset: string; sql: string; pages: string; javascript: string; goals: string };
}

/** The first answer, checked; null when an optional endpoint does not exist yet. */
async function fetchChecked(
	server: PageServer,
	endpoint: Endpoint,
	cookie: string,
	role: BenchRole
): Promise<{ body: string; link: string | null } | null> {
	const response = await fetch(server.url + endpoint.path, {
		headers: { cookie },
		redirect: 'manual'
	});
	const body = await response.text();
	if (endpoint.optional && response.status === 404) return null;
	if (response.status !== 200 || !endpoint.expect.test(body)) {
		const location = response.headers.get('location');
		throw new Error(
			`GET ${endpoint.path} as the ${role} answered ${response.status}` +
				`${location ? ` (to ${location})` : ''}, not the page expected (${endpoint.expect}); ` +
				`nothing would be measured. Start of the answer: ${body.slice(0, 300)}\n` +
				`Server output:\n${server.output().trim()}`
		);
	}
	return { body, link: response.headers.get('link') };
}

/** A test in which a request failed measured something else than the page: the run stops. */
function assertAllAnswered(results: EndpointResult[]): void {
	const failed = results.flatMap((r) =>
		[r.alone, r.load]
			.filter((t): t is LoadTestResult => t !== undefined && (t.non2xx > 0 || t.errors > 0))
			.map(
				(t) =>
					`${r.label} (${r.role}, ${t.connections} connection(s)): ${t.non2xx} non-2xx, ` +
					`${t.errors} errors, statuses ${JSON.stringify(t.statusCounts)}`
			)
	);
	if (failed.length > 0)
		throw new Error(
			`Some requests failed, so the latencies are not those of the pages: ${failed.join('; ')}`
		);
}

/** The funder must see more [c] than the coordinator, or the funder's figures measure nothing extra. */
function assertSuppressionApplies(results: EndpointResult[]): void {
	const pages = new Set(
		results.filter((r) => r.load && !r.path.startsWith('/api/')).map((r) => r.path)
	);
	for (const path of pages) {
		const shown = (role: BenchRole) =>
			results.find((r) => r.path === path && r.role === role)?.suppressedSymbols ?? 0;
		if (shown('funder') <= shown('coordinator'))
			throw new Error(
				`GET ${path} shows the funder no more [c] than the coordinator (${shown('funder')} against ${shown('coordinator')}): the dataset no longer exercises suppression, so the funder's figures would not measure it.`
			);
	}
}

export async function runDashboardBench(
	options: DashboardBenchOptions
): Promise<DashboardBenchResult> {
	const { root, tmp, now, connections, seconds, warmUpSeconds, aloneSeconds } = options;
	const dataset = writeDashboardDatabase(join(tmp, 'dashboard.sqlite'), now);
	const { sessionTokens, ...datasetFacts } = dataset;
	const f = dataset.figures;
	console.log(
		`Dashboard benchmark: ${dataset.priorities} priorities, ${dataset.metrics} metrics ` +
			`(${dataset.sensitiveMetrics} sensitive), ${dataset.partners} partners, ` +
			`${dataset.areas.length} areas (${dataset.areas.join(', ')}), ${dataset.quarters} quarters ` +
			`(${formatPeriodLabel(dataset.firstPeriod)} to ${formatPeriodLabel(dataset.lastPeriod)}); ` +
			`written in ${dec(dataset.writeMs / 1000, 1)} s\n` +
			`Figures: ${int(f.expected)} expected, ${int(f.value)} values, ${int(f.nil)} nil returns, ` +
			`${int(f.notCollected)} not collected, ${int(f.missing)} missing\n`
	);
	const printedDataset = datasetTable(dataset);
	console.log(printedDataset + '\n');

	let buildMs: number | null = null;
	if (options.build) {
		process.stderr.write('  building the app (npm run build)…\n');
		buildMs = runNpmBuild(root);
		process.stderr.write(`  built in ${dec(buildMs / 1000, 1)} s\n`);
	}

	const last = dataset.lastPeriod;
	const sql = timeSqlBaseline(dataset.databasePath, [
		overviewAggregate(last.year - 1, last.year),
		priorityAggregate(PRIORITY, dataset.firstPeriod.year - 1, last.year)
	]);
	const printedSql = sqlTable(sql);
	console.log(printedSql + '\n');
	const sqlMedian = new Map(sql.map((s) => [s.name, s.medianMs]));

	const endpoints: Endpoint[] = [
		{ label: 'GET /', path: '/', baseline: 'overview', expect: /<title>Overview:/ },
		{
			label: `GET /priorities/${PRIORITY}`,
			path: `/priorities/${PRIORITY}`,
			baseline: `priority ${PRIORITY}`,
			expect: new RegExp(`<title>Priority ${PRIORITY}:`)
		},
		{
			label: 'GET /api/v1/progress',
			path: `/api/v1/progress?period=${formatPeriodSlug(last)}`,
			baseline: 'overview',
			// Its shape is still being written; any JSON answer is measured.
			expect: /^\s*[{[]/,
			optional: true
		}
	];

	const server = await startPageServer(root, dataset.databasePath, options.cpuProfDir);
	options.onServer?.(server);
	const results: EndpointResult[] = [];
	const javascript: PageJs[] = [];
	let serverExitCode: number | null;
	try {
		const { manifest, clientDir } = readClientManifest(root);
		for (const endpoint of endpoints)
			for (const role of ROLES) {
				const cookie = `st_session=${sessionTokens[role]}`;
				const base = {
					label: endpoint.label,
					path: endpoint.path,
					role,
					baseline: endpoint.baseline
				};
				const first = await fetchChecked(server, endpoint, cookie, role);
				if (!first) {
					results.push({ ...base, skipped: 'not there yet (404)' });
					process.stderr.write(`  ${endpoint.label} (${role}): 404, skipped\n`);
					continue;
				}
				if (role === 'coordinator' && !endpoint.path.startsWith('/api/'))
					javascript.push(
						measurePageJs(
							endpoint.path,
							scriptsNamedByPage(first.body, first.link),
							manifest,
							clientDir
						)
					);
				const targets = [
					{ label: endpoint.label, url: server.url + endpoint.path, headers: { cookie } }
				];
				await runLoadTest({ targets, connections: 1, seconds: warmUpSeconds });
				const alone = await runLoadTest({ targets, connections: 1, seconds: aloneSeconds });
				const load = await runLoadTest({ targets, connections, seconds });
				const baseline = sqlMedian.get(endpoint.baseline)!;
				results.push({
					...base,
					alone,
					load,
					timesSql: {
						alone: alone.latency.p50 / baseline,
						p50: load.latency.p50 / baseline,
						p99: load.latency.p99 / baseline
					},
					suppressedSymbols: first.body.split('[c]').length - 1
				});
				process.stderr.write(
					`  ${endpoint.label} (${role}): alone p50 ${ms(alone.latency.p50)} ms; ` +
						`${connections} connections ${dec(load.requestsPerSecond, 1)} req/s, ` +
						`p50 ${ms(load.latency.p50)} ms, p99 ${ms(load.latency.p99)} ms\n`
				);
			}
	} finally {
		serverExitCode = await server.stop();
		options.onServer?.(null);
	}
	process.stderr.write('\n');

	const bothPages = new Map(javascript.flatMap((p) => p.files.map((file) => [file.file, file])));
	const js = {
		pages: javascript,
		bothPagesGzipBytes: [...bothPages.values()].reduce((n, file) => n + file.gzipBytes, 0),
		bothPagesFiles: bothPages.size
	};
	const goalChecks = checkGoals(results, javascript);
	const tables = {
		dataset: printedDataset,
		sql: printedSql,
		pages: pagesTable(results),
		javascript: javascriptTable(js),
		goals: goalsTable(goalChecks)
	};
	console.log(`${tables.pages}\n\n${tables.javascript}\n\n${tables.goals}\n`);
	assertAllAnswered(results);
	assertSuppressionApplies(results);

	return {
		dataset: datasetFacts,
		buildMs,
		connections,
		seconds,
		warmUpSeconds,
		aloneSeconds,
		sql,
		endpoints: results,
		javascript: js,
		goals: GOALS,
		goalChecks,
		serverExitCode,
		tables
	};
}
