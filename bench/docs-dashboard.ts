/**
 * The dashboard half of docs/benchmarks.md, written from a run: what is served and how it is
 * loaded, this run's tables, the goals of issue 7 met or not, and what the figures say.
 */
import { formatPeriodLabel } from '../src/core/periods.js';
import type { DashboardBenchResult, EndpointResult } from './dashboard-bench.js';
import { dec, int, ms } from './format.js';

function find(r: DashboardBenchResult, path: string, role: string): EndpointResult | undefined {
	return r.endpoints.find((e) => e.path === path && e.role === role && e.load);
}

/** A finished test with answers both alone and under load, so its figures are numbers. */
function measured(
	e: EndpointResult | undefined
): e is EndpointResult & Required<Pick<EndpointResult, 'alone' | 'load' | 'timesSql'>> {
	return (
		e?.alone !== undefined &&
		e.load !== undefined &&
		e.timesSql !== undefined &&
		Number.isFinite(e.alone.latency.p50) &&
		Number.isFinite(e.load.latency.p50)
	);
}

/**
 * What the server's CPU profile under this load showed (`npm run bench -- --only dashboard
 * --cpu-prof DIR`), dated, written by hand: shown when a latency goal is missed.
 */
const PAGE_PROFILE_FINDINGS =
	'Before that day every request worked its page out again: the overview rebuilt the progress of every metric for each of its history quarters, and the priority page presented a table of every reporting partner for each of its metrics (about 4 and 7 ms a request, profiled). A page’s data is now kept per reader, quarter and area until the data changes (`src/lib/server/page-data.ts`), as are the priority’s commentary and the figures behind both; and the priority page links to each metric’s partner table on the metric page instead of carrying all of them, which took it from 456 KiB of HTML to 154 KiB. What is left is proportional to the size of the page, not of the data: SvelteKit rendering the page, serialising its data into it (devalue), and hashing the whole HTML for an ETag that can never match, because each page carries a fresh CSP nonce; then the session look-up and garbage collection. A session’s once-a-minute “last seen” write does not empty the cache: such bookkeeping writes are left out of the data version (`src/db/data-version.ts`).';

function readingBullets(r: DashboardBenchResult): string[] {
	const bullets: string[] = [];
	const met = r.goalChecks.filter((c) => c.met);
	bullets.push(
		met.length === r.goalChecks.length
			? `**Every goal is met** (${r.goalChecks.length} checks).`
			: `**${met.length} of ${r.goalChecks.length} goal checks are met**${met.length ? `: ${met.map((c) => `${c.subject}, ${c.goal} (${c.measured})`).join('; ')}` : ''}. The table above lists the rest.`
	);
	const overview = find(r, '/', 'coordinator');
	if (measured(overview)) {
		const queued = overview.load.latency.p50 / overview.alone.latency.p50;
		bullets.push(
			`**Latency under ${r.connections} connections is mostly waiting.** The server answers on one Node thread, and each connection sends its next request as soon as the last is answered, so a request waits behind the others. The coordinator's overview took ${ms(overview.alone.latency.p50)} ms alone (p50) and ${ms(overview.load.latency.p50)} ms under load, ${dec(queued, 1)} times that. Two things follow. The p99 goal under this load needs a page of well under ${int(r.goals.p99Ms / r.connections)} ms alone. And p99 ÷ bare SQL comes to about ${r.connections} or more for any page that runs a query as costly as the bare aggregate, so the literal "p99 within ${r.goals.timesSql}×" goal cannot be met under ${r.connections} connections even by a page that does all its combining in SQL; the like-for-like comparison is one request alone against its query alone (the "alone ×SQL" column and its goal line).`
		);
	}
	for (const path of ['/', `/priorities/1`]) {
		const coordinator = find(r, path, 'coordinator');
		const funder = find(r, path, 'funder');
		if (!measured(coordinator) || !measured(funder)) continue;
		const sql = r.sql.find((s) => s.name === coordinator.baseline)!;
		bullets.push(
			`**GET ${path}:** ${ms(coordinator.alone.latency.p50)} ms alone for the coordinator, ${dec(coordinator.timesSql.alone, 1)}× its bare SQL aggregate (${ms(sql.medianMs)} ms); ${ms(funder.alone.latency.p50)} ms for the funder, ${dec(funder.alone.latency.p50 / coordinator.alone.latency.p50, 1)}× the coordinator's. The funder's page also works out which sensitive figures to hide, over every quarter and area a funder can choose (\`src/core/dashboard-suppression.ts\`; it showed ${int(funder.suppressedSymbols ?? 0)} \`[c]\` against the coordinator's ${int(coordinator.suppressedSymbols ?? 0)}).`
		);
	}
	if (r.goalChecks.some((c) => !c.met && !c.goal.startsWith('JavaScript')))
		bullets.push(
			`**Where a page's time goes (CPU profile, 2026-12-01).** ${PAGE_PROFILE_FINDINGS}`
		);
	const biggest = r.javascript.pages
		.flatMap((p) => p.files)
		.reduce((a, b) => (b.gzipBytes > a.gzipBytes ? b : a), {
			file: '',
			source: '',
			bytes: 0,
			gzipBytes: 0
		});
	bullets.push(
		`**JavaScript:** ${r.javascript.pages.map((p) => `GET ${p.path} loads ${dec(p.gzipBytes / 1000, 1)} KB gzip in ${p.files.length} files`).join('; ')}; both together ${dec(r.javascript.bothPagesGzipBytes / 1000, 1)} KB. The largest file is the one built from \`${biggest.source}\` (\`${biggest.file}\`, ${dec(biggest.gzipBytes / 1000, 1)} KB gzip). The app sends these files uncompressed (adapter-node's \`precompress\` is off and nothing in Fastify compresses), so the gzip sizes are what a compressing proxy in front of it would send.`
	);
	const api = r.endpoints.filter((e) => e.path.startsWith('/api/'));
	if (api.some((e) => e.skipped))
		bullets.push(
			"**GET /api/v1/progress** answered 404, so it was skipped: the endpoint is not there yet. The benchmark measures it, against the overview's aggregate, as soon as it answers."
		);
	return bullets.map((b) => `- ${b}`);
}

