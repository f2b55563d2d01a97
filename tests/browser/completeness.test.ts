import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deadlineCutoff } from '../../src/core/completeness';
import { reportablePeriods } from '../../src/core/dashboard';
import { generateDemoData } from '../../src/core/demo-figures';
import { formatPeriodLabel, formatPeriodSlug } from '../../src/core/periods';
import { readFrameworkFixture } from '../../src/db/seed';
import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { HUMBER_FIXTURES } from '../helpers/build-app';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * The completeness view on the demo data, which the server seeds with today's date: the demo
 * generator is asked, with the same date, which partners it left out of the latest quarter, and
 * the grid must name exactly those.
 */
let server: RunningServer;
let coordinator: LaunchedBrowser;
let funder: LaunchedBrowser;

const fixture = readFrameworkFixture(HUMBER_FIXTURES);
const today = new Date();
const periods = reportablePeriods(fixture.strategy.startsOn, today);
const latest = periods[periods.length - 1]!;
const demo = generateDemoData(fixture, periods, today);
const nameOf = new Map(fixture.partners.map((p) => [p.code, p.name]));
const missingNames = demo.missing.map((m) => nameOf.get(m.partner)!).sort();
// Just after a quarter ends its deadline has not passed, and nothing sent is "not yet due".
const latestDue = today.getTime() >= deadlineCutoff(latest).cutoff;
const latestWord = latestDue ? 'Missing' : 'Not yet due';

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	coordinator = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
	funder = await launchBrowser();
	await signIn(funder.context, server.url, 'funder@example.org');
});

afterAll(async () => {
	await coordinator?.close();
	await funder?.close();
	await server?.stop();
});

const open = (browser: LaunchedBrowser, path: string) => openPage(browser, `${server.url}${path}`);

const screenshot = saveScreenshot;

interface GridRow {
	name: string;
	sector: string;
	area: string;
	cells: { tag: string; late: boolean; href: string | null }[];
}

/** The grid as data: each row's partner, and each cell's word, late flag and link. */
async function readGrid(page: Page): Promise<{ quarters: string[]; rows: GridRow[] }> {
	return page.evaluate(() => {
		const table = document.querySelector('table.grid')!;
		const quarters = [...table.querySelectorAll('thead th.quarter')].map((th) =>
			th.textContent!.trim()
		);
		const rows = [...table.querySelectorAll('tbody tr')].map((tr) => {
			const [sector, area] = [...tr.querySelectorAll('td:not(.cell)')].map((td) =>
				td.textContent!.trim()
			);
			return {
				name: tr.querySelector('th')!.textContent!.trim(),
				sector: sector!,
				area: area!,
				cells: [...tr.querySelectorAll('td.cell')].map((td) => ({
					tag: td.querySelector('.ctag')!.textContent!.trim(),
					late: td.querySelector('.late-flag') !== null,
					href: td.querySelector('a')?.getAttribute('href') ?? null
				}))
			};
		});
		return { quarters, rows };
	});
}

