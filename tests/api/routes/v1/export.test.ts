/**
 * GET /api/v1/export.csv and export.json. The demo figures are deterministic: for 2024-25 Q1 the
 * Salvation Army (SA) reports P1.01 "Adults entering MSVCC support" (sensitive) as 5 in ERY, 4 in
 * HULL, 2 in NEL and 3 in NL.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	buildTestApp,
	createTestApiToken,
	partnerIdOf,
	signedInUser,
	type TestApp
} from '../../../helpers/build-app.js';

type Caller = 'coordinator' | 'funder' | 'partner' | 'viewer' | 'token';

const P101_2024_Q1 = 'metric=P1.01&period=2024-25-q1';

/** The CSV's rows as objects keyed by the header, after its byte-order mark. */
function parseCsv(text: string): Record<string, string>[] {
	expect(text.startsWith('\uFEFF')).toBe(true);
	const parsed = Papa.parse<Record<string, string>>(text.slice(1), {
		header: true,
		skipEmptyLines: true
	});
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

describe('GET /api/v1/export.csv and export.json', () => {
	let built: TestApp;
	const as = {} as Record<Caller, Record<string, string>>;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'demo' });
		for (const role of ['coordinator', 'funder', 'partner', 'viewer'] as const)
			as[role] = { cookie: (await signedInUser(built.services, role, { partner: 'HP' })).cookie };
		as.token = { authorization: createTestApiToken(built.services, 'HP').authorization };
	});

	afterAll(async () => {
		await built.close();
	});

	const get = (path: string, caller: Caller) =>
		built.app.inject({ method: 'GET', url: `/api/v1/${path}`, headers: as[caller] });

	it('gives the coordinator each figure with its partner, quarter, area, status and upload, as a named download', async () => {
		const res = await get(`export.csv?${P101_2024_Q1}&area=HULL`, 'coordinator');
		expect(res.statusCode, res.body).toBe(200);
		expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
		expect(res.headers['content-disposition']).toBe(
			'attachment; filename="strategy-tracker-values-2024-25-q1-p1-01-hull.csv"'
		);
		expect(parseCsv(res.body)).toEqual([
			{
				metric_code: 'P1.01',
				metric_name: 'Adults entering MSVCC support',
				partner_code: 'SA',
				partner_name: expect.stringContaining('Salvation Army'),
				area: 'HULL',
				period: '2024-25 Q1',
				kind: 'value',
				value: '4',
				submission_status: expect.stringMatching(/^(submitted|approved|returned)$/),
				comment: expect.any(String),
				upload_id: expect.stringMatching(/^\d+$/),
				source: 'seed',
				uploaded_at: expect.stringMatching(/^2024-0\d-\d\dT/),
				revision_id: expect.stringMatching(/^\d+$/)
			}
		]);
	});

	it('hides from the funder exactly what the values API hides, as [c], never the number', async () => {
		const rows = parseCsv((await get(`export.csv?${P101_2024_Q1}`, 'funder')).body);
		// 4, 2 and 3 are from 1 to 4; 5 is not.
		expect(Object.fromEntries(rows.map((r) => [r.area, r.value]))).toEqual({
			ERY: '5',
			HULL: '[c]',
			NEL: '[c]',
			NL: '[c]'
		});

		const all = parseCsv((await get('export.csv', 'funder')).body);
		const values = (await get('values?limit=5000', 'funder')).json() as {
			total: number;
			values: { value: number | null; suppressed: boolean }[];
		};
		expect(all).toHaveLength(values.total);
		expect(all.map((r) => r.value === '[c]')).toEqual(values.values.map((v) => v.suppressed));
		expect(all.some((r) => r.value === '[c]')).toBe(true);
		// The funder may not see partners' comments, which are their own record.
		expect(all.every((r) => r.comment === '')).toBe(true);
	});

	it('gives a partner, signed in or by token, its own figures only, and no one else’s', async () => {
		const hp = partnerIdOf(built.services, 'HP');
		const own = built.services.values.paginate({ partnerId: hp }, { limit: 100_000, offset: 0 });
		for (const caller of ['partner', 'token'] as const) {
			const res = await get('export.csv', caller);
			expect(res.statusCode, res.body).toBe(200);
			expect(res.headers['content-disposition']).toBe(
				'attachment; filename="strategy-tracker-values-all-quarters-hp.csv"'
			);
			const rows = parseCsv(res.body);
			expect(rows).toHaveLength(own.total);
			expect(new Set(rows.map((r) => r.partner_code))).toEqual(new Set(['HP']));
			const other = await get('export.csv?partner=SA', caller);
			expect(other.statusCode).toBe(404);
			expect(other.body).not.toContain('Salvation');
		}
	});

	it('refuses a board member, and says where the partnership’s figures are', async () => {
		const res = await get('export.csv', 'viewer');
		expect(res.statusCode).toBe(403);
		expect(res.json().error.message).toContain('/api/v1/progress');
	});

	it('refuses an unknown filter rather than exporting everything', async () => {
		const res = await get('export.csv?perod=2024-25-q1', 'coordinator');
		expect(res.statusCode).toBe(400);
		expect(res.json().error.message).toContain('"perod"');
	});

	it('neutralises a comment that a spreadsheet would run as a formula', async () => {
		const db = built.services.db.$client;
		db.exec('BEGIN');
		try {
			db.prepare(
				`UPDATE figures SET comment = '=HYPERLINK("http://evil.example","x")'
				 WHERE partner_id = ? AND area_code = 'HULL' AND year = 2024 AND quarter = 1
				 AND metric_id = (SELECT id FROM metrics WHERE code = 'P1.01')`
			).run(partnerIdOf(built.services, 'SA'));
			const res = await get(`export.csv?${P101_2024_Q1}&area=HULL`, 'coordinator');
			expect(res.body).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
		} finally {
			db.exec('ROLLBACK');
		}
	});

	it('gives the same figures as JSON, with the suppression key', async () => {
		const res = await get(`export.json?${P101_2024_Q1}`, 'funder');
		expect(res.statusCode).toBe(200);
		expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(res.headers['content-disposition']).toBe(
			'attachment; filename="strategy-tracker-values-2024-25-q1-p1-01.json"'
		);
		const body = res.json() as {
			suppression: { symbol: string };
			values: {
				area: string;
				value: number | null;
				suppressed: boolean;
				submissionStatus: string;
			}[];
		};
		expect(body.suppression.symbol).toBe('[c]');
		expect(body.values.map((v) => [v.area, v.value, v.suppressed])).toEqual([
			['ERY', 5, false],
			['HULL', null, true],
			['NEL', null, true],
			['NL', null, true]
		]);
		expect(body.values.every((v) => v.submissionStatus.length > 0)).toBe(true);
	});

	it('records each export in the audit log, with who asked and for what', async () => {
		await get(`export.csv?${P101_2024_Q1}`, 'funder');
		const entry = built.services.db.$client
			.prepare(`SELECT * FROM audit_log WHERE action = 'values.export' ORDER BY id DESC LIMIT 1`)
			.get() as { actor_label: string; detail: string };
		expect(entry.detail).toBe('2024-25 Q1, metric P1.01');
		expect(entry.actor_label).toMatch(/funder/);
	});
});
