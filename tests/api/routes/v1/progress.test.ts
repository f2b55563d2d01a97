/**
 * GET /api/v1/progress. The demo figures are deterministic: for 2024-25 Q1, P1.01 "Adults
 * entering MSVCC support" (sensitive, a monitored count) is 4 in Kingston upon Hull and 14 across
 * the Humber (the Salvation Army reports 5 in ERY, 4 in HULL, 2 in NEL and 3 in NL).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Principal } from '../../../../src/core/access.js';
import type { Change } from '../../../../src/core/change.js';
import {
	suppressionReaderFor,
	type ShownOverview
} from '../../../../src/core/dashboard-suppression.js';
import type { Period } from '../../../../src/core/periods.js';
import {
	buildTestApp,
	createTestApiToken,
	partnerIdOf,
	signedInUser,
	type TestApp
} from '../../../helpers/build-app.js';

type Caller = 'coordinator' | 'funder' | 'partner' | 'viewer' | 'token';

interface ChangeBody {
	comparedWith: string;
	kind: string;
	from: number | null;
	to: number | null;
	difference: number | null;
	percent: number | null;
	description: string;
}

interface MetricBody {
	code: string;
	unit: string;
	sensitive: boolean;
	quarter: {
		actual: number | null;
		suppressed: boolean;
		target: number | null;
		complete: boolean;
		missingPartners?: string[];
		notCollectedPartners?: string[];
	};
	yearToDate: {
		actual: number | null;
		suppressed: boolean;
		target: number | null;
		complete: boolean;
	};
	annualTarget: number | null;
	status: string;
	statusLabel: string;
	statusReason: string | null;
	statusDescription: string;
	forecast: { value: number; annualTarget: number | null; willMeetTarget: boolean | null } | null;
	forecastDescription: string;
	changeOnLastQuarter: ChangeBody;
	changeOnLastYear: ChangeBody;
	ratePer10000: { quarter: number | null; yearToDate: number | null };
	baseline: {
		year: string;
		area: string;
		value: number | null;
		suppressed: boolean;
		comparedWith: 'forecast' | 'yearToDate';
		change: Omit<ChangeBody, 'comparedWith'>;
	} | null;
}

interface ProgressBody {
	period: { label: string; slug: string; prose: string };
	area: { code: string; name: string; partnershipWide: boolean };
	empty: boolean;
	rollupRule: string;
	suppression: { symbol: string; note: string };
	priorities: {
		number: number;
		title: string;
		status: string;
		statusLabel: string;
		counts: Record<string, number>;
		metrics: MetricBody[];
	}[];
}

const HULL_2024_Q1 = '?period=2024-25-q1&area=HULL';
const Q1_2024: Period = { year: 2024, quarter: 1 };

/** The figures of a change as the API spells them: every field there, null when not applicable. */
function changeFigures(change: Change) {
	return {
		kind: change.kind,
		from: change.kind === 'none' ? null : change.from,
		to: change.kind === 'none' ? null : change.to,
		difference: change.kind === 'none' ? null : change.difference,
		percent: change.kind === 'compared' ? change.percent : null
	};
}

/** Every number of the overview, priority by priority, metric by metric. */
function numbersOfOverview(overview: ShownOverview) {
	return overview.priorities.map((p) => ({
		number: p.priority.number,
		status: p.status,
		counts: p.counts,
		metrics: p.metrics.map(({ metric, progress, suppressed }) => ({
			code: metric.code,
			quarter: progress.quarter.value,
			quarterSuppressed: suppressed.quarter,
			quarterTarget: progress.targets.quarter,
			quarterComplete: progress.quarter.complete,
			yearToDate: progress.yearToDate.value,
			yearToDateSuppressed: suppressed.yearToDate,
			yearToDateTarget: progress.targets.yearToDate,
			yearToDateComplete: progress.yearToDate.complete,
			annualTarget: progress.targets.annual,
			status: progress.status.status,
			statusReason: progress.status.reason ?? null,
			forecast: progress.forecast,
			changeOnLastQuarter: changeFigures(progress.changeOnLastQuarter),
			changeOnLastYear: changeFigures(progress.changeOnLastYear),
			ratePer10000: progress.ratePer10000,
			baseline: progress.baseline && {
				value: progress.baseline.value,
				suppressed: suppressed.baseline,
				change: changeFigures(progress.baseline.change)
			}
		}))
	}));
}