describe('the completeness view for the coordinator', () => {
	it("shows the demo's state: the missing partners first, one returned, earlier quarters approved", async () => {
		const { page, errors } = await open(coordinator, '/completeness');
		expect(await page.locator('h1').innerText()).toContain('Who has sent their return?');
		const { quarters, rows } = await readGrid(page);
		expect(quarters).toHaveLength(Math.min(6, periods.length));
		expect(quarters.at(-1)).toBe(formatPeriodLabel(latest));
		expect(rows).toHaveLength(fixture.partners.length);

		// Exactly the partners the demo generator left out, at the top of the grid.
		const last = quarters.length - 1;
		const notSent = rows.filter((r) => r.cells[last]!.tag === latestWord).map((r) => r.name);
		expect(notSent.sort()).toEqual(missingNames);
		if (latestDue) {
			expect(
				rows
					.slice(0, 4)
					.map((r) => r.name)
					.sort()
			).toEqual(missingNames);
			const chase = await page.locator('section.chase li').allInnerTexts();
			expect(chase.map((t) => t.trim()).sort()).toEqual(missingNames);
		}

		// One return sent back, with its reason beside it.
		expect(rows.filter((r) => r.cells[last]!.tag === 'Returned')).toHaveLength(1);
		expect(await page.locator('ul.returned').innerText()).toContain('training figure');

		// Every earlier quarter approved, about one return in twelve of them first sent late.
		const earlier = rows.flatMap((r) => r.cells.slice(0, last));
		expect(earlier.every((c) => c.tag === 'Approved')).toBe(true);
		const lateShare = earlier.filter((c) => c.late).length / earlier.length;
		expect(lateShare).toBeGreaterThan(0.02);
		expect(lateShare).toBeLessThan(0.2);

		// Each cell opens that partner's submission for the quarter.
		const hcc = rows.find((r) => r.name === 'Hull City Council')!;
		expect(hcc.cells[last]!.href).toBe(`/submissions/hcc/${formatPeriodSlug(latest)}`);

		await screenshot(page, 'completeness');
		await expectNoAxeViolations(page, 'completeness');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('opens a partner’s submission from its cell', async () => {
		const { page, errors } = await open(coordinator, '/completeness');
		const cell = page.locator('table.grid tbody tr', { hasText: 'Hull City Council' });
		await Promise.all([
			page.waitForURL(/\/submissions\/hcc\/\d{4}-\d{2}-q\d$/),
			cell.locator('td.cell a').last().click()
		]);
		expect(await page.locator('h1').innerText()).toContain('Hull City Council');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('filters by area and sector, in the address', async () => {
		const { page, errors } = await open(coordinator, '/completeness');
		await page.selectOption('#area', 'HULL');
		await Promise.all([page.waitForURL(/area=HULL/), page.click('form.selector button')]);
		let { rows } = await readGrid(page);
		expect(rows.length).toBeGreaterThan(1);
		expect(rows.every((r) => r.area === 'Kingston upon Hull')).toBe(true);
		const hullNames = fixture.partners.filter((p) => p.area === 'HULL').map((p) => p.name);
		expect(rows.map((r) => r.name).sort()).toEqual(hullNames.sort());

		await page.selectOption('#sector', 'health');
		await Promise.all([page.waitForURL(/sector=health/), page.click('form.selector button')]);
		expect(page.url()).toMatch(/period=\d{4}-\d{2}-q\d&area=HULL&sector=health/);
		({ rows } = await readGrid(page));
		expect(rows.map((r) => r.name)).toEqual(['Hull University Teaching Hospitals NHS Trust']);
		expect(await page.locator('h1 .caption').innerText()).toBe('Kingston upon Hull, Health');
		// The counts describe the partners shown.
		expect(
			await page.locator('table.count-table tbody tr').first().locator('td.num').first().innerText()
		).toBe('1');
		await expectNoAxeViolations(page, 'completeness, Hull, health');

		// A filter that matches nobody says so, and how to get back.
		await page.goto(`${server.url}/completeness?area=NEL&sector=police`);
		expect(await page.locator('main .notice').innerText()).toContain(
			'No partner based in North East Lincolnshire in the police sector is expected to report.'
		);
		await expectNoAxeViolations(page, 'completeness, empty');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('answers an unknown sector or quarter with a 404 that names it', async () => {
		const page = await coordinator.context.newPage();
		const sector = await page.goto(`${server.url}/completeness?sector=pirates`);
		expect(sector?.status()).toBe(404);
		expect(await page.locator('main').innerText()).toContain('"pirates"');
		const quarter = await page.goto(`${server.url}/completeness?period=2031-32-q1`);
		expect(quarter?.status()).toBe(404);
		await expectNoAxeViolations(page, 'completeness 404');
		await page.close();
	});
});

describe('the completeness view for others', () => {
	it('shows the funder the grid, without links to submissions it may not open', async () => {
		const { page, errors } = await open(funder, '/completeness');
		expect(await page.locator('nav[aria-label=Main]').innerText()).toContain('Completeness');
		const { rows } = await readGrid(page);
		expect(rows).toHaveLength(fixture.partners.length);
		expect(rows.flatMap((r) => r.cells).every((c) => c.href === null)).toBe(true);
		const last = rows[0]!.cells.length - 1;
		const notSent = rows.filter((r) => r.cells[last]!.tag === latestWord).map((r) => r.name);
		expect(notSent.sort()).toEqual(missingNames);
		await expectNoAxeViolations(page, 'completeness for the funder');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('refuses a partner user with a 403, and offers no link to it', async () => {
		const partner = await launchBrowser();
		try {
			await signIn(partner.context, server.url, 'hull@example.org');
			const page = await partner.context.newPage();
			const response = await page.goto(`${server.url}/completeness`);
			expect(response?.status()).toBe(403);
			expect(await page.locator('main').innerText()).toContain('You do not have access');
			await expectNoAxeViolations(page, 'completeness 403');
			await page.goto(`${server.url}/`);
			await page.waitForSelector('header[data-hydrated]');
			expect(await page.locator('nav[aria-label=Main]').innerText()).not.toContain('Completeness');
			await page.close();
		} finally {
			await partner.close();
		}
	});
});
