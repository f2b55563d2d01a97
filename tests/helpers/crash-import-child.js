// @ts-check
/**
 * The process the crash test (tests/crash/import-crash.test.ts) kills, run as
 * `node tests/helpers/crash-import-child.js '<json CrashChildArgs>'`. It runs the built app
 * (dist/, as `strategy-tracker import` does) with no TypeScript loader, so that each of the
 * many processes the test kills starts in a fraction of a second.
 *
 * It opens the database as the app does and imports the same large file several times in a row
 * through services.imports.importFile, each time with a new comment on every row, so every import
 * updates every figure and the figures show which import set them. It says on stdout, one JSON
 * line each, when a commit starts and when it has committed, so the parent can aim its SIGKILL
 * into the commit and count what must have survived.
 */
import { readFileSync, writeSync } from 'node:fs';
import Papa from 'papaparse';

import { crashImportComment } from './crash-import-protocol.js';

/** @type {typeof import('../../src/config.js')} */
const { readConfig } = await import(new URL('../../dist/config.js', import.meta.url).href);
/** @type {typeof import('../../src/services.js')} */
const { createServices } = await import(new URL('../../dist/services.js', import.meta.url).href);

/** @param {import('./crash-import-protocol.js').CrashChildEvent} event */
function report(event) {
	// Synchronous, so the line has left the process before the next statement runs.
	writeSync(1, JSON.stringify(event) + '\n');
}

/** @type {import('./crash-import-protocol.js').CrashChildArgs} */
const args = JSON.parse(process.argv[2] ?? '');
const read = readConfig({
	DATABASE_PATH: args.databasePath,
	FIXTURES_DIR: args.fixturesDir,
	MAX_UPLOAD_BYTES: String(64 * 1024 * 1024),
	LOG_LEVEL: 'silent'
});
if (!read.ok) throw new Error(`Crash child configuration: ${read.problems.join(' ')}`);
const now = new Date(args.now);
const services = createServices(read.config, { now: () => now });
if (args.cacheKiB !== null)
	// A page cache smaller than one commit makes SQLite spill uncommitted pages into the WAL
	// mid-transaction, as a large real file would; a kill then leaves uncommitted frames behind.
	services.db.$client.pragma(`cache_size = -${args.cacheKiB}`);
const framework = services.framework.load();
/** @type {Papa.ParseResult<string[]>} */
const parsed = Papa.parse(readFileSync(args.csvPath, 'utf8'), { skipEmptyLines: 'greedy' });
if (parsed.errors.length > 0)
	throw new Error(`The crash test's file does not parse: ${parsed.errors[0]?.message}`);
const [header = [], ...rows] = parsed.data;

let sequence = /** @type {number} */ (
	services.db.$client.prepare('SELECT count(*) FROM uploads').pluck().get()
);
const commit = services.figures.commit;
let started = 0;
/** @type {typeof commit} */
const announcedCommit = (meta, inputs) => {
	started = performance.now();
	report({ event: 'commit-start', sequence });
	return commit(meta, inputs);
};
services.figures.commit = announcedCommit;
report({ event: 'ready' });

for (let i = 0; i < args.imports; i++) {
	sequence += 1;
	const comment = crashImportComment(sequence);
	const csv = Papa.unparse([header, ...rows.map((r) => [...r.slice(0, -1), comment])], {
		newline: '\r\n'
	});
	const { summary, uploadId } = services.imports.importFile({
		principal: {
			kind: 'user',
			userId: args.coordinatorUserId,
			role: 'coordinator',
			partnerId: null,
			label: 'crash test'
		},
		framework,
		partnerCode: null,
		period: null,
		dryRun: false,
		source: 'cli',
		ip: '127.0.0.1',
		bytes: Buffer.from(csv, 'utf8'),
		fileName: `crash-${sequence}.csv`,
		contentType: 'text/csv'
	});
	if (!summary.ok || uploadId === null)
		throw new Error(
			`Import ${sequence} was not stored: ${JSON.stringify(summary.errors.slice(0, 3))}`
		);
	report({ event: 'committed', sequence, uploadId, commitMs: performance.now() - started });
}
services.close();