/** The same numbers, read from the API's answer. */
function numbersOfBody(body: ProgressBody) {
	const change = ({ kind, from, to, difference, percent }: Omit<ChangeBody, 'comparedWith'>) => ({
		kind,
		from,
		to,
		difference,
		percent
	});
	return body.priorities.map((p) => ({
		number: p.number,
		status: p.status,
		counts: p.counts,
		metrics: p.metrics.map((m) => ({
			code: m.code,
			quarter: m.quarter.actual,
			quarterSuppressed: m.quarter.suppressed,
			quarterTarget: m.quarter.target,
			quarterComplete: m.quarter.complete,
			yearToDate: m.yearToDate.actual,
			yearToDateSuppressed: m.yearToDate.suppressed,
			yearToDateTarget: m.yearToDate.target,
			yearToDateComplete: m.yearToDate.complete,
			annualTarget: m.annualTarget,
			status: m.status,
			statusReason: m.statusReason,
			forecast: m.forecast,
			changeOnLastQuarter: change(m.changeOnLastQuarter),
			changeOnLastYear: change(m.changeOnLastYear),
			ratePer10000: m.ratePer10000,
			baseline: m.baseline && {
				value: m.baseline.value,
				suppressed: m.baseline.suppressed,
				change: change(m.baseline.change)
			}
		}))
	}));
}

function metricOf(body: ProgressBody, code: string): MetricBody {
	const metric = body.priorities.flatMap((p) => p.metrics).find((m) => m.code === code);
	if (!metric) throw new Error(`No ${code} in the answer.`);
	return metric;
}

/** Every number anywhere in a JSON value. */
function numbersIn(value: unknown): number[] {
	if (typeof value === 'number') return [value];
	if (Array.isArray(value)) return value.flatMap(numbersIn);
	if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
	return [];
}

