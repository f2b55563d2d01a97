/**
 * What each role reads on the overview and a priority page is what `GET /api/v1/progress` gives
 * the same person: the pages and the API are built by the same function, and this checks it end
 * to end, through the real server and the browser, with suppression applied (SPEC §6, §7).
 * 2024-25 Q1 in Hull has small sensitive figures, so the funder and the partners see `[c]`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatFigure, formatNumber, formatRatePer10000 } from '../../src/core/format';
import { expectNoAxeViolations } from '../helpers/axe';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

interface ApiMetric {
	code: string;
	unit: Parameters<typeof formatNumber>[0];
	quarter: { actual: number | null; suppressed: boolean };
	yearToDate: { actual: number | null; suppressed: boolean; target: number | null };
	annualTarget: number | null;
	statusLabel: string;
	ratePer10000: { quarter: number | null; yearToDate: number | null };
	baseline: { year: string; value: number | null; suppressed: boolean } | null;
}

interface ApiProgress {
	priorities: { number: number; statusLabel: string; metrics: ApiMetric[] }[];
}

const ROLES = [
	'coordinator@example.org',
	'funder@example.org',
	'police@example.org',
	'hull@example.org',
	'board@example.org'
] as const;
const QUERIES = ['?period=2024-25-q1&area=HULL', ''];

let server: RunningServer;
const browsers = new Map<string, LaunchedBrowser>();

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	for (const email of ROLES) {
		const browser = await launchBrowser();
		await signIn(browser.context, server.url, email);
		browsers.set(email, browser);
	}
});

afterAll(async () => {
	for (const browser of browsers.values()) await browser.close();
	await server?.stop();
});

async function progressFromApi(browser: LaunchedBrowser, query: string): Promise<ApiProgress> {
	// The context's request shares the browser's cookies: the API answers the same person.
	const response = await browser.context.request.get(`${server.url}/api/v1/progress${query}`);
	expect(response.status()).toBe(200);
	return (await response.json()) as ApiProgress;
}

async function open(browser: LaunchedBrowser, path: string): Promise<Page> {
	const page = await browser.context.newPage();
	const errors = collectPageErrors(page);
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status()).toBe(200);
	await page.waitForSelector('header[data-hydrated]');
	await expectNoAxeViolations(page, path);
	expect(errors).toEqual([]);
	return page;
}

const firstLine = (text: string) => text.trim().split('\n')[0]!.trim();
const target = (unit: ApiMetric['unit'], value: number | null) =>
	value === null ? '–' : formatNumber(unit, value);

describe.each(ROLES)('the figures %s reads', (email) => {
	it.each(QUERIES)('on the overview are the API’s (query "%s")', async (query) => {
		const browser = browsers.get(email)!;
		const api = await progressFromApi(browser, query);
		const page = await open(browser, `/${query}`);
		const metrics = api.priorities.flatMap((p) => p.metrics);
		const rows = page.locator('table tbody tr');
		expect(await rows.count()).toBe(metrics.length);
		for (const m of metrics) {
			const row = page.locator('table tbody tr', {
				has: page.locator('th a', { hasText: m.code })
			});
			const cells = (await row.locator('td').allInnerTexts()).map(firstLine);
			expect(cells, m.code).toEqual([
				formatFigure(m.unit, m.quarter.actual, m.quarter.suppressed),
				formatFigure(m.unit, m.yearToDate.actual, m.yearToDate.suppressed),
				target(m.unit, m.yearToDate.target),
				m.statusLabel
			]);
		}
		const cards = await page.locator('.cards > li strong.status').allInnerTexts();
		expect(cards.map((c) => c.trim())).toEqual(api.priorities.map((p) => p.statusLabel));
		await page.close();
	});

	it.each(QUERIES)('on a priority page are the API’s (query "%s")', async (query) => {
		const browser = browsers.get(email)!;
		const api = await progressFromApi(browser, query);
		const page = await open(browser, `/priorities/1${query}`);
		for (const m of api.priorities[0]!.metrics) {
			const section = page.locator('section.metric', {
				has: page.locator('h2', { hasText: m.code })
			});
			const figures = (await section.locator('.key-figures dd').allInnerTexts()).map(firstLine);
			// The rates, for counts, and the baseline, where there is one for the area, come after.
			expect(figures, m.code).toEqual([
				formatFigure(m.unit, m.quarter.actual, m.quarter.suppressed),
				formatFigure(m.unit, m.yearToDate.actual, m.yearToDate.suppressed),
				target(m.unit, m.yearToDate.target),
				target(m.unit, m.annualTarget),
				...(m.unit === 'count'
					? [
							formatRatePer10000(m.ratePer10000.quarter, m.quarter.suppressed),
							formatRatePer10000(m.ratePer10000.yearToDate, m.yearToDate.suppressed)
						]
					: []),
				...(m.baseline ? [formatFigure(m.unit, m.baseline.value, m.baseline.suppressed)] : [])
			]);
			expect((await section.locator('strong.status').first().innerText()).trim()).toBe(
				m.statusLabel
			);
		}
		await page.close();
	});
});

describe('what the API gives each role', () => {
	it('hides the small Hull figure from everyone but the coordinator', async () => {
		const hidden: Record<string, boolean> = {};
		for (const email of ROLES) {
			const api = await progressFromApi(browsers.get(email)!, QUERIES[0]!);
			const p101 = api.priorities[0]!.metrics.find((m) => m.code === 'P1.01')!;
			hidden[email] = p101.quarter.suppressed;
			if (p101.quarter.suppressed) expect(p101.quarter.actual).toBeNull();
		}
		expect(hidden).toEqual({
			'coordinator@example.org': false,
			'funder@example.org': true,
			'police@example.org': true,
			'hull@example.org': true,
			'board@example.org': true
		});
	});
});
