/**
 * GET /api/v1/values. The demo figures are deterministic: for 2024-25 Q1 the Salvation Army (SA)
 * reports P1.01 "Adults entering MSVCC support" (sensitive) as 5 in ERY, 4 in HULL, 2 in NEL and
 * 3 in NL; Humberside Police (HP) reports P4.03 (sensitive) as 3 in HULL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VALUES_REFUSAL } from '../../../../src/api/routes/v1/values.js';
import {
	buildTestApp,
	createTestApiToken,
	partnerIdOf,
	signedInUser,
	type TestApp
} from '../../../helpers/build-app.js';

type Caller = 'coordinator' | 'funder' | 'partner' | 'viewer' | 'token' | 'salvationArmy';

interface ValueBody {
	metric: string;
	partner: string;
	area: string;
	period: string;
	kind: 'value' | 'nil' | 'not_collected';
	value: number | null;
	suppressed: boolean;
	comment: string | null;
	revisionId: number;
	uploadId: number;
	source: string;
	uploadedAt: string;
}

interface ValuesBody {
	total: number;
	limit: number;
	offset: number;
	next: string | null;
	suppression: { symbol: string; note: string };
	values: ValueBody[];
}

const P101_2024_Q1 = 'metric=P1.01&period=2024-25-q1';

/** `partner/area: value` for each row, to compare with the hand-worked figures. */
const byPartnerArea = (rows: ValueBody[]) =>
	Object.fromEntries(rows.map((r) => [`${r.partner}/${r.area}`, r.value]));

