import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { reportablePeriods } from '../../src/core/dashboard';
import { generateDemoData } from '../../src/core/demo-figures';
import { formatRatePer10000 } from '../../src/core/format';
import {
	addQuarters,
	formatPeriodLabel,
	formatPeriodSlug,
	isSamePeriod
} from '../../src/core/periods';
import { readFrameworkFixture } from '../../src/db/seed';
import { expectNoAxeViolations } from '../helpers/axe';
import { saveScreenshot } from '../helpers/browser-page';
import { HUMBER_FIXTURES } from '../helpers/build-app';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * The metric page on the demo data, which the server seeds with today's date. P1.01 (adults
 * entering victim care, sensitive, the Salvation Army's figure alone, by council area) is asked of
 * the demo generator with the same date, to find a quarter and area whose figure is from 1 to 4:
 * the coordinator must see it, everyone else `[c]`.
 */
let server: RunningServer;
const browsers: Record<'coordinator' | 'funder' | 'viewer' | 'partner', LaunchedBrowser> =
	{} as never;

const fixture = readFrameworkFixture(HUMBER_FIXTURES);
const today = new Date();
const periods = reportablePeriods(fixture.strategy.startsOn, today);
const latest = periods[periods.length - 1]!;
const demo = generateDemoData(fixture, periods, today);
const areaName = new Map(fixture.areas.map((a) => [a.code, a.name]));
// The Salvation Army's P1.01 figures by area, before the latest quarter (which the last test
// changes); the newest small one, preferring an area that also has larger figures to chart.
const saFigures = demo.returns
	.filter((r) => r.partner === 'SA' && !isSamePeriod(r.period, latest))
	.flatMap((r) =>
		r.figures
			.filter((f) => f.metric === 'P1.01' && f.value !== null)
			.map((f) => ({ period: r.period, area: f.area, value: f.value! }))
	);
const smallOnes = saFigures.filter((f) => f.value >= 1 && f.value <= 4);
const small =
	smallOnes.filter((f) => saFigures.some((g) => g.area === f.area && g.value >= 5)).at(-1) ??
	smallOnes.at(-1)!;
const smallQuery = `?period=${formatPeriodSlug(small.period)}&area=HUMBER`;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	const users = {
		coordinator: 'coordinator@example.org',
		funder: 'funder@example.org',
		viewer: 'board@example.org',
		partner: 'police@example.org'
	} as const;
	for (const [role, email] of Object.entries(users) as [keyof typeof users, string][]) {
		browsers[role] = await launchBrowser();
		await signIn(browsers[role].context, server.url, email);
	}
});

afterAll(async () => {
	for (const b of Object.values(browsers)) await b?.close();
	await server?.stop();
});

async function open(browser: LaunchedBrowser, path: string) {
	const page = await browser.context.newPage();
	// Charts drawn without animation, so that screenshots show them as they end up.
	await page.emulateMedia({ reducedMotion: 'reduce' });
	const errors = collectPageErrors(page);
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status()).toBe(200);
	await page.waitForSelector('header[data-hydrated]');
	return { page, errors };
}

const screenshot = saveScreenshot;

/** The area breakdown as data: each row's area and its quarter's figure. */
async function areaFigures(page: Page): Promise<Record<string, string>> {
	const rows = page.locator('section[aria-labelledby="areas-heading"] tbody tr');
	const out: Record<string, string> = {};
	for (const row of await rows.all()) {
		const link = row.locator('th a');
		const name = (await ((await link.count()) ? link : row.locator('th')).innerText()).trim();
		out[name] = (await row.locator('td').first().innerText()).split('\n')[0]!.trim();
	}
	return out;
}

/** The summary's key figures: each label with its figure. */
async function keyFigures(page: Page): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const figure of await page.locator('.key-figures > div').all())
		out[(await figure.locator('dt').innerText()).trim()] = (await figure.locator('dd').innerText())
			.split('\n')[0]!
			.trim();
	return out;
}

async function waitForChart(page: Page) {
	await page.waitForFunction(() => {
		const canvas = document.querySelector('canvas');
		const ctx = canvas?.getContext('2d');
		if (!canvas || !ctx || canvas.width === 0) return false;
		const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
		for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
		return false;
	});
}

