/**
 * The hostile-CSV corpus (tests/fixtures/csv/) through the API door: every case as a dry run of
 * POST /api/v1/imports, as a raw body and as a multipart form, sent by the case's uploader (the
 * coordinator; or a partner's data lead, signed in and by its API token). The summaries must be
 * the corpus's, as they are through importFile (tests/imports/) and the CLI (tests/cli/).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ImportSummary } from '../../../../src/core/import-issues.js';
import {
	buildTestApp,
	createTestApiToken,
	signedInUser,
	type TestApp
} from '../../../helpers/build-app.js';
import { comparableSummary, loadCsvCorpus, type CorpusCase } from '../../../helpers/csv-corpus.js';

const corpus = loadCsvCorpus();
const BOUNDARY = '----strategy-tracker-corpus';

let built: TestApp;
let storedBefore: ReturnType<typeof stored>;
/** Each uploader's credentials, by the corpus's `as`; a partner has two: its user and its token. */
const callers = new Map<string, { name: string; headers: Record<string, string> }[]>();

beforeAll(async () => {
	// The demo database, as the corpus's expectations assume (figures to update, an approved quarter).
	built = await buildTestApp({ seed: 'demo', env: { API_RATE_LIMIT: '100000' } });
	const origin = built.services.config.origin;
	const coordinator = await signedInUser(built.services, 'coordinator');
	callers.set('coordinator', [
		{ name: 'coordinator', headers: { cookie: coordinator.cookie, origin } }
	]);
	for (const as of new Set(corpus.map((c) => c.as))) {
		if (!as.startsWith('partner:')) continue;
		const code = as.slice('partner:'.length);
		const user = await signedInUser(built.services, 'partner', { partner: code });
		callers.set(as, [
			{ name: `${code} data lead`, headers: { cookie: user.cookie, origin } },
			{
				name: `${code} API token`,
				headers: { authorization: createTestApiToken(built.services, code).authorization }
			}
		]);
	}
	storedBefore = stored();
});

afterAll(async () => {
	await built?.close();
});

function queryFor(c: CorpusCase): string {
	const params = new URLSearchParams({ dryRun: 'true' });
	if (c.partner) params.set('partner', c.partner);
	if (c.period) params.set('period', c.period);
	return `?${params}`;
}

function send(
	c: CorpusCase,
	bytes: Buffer,
	headers: Record<string, string>,
	as: 'raw' | 'multipart'
): Promise<LightMyRequestResponse> {
	const payload =
		as === 'raw'
			? bytes
			: Buffer.concat([
					Buffer.from(
						`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${c.fileName}"\r\n` +
							'Content-Type: text/csv\r\n\r\n'
					),
					bytes,
					Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
				]);
	return built.app.inject({
		method: 'POST',
		url: `/api/v1/imports${queryFor(c)}`,
		headers: {
			...headers,
			'content-type': as === 'raw' ? 'text/csv' : `multipart/form-data; boundary=${BOUNDARY}`
		},
		payload
	});
}

function stored() {
	const count = (table: string) =>
		built.services.db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
	return { uploads: count('uploads'), revisions: count('figure_revisions') };
}

describe('the hostile-CSV corpus through POST /api/v1/imports (dry runs)', () => {
	it('has cases to run', () => {
		expect(corpus.length).toBeGreaterThan(0);
	});

	it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const maxBytes = built.services.config.maxUploadBytes;
		const bytes = c.bytes(maxBytes);
		for (const caller of callers.get(c.as)!) {
			for (const as of ['raw', 'multipart'] as const) {
				const res = await send(c, bytes, caller.headers, as);
				const where = `${caller.name}, ${as}`;
				if (bytes.length > maxBytes) {
					// The door refuses it before the import sees it, in the import's own words.
					expect(res.statusCode, where).toBe(413);
					expect(res.json(), where).toEqual({
						error: { code: 'payload_too_large', message: c.expected.errors[0]!.message }
					});
					continue;
				}
				expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBe(
					c.expected.ok ? 200 : 422
				);
				const summary = res.json() as ImportSummary;
				expect(summary.dryRun, where).toBe(true);
				expect(comparableSummary(summary), where).toEqual(c.expected);
			}
		}
	});

	// Runs last: vitest runs a file's tests in order.
	it('stored nothing for any of them', () => {
		expect(stored()).toEqual(storedBefore);
	});
});