describe('GET /api/v1/values', () => {
	let built: TestApp;
	const as = {} as Record<Caller, Record<string, string>>;
	/** Every stored figure, and Humberside Police's, counted straight from the figures table. */
	let storedCount: number;
	let hpCount: number;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'demo' });
		for (const role of ['coordinator', 'funder', 'partner', 'viewer'] as const)
			as[role] = { cookie: (await signedInUser(built.services, role, { partner: 'HP' })).cookie };
		as.salvationArmy = {
			cookie: (await signedInUser(built.services, 'partner', { partner: 'SA' })).cookie
		};
		as.token = { authorization: createTestApiToken(built.services, 'HP').authorization };
		const stored = built.services.figureQueries.findForMetrics(
			built.services.framework.load().metrics.map((m) => m.id),
			1990,
			2100
		);
		storedCount = stored.length;
		hpCount = stored.filter((f) => f.partnerId === partnerIdOf(built.services, 'HP')).length;
	});

	afterAll(async () => {
		await built.close();
	});

	const get = (query: string, caller: Caller) =>
		built.app.inject({ method: 'GET', url: `/api/v1/values${query}`, headers: as[caller] });

	async function body(query: string, caller: Caller): Promise<ValuesBody> {
		const res = await get(query, caller);
		expect(res.statusCode, res.body).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		return res.json();
	}

	it('gives the coordinator every stored figure, a page of 1,000 at a time, and says how many in all', async () => {
		const first = await body('', 'coordinator');
		expect(storedCount).toBeGreaterThan(1000);
		expect(first.total).toBe(storedCount);
		expect(first).toMatchObject({ limit: 1000, offset: 0, next: '/api/v1/values?offset=1000' });
		expect(first.values).toHaveLength(1000);
		const second = await body('?offset=1000', 'coordinator');
		expect(second.values).toHaveLength(storedCount - 1000);
		expect(second.next).toBeNull();
	});

	it('pages through a filter without repeating or skipping a row, keeping the filter in next', async () => {
		const whole = await body(`?${P101_2024_Q1}`, 'coordinator');
		const first = await body(`?${P101_2024_Q1}&limit=3`, 'coordinator');
		expect(first.total).toBe(4);
		expect(first.values).toEqual(whole.values.slice(0, 3));
		expect(first.next).toBe(`/api/v1/values?${P101_2024_Q1}&limit=3&offset=3`);
		const rest = await body(first.next!.replace('/api/v1/values', ''), 'coordinator');
		expect(rest.values).toEqual(whole.values.slice(3));
		expect(rest.next).toBeNull();
		const beyond = await body(`?${P101_2024_Q1}&offset=10`, 'coordinator');
		expect(beyond).toMatchObject({ total: 4, values: [], next: null });
	});

	it('gives each figure in long format, with the revision and upload that set it', async () => {
		const { values } = await body(`?${P101_2024_Q1}&area=HULL`, 'coordinator');
		expect(values).toEqual([
			{
				metric: 'P1.01',
				partner: 'SA',
				area: 'HULL',
				period: '2024-25 Q1',
				kind: 'value',
				value: 4,
				suppressed: false,
				comment: '',
				revisionId: expect.any(Number),
				uploadId: expect.any(Number),
				source: 'seed',
				uploadedAt: expect.stringMatching(/^2024-0\d-\d\dT/)
			}
		]);
	});

	it('gives a nil return as 0 with its kind, and a figure not collected as null, not zero', async () => {
		const { values } = await body('?limit=5000', 'coordinator');
		const nil = values.filter((v) => v.kind === 'nil');
		const notCollected = values.filter((v) => v.kind === 'not_collected');
		expect(nil.length).toBeGreaterThan(0);
		expect(notCollected.length).toBeGreaterThan(0);
		expect(new Set(nil.map((v) => v.value))).toEqual(new Set([0]));
		expect(new Set(notCollected.map((v) => v.value))).toEqual(new Set([null]));
		expect(notCollected.every((v) => !v.suppressed)).toBe(true);
	});

	it('filters by quarter, metric, partner and area, each in the spellings people use', async () => {
		const filtered = await body(
			'?period=2024-25%20Q2&metric=p4-03&partner=hp&area=nel&limit=5000',
			'coordinator'
		);
		expect(filtered.values.map((v) => [v.period, v.metric, v.partner, v.area])).toEqual([
			['2024-25 Q2', 'P4.03', 'HP', 'NEL']
		]);
		const hp = await body('?partner=HP&limit=5000', 'coordinator');
		expect(hp.total).toBe(hpCount);
		expect(hp.values.every((v) => v.partner === 'HP')).toBe(true);
		const quarter = await body('?period=2025-26-q3&limit=5000', 'coordinator');
		expect(quarter.total).toBeGreaterThan(0);
		expect(quarter.values.every((v) => v.period === '2025-26 Q3')).toBe(true);
	});

	it("gives a partner user and a partner token their own figures only, never another's", async () => {
		for (const caller of ['partner', 'token'] as const) {
			const own = await body('?limit=5000', caller);
			expect(own.total, caller).toBe(hpCount);
			expect(new Set(own.values.map((v) => v.partner))).toEqual(new Set(['HP']));
			expect((await body('?partner=hp', caller)).total).toBe(hpCount);
			// Another partner is answered exactly as one that does not exist.
			for (const code of ['SA', 'NOPE']) {
				const res = await get(`?partner=${code}`, caller);
				expect(res.statusCode).toBe(404);
				expect(res.json()).toEqual({
					error: {
						code: 'not_found',
						message: `There is no partner "${code}" whose figures you can see.`
					}
				});
			}
			// Another partner's metric asked for by code: nothing of theirs comes back.
			expect((await body(`?${P101_2024_Q1}`, caller)).values).toEqual([]);
		}
	});

	it('shows the coordinator small sensitive figures as they are', async () => {
		const { values } = await body(`?${P101_2024_Q1}`, 'coordinator');
		expect(byPartnerArea(values)).toEqual({ 'SA/ERY': 5, 'SA/HULL': 4, 'SA/NEL': 2, 'SA/NL': 3 });
		expect(values.every((v) => !v.suppressed)).toBe(true);
	});

	it('hides small sensitive figures from the funder, as null and suppressed', async () => {
		const answer = await body(`?${P101_2024_Q1}`, 'funder');
		expect(answer.suppression.symbol).toBe('[c]');
		// 4, 2 and 3 are from 1 to 4; 5 is not.
		expect(byPartnerArea(answer.values)).toEqual({
			'SA/ERY': 5,
			'SA/HULL': null,
			'SA/NEL': null,
			'SA/NL': null
		});
		expect(answer.values.map((v) => v.suppressed)).toEqual([false, true, true, true]);
		const hp = await body('?metric=P4.03&period=2024-25-q1&partner=HP&area=HULL', 'funder');
		expect(hp.values).toMatchObject([{ value: null, suppressed: true }]);
	});

	it("never hides a partner's own figures from it, small or not", async () => {
		const sa = await body(`?${P101_2024_Q1}`, 'salvationArmy');
		expect(byPartnerArea(sa.values)).toEqual({
			'SA/ERY': 5,
			'SA/HULL': 4,
			'SA/NEL': 2,
			'SA/NL': 3
		});
		const hp = await body('?metric=P4.03&period=2024-25-q1&area=HULL', 'token');
		expect(hp.values).toMatchObject([{ partner: 'HP', value: 3, suppressed: false }]);
	});

	it("keeps partners' comments from the funder", async () => {
		const { values } = await body('?limit=5000', 'funder');
		expect(values.length).toBeGreaterThan(0);
		expect(values.every((v) => v.comment === null)).toBe(true);
		const coordinator = await body('?limit=5000', 'coordinator');
		expect(coordinator.values.some((v) => (v.comment ?? '') !== '')).toBe(true);
	});

	it('refuses a board member, whose role shows no figures partner by partner', async () => {
		const res = await get('', 'viewer');
		expect(res.statusCode).toBe(403);
		expect(res.json()).toEqual({ error: { code: 'forbidden', message: VALUES_REFUSAL } });
	});

	it.each([
		['?limit=0', 400, 'bad_limit', 'The limit "0" is not a whole number from 1 to 5000.'],
		['?limit=5001', 400, 'bad_limit', 'The limit "5001" is not a whole number from 1 to 5000.'],
		['?limit=ten', 400, 'bad_limit', 'The limit "ten" is not a whole number from 1 to 5000.'],
		['?offset=-1', 400, 'bad_offset', 'The offset "-1" is not a whole number 0 or more.'],
		[
			'?metric=banana',
			400,
			'bad_metric',
			'"banana" is not a metric code. Metric codes look like P1.03; GET /api/v1/framework lists every metric.'
		],
		['?metric=P1.3', 400, 'bad_metric', '"P1.3" is not a metric code. Did you mean P1.03?'],
		[
			'?metric=p9-01',
			404,
			'not_found',
			'There is no metric "P9.01". GET /api/v1/framework lists every metric.'
		],
		['?metric=P2.010', 404, 'not_found', 'There is no metric "P2.010". Did you mean P2.01?'],
		['?period=2025%20Q1', 400, 'bad_period', expect.stringContaining('ambiguous')],
		[
			'?partner=',
			400,
			'bad_partner',
			'The partner is empty. Give a partner code, e.g. HP; GET /api/v1/framework lists them.'
		],
		['?area=YORK', 404, 'not_found', expect.stringContaining('The areas are HULL')],
		[
			'?metric=P1.01&partners=HP',
			400,
			'bad_request',
			'Unknown query parameter "partners". This route accepts period, metric, partner, area, limit, offset.'
		]
	])('answers %s with %i %s', async (query, status, code, message) => {
		const res = await get(query, 'coordinator');
		expect(res.statusCode).toBe(status);
		expect(res.json()).toEqual({ error: { code, message } });
	});
});