describe('GET /api/v1/progress', () => {
	let built: TestApp;
	const as = {} as Record<Caller, Record<string, string>>;
	const principals = {} as Record<Caller, Principal>;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'demo' });
		for (const role of ['coordinator', 'funder', 'partner', 'viewer'] as const) {
			const signed = await signedInUser(built.services, role, { partner: 'HP' });
			as[role] = { cookie: signed.cookie };
			principals[role] = built.services.auth.principalForUser(signed.user);
		}
		const token = createTestApiToken(built.services, 'HP');
		as.token = { authorization: token.authorization };
		principals.token = {
			kind: 'token',
			tokenId: token.id,
			partnerId: partnerIdOf(built.services, 'HP'),
			label: 'test token for HP'
		};
	});

	afterAll(async () => {
		await built.close();
	});

	const get = (query: string, caller: Caller) =>
		built.app.inject({ method: 'GET', url: `/api/v1/progress${query}`, headers: as[caller] });

	async function body(query: string, caller: Caller): Promise<ProgressBody> {
		const res = await get(query, caller);
		expect(res.statusCode, res.body).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		return res.json();
	}

	/** What the overview page is given for the same quarter, area and reader. */
	function overviewFor(caller: Caller, period: Period, areaCode: string | undefined) {
		const services = built.services;
		const reader = suppressionReaderFor(principals[caller], services.config.suppressionThreshold);
		return services.dashboard.overview(services.framework.load(), period, areaCode, reader);
	}

	it('gives every number the overview page computes, metric by metric, to each kind of caller', async () => {
		for (const caller of ['coordinator', 'funder', 'partner', 'viewer', 'token'] as const) {
			const answer = await body(HULL_2024_Q1, caller);
			expect(numbersOfBody(answer), caller).toEqual(
				numbersOfOverview(overviewFor(caller, Q1_2024, 'HULL'))
			);
		}
		const latest = await body('', 'coordinator');
		expect(numbersOfBody(latest)).toEqual(
			numbersOfOverview(overviewFor('coordinator', { year: 2026, quarter: 2 }, undefined))
		);
	});

	it('shows the coordinator the small sensitive figure, its year to date and forecast', async () => {
		const p101 = metricOf(await body(HULL_2024_Q1, 'coordinator'), 'P1.01');
		expect(p101.quarter).toMatchObject({ actual: 4, suppressed: false, target: null });
		expect(p101.yearToDate).toMatchObject({ actual: 4, suppressed: false });
		// A flow at its first quarter: 4 a quarter is 16 a year.
		expect(p101.forecast).toEqual({ value: 16, annualTarget: null, willMeetTarget: null });
		expect(p101).toMatchObject({
			status: 'none',
			statusLabel: 'Monitoring',
			statusReason: 'monitor'
		});
		expect(p101.statusDescription).toMatch(/^4 so far this year\./);
	});

	it('gives the funder null and [c] for it, and the figure appears nowhere in the metric', async () => {
		const answer = await body(HULL_2024_Q1, 'funder');
		expect(answer.suppression.symbol).toBe('[c]');
		expect(answer.suppression.note).toContain('values of 1 to 4 are not shown');
		const p101 = metricOf(answer, 'P1.01');
		expect(p101.quarter).toMatchObject({ actual: null, suppressed: true });
		expect(p101.yearToDate).toMatchObject({ actual: null, suppressed: true });
		expect(p101.forecast).toBeNull();
		expect(p101.forecastDescription).toContain('[c]');
		expect(p101.statusDescription).toMatch(/^\[c\] so far this year\./);
		expect(p101.changeOnLastQuarter.kind).toBe('none');
		expect(p101.changeOnLastYear.kind).toBe('none');
		// Not the 4, nor the forecast of 16 that is four times it, anywhere in the metric's answer.
		expect(numbersIn(p101)).toEqual([]);
		expect(JSON.stringify(p101)).not.toMatch(/\b(4|16)\b/);
	});

	it('shows the funder the partnership figure, which hides nothing', async () => {
		const p101 = metricOf(await body('?period=2024-25-q1&area=HUMBER', 'funder'), 'P1.01');
		expect(p101.quarter).toMatchObject({ actual: 14, suppressed: false });
	});

	it('gives a count per 10,000 residents, unrounded, and no rate for other units', async () => {
		const humber = await body('?period=2024-25-q1&area=HUMBER', 'coordinator');
		// 14 in the Humber's 941,500 residents: 140,000 / 941,500 = 0.14870 per 10,000.
		const p101 = metricOf(humber, 'P1.01');
		expect(p101.ratePer10000.quarter).toBeCloseTo(0.1487, 4);
		// The first quarter's year to date is the quarter.
		expect(p101.ratePer10000.yearToDate).toBe(p101.ratePer10000.quarter);
		expect(metricOf(humber, 'P1.03').unit).toBe('percent');
		expect(metricOf(humber, 'P1.03').ratePer10000).toEqual({ quarter: null, yearToDate: null });
		// 4 in Hull's 268,900: 40,000 / 268,900 = 0.14875.
		const hull = metricOf(await body(HULL_2024_Q1, 'coordinator'), 'P1.01');
		expect(hull.ratePer10000.quarter).toBeCloseTo(0.14875, 5);
	});

	it('hides the rate of a figure hidden from the funder, and shows the one it may see', async () => {
		const hull = metricOf(await body(HULL_2024_Q1, 'funder'), 'P1.01');
		expect(hull.quarter.suppressed).toBe(true);
		expect(hull.ratePer10000).toEqual({ quarter: null, yearToDate: null });
		const humber = metricOf(await body('?period=2024-25-q1&area=HUMBER', 'funder'), 'P1.01');
		expect(humber.ratePer10000.quarter).toBeCloseTo(0.1487, 4);
	});

	it('sets the year-end forecast beside the partnership’s baseline, in figures and words', async () => {
		const humber = await body('?period=2024-25-q1&area=HUMBER', 'funder');
		// 60 in 2023-24; 14 in the first quarter is 56 at the year's end: 4 fewer, 6.7 % down.
		const p101 = metricOf(humber, 'P1.01');
		expect(p101.baseline).toMatchObject({
			year: '2023-24',
			area: 'HUMBER',
			value: 60,
			suppressed: false,
			comparedWith: 'forecast',
			change: {
				kind: 'compared',
				from: 60,
				to: 56,
				difference: -4,
				description: 'The year-end forecast of 56 is down 7% on the 2023-24 baseline of 60.'
			}
		});
		expect(p101.baseline?.change.percent).toBeCloseTo(-6.667, 3);
		// A percentage averaged over quarters is compared by its year to date.
		expect(metricOf(humber, 'P1.03').baseline).toMatchObject({
			value: 86,
			comparedWith: 'yearToDate'
		});
		// The baselines are the partnership's: none for a council area.
		const hull = await body(HULL_2024_Q1, 'coordinator');
		expect(hull.priorities.flatMap((p) => p.metrics).every((m) => m.baseline === null)).toBe(true);
	});

	it('sets a council’s own baseline beside its figures, and the partnership’s beside the partnership’s', async () => {
		const p101 = built.services.framework.load().metrics.find((m) => m.code === 'P1.01')!;
		const setHull = (baseline: { year: number; value: number } | null) =>
			built.services.frameworkEdit.setBaselines(p101.id, [{ areaCode: 'HULL', baseline }], {
				userId: null,
				label: 'test set-up',
				ip: '127.0.0.1'
			});
		setHull({ year: 2023, value: 20 });
		try {
			// Hull: 4 in the first quarter is 16 at the year's end, 4 fewer than its 20.
			const hull = metricOf(await body(HULL_2024_Q1, 'coordinator'), 'P1.01');
			expect(hull.baseline).toMatchObject({
				area: 'HULL',
				value: 20,
				change: { kind: 'compared', from: 20, to: 16, difference: -4 }
			});
			const humber = metricOf(await body('?period=2024-25-q1&area=HUMBER', 'coordinator'), 'P1.01');
			expect(humber.baseline).toMatchObject({ area: 'HUMBER', value: 60 });
		} finally {
			setHull(null);
		}
	});

	it('defaults to the last complete quarter, partnership-wide', async () => {
		const answer = await body('', 'token');
		// TEST_NOW is 23 November 2026, in 2026-27 Q3; the last complete quarter is Q2.
		expect(answer.period).toEqual({
			label: '2026-27 Q2',
			slug: '2026-27-q2',
			prose: 'Quarter 2 (July to September) 2026 to 2027'
		});
		expect(answer.area).toEqual({ code: 'HUMBER', name: 'Humber', partnershipWide: true });
		expect(answer.empty).toBe(false);
		expect(answer.rollupRule).toMatch(/^A priority is on track when every rated metric/);
		expect(answer.priorities.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('reads the area in any letter case and the quarter as a label as well as a slug', async () => {
		const slug = await body(HULL_2024_Q1, 'coordinator');
		expect(slug.area).toEqual({ code: 'HULL', name: 'Kingston upon Hull', partnershipWide: false });
		for (const query of ['?period=2024-25%20Q1&area=hull', '?period=Apr-Jun%202024&area=Hull'])
			expect(await body(query, 'coordinator')).toEqual(slug);
		const humber = await body('?period=2024-25-q1', 'coordinator');
		expect(metricOf(humber, 'P1.01').quarter.actual).toBe(14);
	});

	it('names missing partners by code to those who may see partners, and to no one else', async () => {
		// In the latest quarter some partners have not sent their figures yet.
		for (const caller of ['coordinator', 'funder'] as const) {
			const p106 = metricOf(await body('', caller), 'P1.06');
			expect(p106.quarter.complete).toBe(false);
			expect(p106.quarter.missingPartners).toEqual(['HCC', 'VS']);
			expect(p106.quarter.notCollectedPartners).toEqual([]);
		}
		for (const caller of ['partner', 'viewer', 'token'] as const) {
			const res = await get('', caller);
			const p106 = metricOf(res.json(), 'P1.06');
			expect(p106.quarter.complete).toBe(false);
			expect(res.body).not.toContain('missingPartners');
			expect(res.body).not.toContain('notCollectedPartners');
		}
	});

	it('describes each change on an earlier quarter, small counts as too small to compare', async () => {
		const answer = await body('?period=2025-26-q1', 'coordinator');
		const p102 = metricOf(answer, 'P1.02');
		// 79 → 90 is 11 more: 13.9 %, said as 14%.
		expect(p102.changeOnLastQuarter).toMatchObject({
			comparedWith: '2024-25 Q4',
			kind: 'compared',
			from: 79,
			to: 90,
			difference: 11,
			description: 'Up 14% on 2024-25 Q4, from 79 to 90.'
		});
		expect(p102.changeOnLastQuarter.percent).toBeCloseTo(13.92, 2);
		expect(metricOf(answer, 'P2.06').changeOnLastYear).toEqual({
			comparedWith: '2024-25 Q1',
			kind: 'too-small',
			from: 2,
			to: 3,
			difference: 1,
			percent: null,
			description: '2 in 2024-25 Q1, 3 now: too small to compare.'
		});
	});

	async function expectError(query: string, status: number, code: string) {
		const res: LightMyRequestResponse = await get(query, 'coordinator');
		expect(res.statusCode, query).toBe(status);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		const { error } = res.json() as { error: { code: string; message: string } };
		expect(error.code, query).toBe(code);
		return error.message;
	}

	it('refuses a quarter it cannot read with a 400 that says what it accepts', async () => {
		expect(await expectError('?period=2025%20Q1', 400, 'bad_period')).toMatch(
			/ambiguous.*"2024-25 Q4".*"2025-26 Q1"/
		);
		expect(await expectError('?period=banana', 400, 'bad_period')).toContain('"2025-26 Q1"');
		expect(await expectError('?period=', 400, 'bad_period')).toContain('2025-26-q1');
		expect(await expectError('?period=2025-26-q1&period=2025-26-q2', 400, 'bad_request')).toMatch(
			/period once/
		);
	});

	it('answers a quarter outside the reportable ones with a 404 that gives the range', async () => {
		expect(await expectError('?period=2023-24-q4', 404, 'not_found')).toBe(
			'There is no progress for 2023-24 Q4: the strategy starts in 2024-25 Q1. Choose a quarter from 2024-25 Q1 to 2026-27 Q2.'
		);
		expect(await expectError('?period=2026-27-q3', 404, 'not_found')).toBe(
			'There is no progress for 2026-27 Q3 yet: the quarter has not ended. Choose a quarter from 2024-25 Q1 to 2026-27 Q2.'
		);
	});

	it('answers an unknown area with a 404 that lists the areas, and an empty one with a 400', async () => {
		expect(await expectError('?area=YORK', 404, 'not_found')).toBe(
			'There is no area "YORK". The areas are HULL, ERY, NEL, NL, HUMBER (partnership-wide).'
		);
		expect(await expectError('?area=', 400, 'bad_area')).toContain('HULL, ERY');
	});

	it('refuses a parameter it does not know, rather than silently showing the default', async () => {
		expect(await expectError('?perod=2024-25-q1', 400, 'bad_request')).toBe(
			'Unknown query parameter "perod". This route accepts period, area.'
		);
	});

	it('asks a caller without credentials to sign in or send a token', async () => {
		const res = await built.app.inject({ method: 'GET', url: '/api/v1/progress' });
		expect(res.statusCode).toBe(401);
		expect(res.json().error.code).toBe('unauthenticated');
	});
});

describe('GET /api/v1/progress before any figures or quarters', () => {
	let noFigures: TestApp;
	let tooEarly: TestApp;
	const headers = {} as Record<'noFigures' | 'tooEarly', Record<string, string>>;

	beforeAll(async () => {
		noFigures = await buildTestApp({ seed: 'framework' });
		headers.noFigures = { cookie: (await signedInUser(noFigures.services, 'coordinator')).cookie };
		// A month into the strategy's first quarter: not one quarter has ended.
		tooEarly = await buildTestApp({ seed: 'framework', now: new Date('2024-05-01T12:00:00Z') });
		headers.tooEarly = { cookie: (await signedInUser(tooEarly.services, 'coordinator')).cookie };
	});

	afterAll(async () => {
		await noFigures.close();
		await tooEarly.close();
	});

	it('answers a quarter with no figures with empty: true and nulls, not zeros', async () => {
		const res = await noFigures.app.inject({
			method: 'GET',
			url: '/api/v1/progress?period=2025-26-q1',
			headers: headers.noFigures
		});
		expect(res.statusCode).toBe(200);
		const answer = res.json() as ProgressBody;
		expect(answer.empty).toBe(true);
		const metrics = answer.priorities.flatMap((p) => p.metrics);
		expect(metrics.length).toBeGreaterThan(30);
		for (const m of metrics) {
			expect(m.quarter.actual, m.code).toBeNull();
			expect(m.yearToDate.actual, m.code).toBeNull();
			expect(m.quarter.complete, m.code).toBe(false);
			expect(m.forecast, m.code).toBeNull();
			expect(m.status, m.code).toBe('none');
			expect(['no-data', 'no-target', 'monitor'], m.code).toContain(m.statusReason);
		}
		for (const p of answer.priorities) expect(p.status).toBe('none');
	});

	it('answers 404 while the strategy has no complete quarter', async () => {
		const res = await tooEarly.app.inject({
			method: 'GET',
			url: '/api/v1/progress',
			headers: headers.tooEarly
		});
		expect(res.statusCode).toBe(404);
		expect(res.json()).toEqual({
			error: {
				code: 'not_found',
				message: 'The strategy has no complete quarter yet, so there is no progress to show.'
			}
		});
	});
});