describe('the metric page', () => {
	it('shows the coordinator every figure, by area and partner, with where each came from', async () => {
		const { page, errors } = await open(browsers.coordinator, `/metrics/p1-01${smallQuery}`);
		expect(await page.locator('h1').innerText()).toContain('Adults entering MSVCC support');
		await waitForChart(page);
		for (const section of ['history', 'areas', 'partners', 'lineage'])
			expect(
				await page.locator(`section[aria-labelledby="${section}-heading"]`).innerText()
			).not.toContain('[c]');

		// Every quarter from the start of the strategy to the chosen one, in the table by the chart.
		const history = page.locator(
			'section[aria-labelledby="history-heading"] tbody tr:not(.forecast-row)'
		);
		expect(await history.count()).toBe(periods.findIndex((p) => isSamePeriod(p, small.period)) + 1);
		expect(await history.first().locator('th').innerText()).toBe(formatPeriodLabel(small.period));
		// Then the rest of the financial year at the current run rate, above them, marked as forecast.
		const forecast = page.locator('section[aria-labelledby="history-heading"] tr.forecast-row');
		expect(await forecast.count()).toBe(4 - small.period.quarter);
		if (small.period.quarter < 4)
			expect(await forecast.last().locator('th').innerText()).toBe(
				`${formatPeriodLabel(addQuarters(small.period, 1))} (forecast)`
			);

		const areas = await areaFigures(page);
		expect(Object.keys(areas)).toEqual([
			'Kingston upon Hull',
			'East Riding of Yorkshire',
			'North East Lincolnshire',
			'North Lincolnshire',
			'Humber'
		]);
		expect(areas[areaName.get(small.area)!]).toBe(String(small.value));

		// The Humber's figure (the Salvation Army's four areas) per 10,000 of its 941,500 residents,
		// and its 2023-24 baseline.
		const humber = saFigures
			.filter((f) => isSamePeriod(f.period, small.period))
			.reduce((total, f) => total + f.value, 0);
		const summary = await keyFigures(page);
		expect(summary[`${formatPeriodLabel(small.period)} per 10,000 residents`]).toBe(
			formatRatePer10000((humber * 10_000) / 941_500, false)
		);
		expect(summary['Baseline 2023-24']).toBe('60');

		// The Salvation Army reports P1.01 for each council area.
		const partners = page.locator('section[aria-labelledby="partners-heading"] tbody tr');
		expect(await partners.count()).toBe(4);
		const saRow = partners.filter({ hasText: areaName.get(small.area)! });
		expect(await saRow.locator('td.num').innerText()).toBe(String(small.value));

		const lineage = page.locator('section[aria-labelledby="lineage-heading"]');
		expect(await lineage.locator('tbody tr').count()).toBe(4);
		const first = lineage.locator('tbody tr').first();
		expect(await first.innerText()).toMatch(/demo data: demo-sa-.*\.csv, row \d+/);
		expect(await first.locator('th a').getAttribute('href')).toBe(
			`/submissions/sa/${formatPeriodSlug(small.period)}`
		);

		expect(await page.locator('section[aria-labelledby="definition-heading"]').innerText()).toMatch(
			/Counting rule[\s\S]*Lead partner\s+The Salvation Army/
		);
		await screenshot(page, 'metric-coordinator');
		await expectNoAxeViolations(page, 'metric page, coordinator');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows the funder partners’ figures with small ones as [c], and no lineage', async () => {
		const { page, errors } = await open(browsers.funder, `/metrics/p1-01${smallQuery}`);
		await waitForChart(page);
		const areas = await areaFigures(page);
		expect(areas[areaName.get(small.area)!]).toBe('[c]');
		const saRow = page
			.locator('section[aria-labelledby="partners-heading"] tbody tr')
			.filter({ hasText: areaName.get(small.area)! });
		expect(await saRow.locator('td.num').innerText()).toBe('[c]');
		expect(await page.locator('.notice').innerText()).toContain('values of 1 to 4 are not shown');
		expect(await page.locator('section[aria-labelledby="lineage-heading"]').count()).toBe(0);
		// The chart leaves the hidden quarter as a gap, and says so.
		const { page: inArea } = await open(
			browsers.funder,
			`/metrics/p1-01?period=${formatPeriodSlug(small.period)}&area=${small.area}`
		);
		const firstRow = inArea.locator('section[aria-labelledby="history-heading"] tbody tr').first();
		expect(await firstRow.locator('td').first().innerText()).toBe('[c]');
		// Its rate per 10,000 residents would give it away: hidden with it.
		const summary = await keyFigures(inArea);
		expect(summary[formatPeriodLabel(small.period)]).toBe('[c]');
		expect(summary[`${formatPeriodLabel(small.period)} per 10,000 residents`]).toBe('[c]');
		// The partnership's baseline is not this council area's.
		expect(summary['Baseline 2023-24']).toBeUndefined();
		// An area whose every figure is hidden has no chart to draw, and says so instead.
		const history = await inArea.locator('section[aria-labelledby="history-heading"]').innerText();
		expect(history).toMatch(/left as gaps in the chart|every quarter’s figure is hidden/);
		if (await inArea.locator('[role="img"]').count())
			expect(await inArea.locator('[role="img"]').getAttribute('aria-label')).toContain(
				`${formatPeriodLabel(small.period)} [c]`
			);
		await screenshot(inArea, 'metric-funder-area');
		await expectNoAxeViolations(inArea, 'metric page, funder, one area');
		await inArea.close();

		await screenshot(page, 'metric-funder');
		await expectNoAxeViolations(page, 'metric page, funder');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows a board member the areas but no partner’s figures', async () => {
		const { page, errors } = await open(browsers.viewer, `/metrics/p1-01${smallQuery}`);
		await waitForChart(page);
		expect((await areaFigures(page))[areaName.get(small.area)!]).toBe('[c]');
		expect(await page.locator('section[aria-labelledby="partners-heading"]').count()).toBe(0);
		expect(await page.locator('section[aria-labelledby="lineage-heading"]').count()).toBe(0);
		await screenshot(page, 'metric-viewer');
		await expectNoAxeViolations(page, 'metric page, viewer');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows a partner the lineage of its own figures only', async () => {
		const previous = periods[periods.length - 2]!;
		const { page, errors } = await open(
			browsers.partner,
			`/metrics/p4-03?period=${formatPeriodSlug(previous)}`
		);
		expect(await page.locator('section[aria-labelledby="partners-heading"]').count()).toBe(0);
		const lineage = page.locator('section[aria-labelledby="lineage-heading"]');
		expect(await lineage.innerText()).toContain('Your organisation’s figures');
		const partnerCells = await lineage.locator('tbody th').allInnerTexts();
		expect(partnerCells.length).toBeGreaterThan(0);
		expect(partnerCells.every((name) => name.startsWith('Humberside Police'))).toBe(true);
		await screenshot(page, 'metric-partner');
		await expectNoAxeViolations(page, 'metric page, partner');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('is linked from the overview and the priority page, at one address per metric', async () => {
		const { page, errors } = await open(browsers.viewer, `/priorities/1${smallQuery}`);
		await Promise.all([
			page.waitForURL(/\/metrics\/p1-03\?period=.*&area=HUMBER$/),
			page.click('h2 a:has-text("P1.03")')
		]);
		expect(await page.locator('h1').innerText()).toContain('Positive reasonable-grounds');
		await page.goto(`${server.url}/`);
		await Promise.all([
			page.waitForURL(/\/metrics\/p2-01\?/),
			page.click('table a:has-text("P2.01")')
		]);
		// The code as people write it lands on the one address, keeping the quarter and area.
		const response = await page.goto(`${server.url}/metrics/P1.03?area=HULL`);
		expect(response?.status()).toBe(200);
		expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
			'/metrics/p1-03?area=HULL'
		);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('says plainly when there is no such metric', async () => {
		const page = await browsers.viewer.context.newPage();
		const unknown = await page.goto(`${server.url}/metrics/p9-99`);
		expect(unknown?.status()).toBe(404);
		expect(await page.locator('main').innerText()).toContain('There is no metric "P9.99"');
		const slip = await page.goto(`${server.url}/metrics/P1.3`);
		expect(slip?.status()).toBe(404);
		expect(await page.locator('main').innerText()).toContain('Did you mean P1.03?');
		await screenshot(page, 'metric-not-found');
		await expectNoAxeViolations(page, 'metric not found');
		await page.close();
	});

	it('traces a corrected figure to both uploads, the newest first', async () => {
		const slug = formatPeriodSlug(latest);
		const page = await browsers.coordinator.context.newPage();
		const errors = collectPageErrors(page);
		for (const [name, value] of [
			['sa-first.csv', 7],
			['sa-corrected.csv', 9]
		] as const) {
			const response = await page.request.post(
				`${server.url}/api/v1/imports?dryRun=false&partner=SA&period=${slug}`,
				{
					headers: { origin: server.url },
					multipart: {
						file: {
							name,
							mimeType: 'text/csv',
							buffer: Buffer.from(
								`metric_code,area,value,comment\r\nP1.01,HULL,${value},Recount\r\n`
							)
						}
					}
				}
			);
			expect(response.status(), await response.text()).toBe(200);
		}
		await page.goto(`${server.url}/metrics/p1-01?period=${slug}&area=HULL`);
		await page.waitForSelector('header[data-hydrated]');
		const rows = page.locator('section[aria-labelledby="lineage-heading"] tbody tr');
		const texts = await rows.allInnerTexts();
		expect(texts[0]).toMatch(
			/Kingston upon Hull\s+9\s.*coordinator@example\.org, API import: sa-corrected\.csv, row 2/s
		);
		expect(texts[1]).toMatch(/^earlier value:\s*7\s.*sa-first\.csv, row 2/s);
		const file = rows.first().locator('a[download]');
		expect(await file.getAttribute('href')).toMatch(/^\/submissions\/uploads\/\d+$/);
		expect(
			await page.locator('section[aria-labelledby="lineage-heading"] s').first().innerText()
		).toBe('7');
		await screenshot(page, 'metric-lineage');
		await expectNoAxeViolations(page, 'metric page, corrected figure');
		expect(errors).toEqual([]);
		await page.close();
	});
});
