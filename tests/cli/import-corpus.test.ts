/**
 * The hostile-CSV corpus (tests/fixtures/csv/) through the CLI door: every case as
 * `strategy-tracker import FILE --dry-run --json`, run in-process (tests/cli/import.test.ts runs
 * the real process for the exit codes). The summaries must be the corpus's, as they are through
 * importFile (tests/imports/) and the API (tests/api/).
 *
 * The command line acts as the coordinator, so a partner's case names its partner with --partner.
 * One wording differs on purpose: a row naming another partner tells a partner "is not your
 * organisation's code", and the coordinator "is not <partner>, the partner this upload is for".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import type { ImportSummary } from '../../src/core/import-issues.js';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/build-app.js';
import {
	comparableSummary,
	loadCsvCorpus,
	type CorpusCase,
	type ExpectedSummary
} from '../helpers/csv-corpus.js';

const corpus = loadCsvCorpus();

let built: TestApp;
let filesDir: string;

beforeAll(async () => {
	// The demo database the corpus's expectations assume, seeded as of TEST_NOW; the CLI opens
	// the same file, with its "today" fixed at TEST_NOW too.
	built = await buildTestApp({ seed: 'demo' });
	filesDir = mkdtempSync(join(tmpdir(), 'strategy-tracker-corpus-'));
});

afterAll(async () => {
	rmSync(filesDir, { recursive: true, force: true });
	await built?.close();
});

async function importCase(c: CorpusCase): Promise<{ code: number; out: string; err: string }> {
	const dir = mkdtempSync(join(filesDir, `${c.name}-`));
	const file = join(dir, c.fileName);
	writeFileSync(file, c.bytes(built.services.config.maxUploadBytes));
	const partner = c.partner ?? (c.as.startsWith('partner:') ? c.as.slice('partner:'.length) : null);
	const argv = ['import', file, '--dry-run', '--json'];
	if (partner) argv.push('--partner', partner);
	if (c.period) argv.push('--period', c.period);
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(argv, {
		out: (text) => out.push(text),
		err: (text) => err.push(text),
		env: { DATABASE_PATH: built.services.config.databasePath, LOG_LEVEL: 'silent' },
		now: () => new Date(TEST_NOW)
	});
	return { code, out: out.join(''), err: err.join('') };
}

/** The expected summary as the coordinator is told it (see the comment at the top). */
function asCoordinatorSees(c: CorpusCase, actual: ExpectedSummary): ExpectedSummary {
	if (c.as === 'coordinator') return c.expected;
	return {
		...c.expected,
		errors: c.expected.errors.map((e, i) =>
			e.code === 'partner-mismatch' && actual.errors[i]?.code === e.code
				? { ...e, message: actual.errors[i]!.message }
				: e
		)
	};
}

const stored = () =>
	built.services.db.$client.prepare('SELECT count(*) FROM uploads').pluck().get() as number;

describe('the hostile-CSV corpus through strategy-tracker import --dry-run --json', () => {
	let uploadsBefore: number;

	beforeAll(() => {
		uploadsBefore = stored();
	});

	it('has cases to run', () => {
		expect(corpus.length).toBeGreaterThan(0);
	});

	it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const result = await importCase(c);
		expect(result.err).toBe('');
		expect(result.code, result.out.slice(0, 300)).toBe(c.expected.ok ? 0 : 1);
		const summary = JSON.parse(result.out) as ImportSummary;
		expect(summary.dryRun).toBe(true);
		const actual = comparableSummary(summary);
		expect(actual).toEqual(asCoordinatorSees(c, actual));
	});

	const mismatch = corpus.find(
		(c) => c.as !== 'coordinator' && c.expected.errors.some((e) => e.code === 'partner-mismatch')
	);
	it.runIf(mismatch)('words a row naming another partner for the coordinator', async () => {
		const summary = JSON.parse((await importCase(mismatch!)).out) as ImportSummary;
		const mismatches = summary.errors.filter((e) => e.code === 'partner-mismatch');
		expect(mismatches.length).toBeGreaterThan(0);
		for (const e of mismatches) expect(e.message).toMatch(/the partner this upload is for/);
	});

	// Runs last: vitest runs a file's tests in order.
	it('stored nothing for any of them', () => {
		expect(stored()).toBe(uploadsBefore);
	});
});