describe('GET /api/v1/values after an import', () => {
	let built: TestApp;
	let token: string;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework' });
		token = createTestApiToken(built.services, 'HP').authorization;
	});

	afterAll(async () => {
		await built.close();
	});

	it('traces a figure to the revision and upload that set it, with its comment', async () => {
		const imported = await built.app.inject({
			method: 'POST',
			url: '/api/v1/imports?period=2025-26-q1&dryRun=false',
			headers: { authorization: token, 'content-type': 'text/csv' },
			payload: 'metric_code,area,value,comment\r\nP2.01,HULL,12,Two operations\r\n'
		});
		expect(imported.statusCode, imported.body).toBe(200);
		const res = await built.app.inject({
			method: 'GET',
			url: '/api/v1/values',
			headers: { authorization: token }
		});
		expect(res.statusCode).toBe(200);
		const answer = res.json() as ValuesBody;
		const [revision] = built.services.history.revisionsFor(
			partnerIdOf(built.services, 'HP'),
			2025,
			1
		);
		expect(answer.total).toBe(1);
		expect(answer.values).toEqual([
			{
				metric: 'P2.01',
				partner: 'HP',
				area: 'HULL',
				period: '2025-26 Q1',
				kind: 'value',
				value: 12,
				suppressed: false,
				comment: 'Two operations',
				revisionId: revision!.id,
				uploadId: revision!.uploadId,
				source: 'api',
				uploadedAt: revision!.createdAt
			}
		]);
	});
});
