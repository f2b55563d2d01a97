// @ts-check
/**
 * What the crash test (tests/crash/import-crash.test.ts) and the process it kills
 * (crash-import-child.js) say to each other: the child's arguments, the lines it prints, and the
 * comment that marks which import set a figure. Plain JavaScript, because the child runs without
 * a TypeScript loader.
 */

/**
 * @typedef {object} CrashChildArgs
 * @property {string} databasePath
 * @property {string} fixturesDir
 * @property {string} csvPath The base file: a coordinator's long-format CSV, comment last.
 * @property {number} imports How many imports to run before exiting normally.
 * @property {number} coordinatorUserId
 * @property {string} now The clock the import checks quarters against, as ISO.
 * @property {number | null} cacheKiB SQLite's page cache, when smaller than the app's default.
 */

/**
 * One JSON line on the child's stdout.
 * @typedef {{ event: 'ready' }
 *   | { event: 'commit-start', sequence: number }
 *   | { event: 'committed', sequence: number, uploadId: number, commitMs: number }} CrashChildEvent
 */

/**
 * The comment every row of import number `sequence` carries.
 * @param {number} sequence
 */
export function crashImportComment(sequence) {
	return `crash import ${sequence}`;
}