export function dashboardSection(r: DashboardBenchResult, cores: number): string {
	const d = r.dataset;
	const f = d.figures;
	const first = formatPeriodLabel(d.firstPeriod);
	const last = formatPeriodLabel(d.lastPeriod);
	const overviewSql = r.sql.find((s) => s.name === 'overview')!;
	const prioritySql = r.sql.find((s) => s.name !== 'overview')!;

	return `## Dashboard

The benchmark serves the overview (\`GET /\`, the default quarter and the whole partnership) and a priority page (\`GET /priorities/1\`) from the built app, under load, for a coordinator and for a funder. Beside them it times the bare SQL aggregate of the same figures, in the same run, and sizes the JavaScript each page makes the browser load.

### What is served

\`bench/dashboard-fixture.ts\` writes a partnership larger than the Humber's straight into a fresh database created by the app's own migrations (\`openDatabase\`), with prepared \`INSERT\`s in one transaction (${dec(d.writeMs / 1000, 1)} s in this run):

- ${d.priorities} priorities of 10 metrics each: ${d.metrics} metrics, of which 30 counts, 18 percentages, 6 money and 6 durations; combined across partners by sum, mean, max and lead partner; every direction; ${d.sensitiveMetrics} sensitive, with small counts (0 to 6 a partner) so that suppression has work to do.
- ${d.partners} partners spread over the Humber's ${d.areas.length} areas (${d.areas.join(', ')}, from \`fixtures/humber/areas.json\`). Each reports about 80% of the metrics for its own area; of the partnership-wide ones, half report for HUMBER and half for each of the four local areas, as the police do.
- An annual target per metric and financial year for the partnership, and for each local area where figures add up; none for \`monitor\` metrics.
- ${d.quarters} quarters of returns, ${first} to ${last} (the last complete quarter on the day of the run), one upload per partner and quarter: ${int(f.expected)} expected figures, of which ${int(f.value)} values, ${int(f.nil)} nil returns, ${int(f.notCollected)} not collected and ${int(f.missing)} missing (2% a quarter, 12% in the latest, where late returns are still out).
- A coordinator and a funder, each with a session stored as the app stores one (the SHA-256 of the cookie), so no sign-in is timed.

\`\`\`
${r.tables.dataset}
\`\`\`

### What is measured

1. \`npm run build\`${r.buildMs === null ? ' (skipped in this run: --no-build)' : ` (${dec(r.buildMs / 1000, 1)} s in this run)`}, then \`node dist/server.js\`, as \`npm start\` does, on 127.0.0.1 and a free port, with \`DEMO=0\`, \`LOG_LEVEL=warn\` and \`API_RATE_LIMIT\` raised so the API's per-caller limit does not turn a load test into a 429 test.
2. **The bare SQL aggregate**, before the server starts: per metric per quarter, the count of figures, nil returns and not collected, and the sum, mean and max of the values, over the financial years the page reads and every area (the partnership's scope), through better-sqlite3 on a read-only connection, each statement prepared once, timed over and over for 2 s after 5 unmeasured runs. The overview reads the quarter's financial year and the one before; a priority page reads every quarter a reader may choose, and the year before the first. It has none of the app's rules (expected reporters, lead partners, targets, statuses, suppression): those are what a page adds.
   - overview: \`${overviewSql.sql}\` with ${JSON.stringify(overviewSql.params)}
   - ${prioritySql.name}: \`${prioritySql.sql}\` with ${JSON.stringify(prioritySql.params)}
3. **Each page for each role**, with the benchmark's own client (\`bench/load-test.ts\`, \`node:http\` with keep-alive connections): one request first, which must answer 200 with the page's title (a sign-in redirect or an error would measure nothing); then ${r.warmUpSeconds} s of one request at a time to warm up, not counted; then ${r.aloneSeconds} s of one request at a time, measured (**alone**); then ${r.seconds} s with ${r.connections} connections, each sending its next request as soon as the last is answered (**under load**). Every request sent within the time is waited for and counted, so a test can run past its time by up to one answer; latency is from sending a request to the end of its answer. (autocannon, the usual tool, drops the requests still in flight at the deadline, which are the slowest; when a page takes longer than the test under load, it reports only the first, luckiest answers.) Any non-2xx answer or connection error fails the run.
4. **JavaScript:** for the coordinator's first answer, the scripts the page names (its inline start-up \`import()\`s and its \`Link: rel=modulepreload\` header), then whatever those load later with \`import()\` (chart.js, once a chart is mounted), each with its static imports, from Vite's client manifest, and the root error page, which SvelteKit's client loads as it starts. SvelteKit's app entry is not followed through \`import()\`: those are the other pages, loaded on navigation. On 2026-12-01 this gave exactly the scripts headless Chromium fetched for both pages. Each file is gzip-sized at zlib's default level, as Vite's build report sizes them; KB here is 1,000 bytes.
5. The server is stopped (SIGTERM; it exited with code ${r.serverExitCode ?? 'none'}), or killed if the run fails or is interrupted.

Columns: **alone p50** the median latency one request at a time, and its number of answers; **req/s** answers received within the ${r.seconds} s, per second; **p50, p90, p99, max** the latency of the 2xx answers under load, and their number (with fewer than 100 answers, p99 is the slowest); **non-2xx** and **errors** over both tests; **×SQL** each latency divided by the median of its bare SQL aggregate.

### Figures

\`\`\`
${r.tables.sql}
\`\`\`

\`\`\`
${r.tables.pages}
\`\`\`

\`\`\`
${r.tables.javascript}
\`\`\`

\`\`\`
${r.tables.goals}
\`\`\`

### Reading them

${readingBullets(r).join('\n')}

### Limits of these figures

- **The load comes from the same machine.** The client runs in the benchmark's own process and shares the ${cores} cores with the server, so the server has a little less than a core to itself.
- **One quarter and one area.** Only the default view is measured: the last complete quarter, the whole partnership. Another quarter or a local area is not measured.
- **Sessions are stored, not signed into.** Sign-in (scrypt, its delay and its audit entry) is not part of any figure.
- **The data are synthetic.** The shape (partners × metrics × areas × quarters) is the point, not the values; targets are set near the expected figures so that statuses vary.
- **The bare SQL reads what the pages read, not what they compute.** A page that does all its combining in SQL can approach it; one that loads rows into JavaScript cannot.
`;
}
