/**
 * Sensitive figures (SPEC §6) on the pages: the funder sees `[c]` where the coordinator sees a
 * small count. The demo figures are deterministic: for 2024-25 Q1, P1.01 "Adults entering MSVCC
 * support" (sensitive) is 4 in Kingston upon Hull and 14 across the Humber.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { openPage } from '../helpers/browser-page';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

let server: RunningServer;
let coordinator: LaunchedBrowser;
let funder: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	coordinator = await launchBrowser();
	funder = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
	await signIn(funder.context, server.url, 'funder@example.org');
});

afterAll(async () => {
	await coordinator?.close();
	await funder?.close();
	await server?.stop();
});

const HULL_Q1 = '?period=2024-25-q1&area=HULL';

const open = (browser: LaunchedBrowser, path: string) => openPage(browser, `${server.url}${path}`);

/** What the priority page shows for P1.01: the quarter's key figure and its row in the table. */
async function p101OnPriorityPage(page: Page) {
	const section = page.locator('section.metric', { has: page.locator('h2', { hasText: 'P1.01' }) });
	const quarter = (
		await section.locator('.key-figures div').first().locator('dd').innerText()
	).trim();
	const row = section.locator('table tbody tr', {
		has: page.locator('th', { hasText: '2024-25 Q1' })
	});
	const cell = (await row.locator('td').first().innerText()).trim();
	const chartLabel = (await section.locator('[role="img"]').getAttribute('aria-label')) ?? '';
	const notes = await section.locator('p.hint').allInnerTexts();
	return {
		quarter,
		cell,
		chartLabel,
		notes,
		status: await section.locator('p').first().innerText()
	};
}

describe('sensitive figures', () => {
	it('shows the coordinator the small count on the priority page', async () => {
		const { page, errors } = await open(coordinator, `/priorities/1${HULL_Q1}`);
		const p101 = await p101OnPriorityPage(page);
		expect(p101.quarter).toBe('4');
		expect(p101.cell).toBe('4');
		expect(p101.chartLabel).toContain('2024-25 Q1 4');
		expect(p101.notes.join(' ')).not.toContain('[c]');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows the funder [c] in its place, in the figures, the table, the chart and its note', async () => {
		const { page, errors } = await open(funder, `/priorities/1${HULL_Q1}`);
		const p101 = await p101OnPriorityPage(page);
		expect(p101.quarter).toBe('[c]');
		expect(p101.cell).toBe('[c]');
		expect(p101.chartLabel).toContain('2024-25 Q1 [c]');
		expect(p101.chartLabel).not.toContain('2024-25 Q1 4');
		// The year to date is the same 4, hidden in the status sentence too.
		expect(p101.status).toMatch(/\[c\] so far this year/);
		expect(p101.notes.join(' ')).toContain(
			'[c] values of 1 to 4 are not shown to protect individuals'
		);
		await expectNoAxeViolations(page, 'priority 1, Hull, as the funder');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('hides the same figure on the overview, but not the partnership figure', async () => {
		const row = (page: Page) =>
			page.locator('table tbody tr', { has: page.locator('th', { hasText: 'P1.01' }) });

		const asCoordinator = await open(coordinator, `/${HULL_Q1}`);
		expect((await row(asCoordinator.page).locator('td').first().innerText()).trim()).toBe('4');
		await asCoordinator.page.close();

		const asFunder = await open(funder, `/${HULL_Q1}`);
		expect((await row(asFunder.page).locator('td').first().innerText()).trim()).toBe('[c]');
		expect(await asFunder.page.locator('main').innerText()).toContain(
			'[c] values of 1 to 4 are not shown to protect individuals'
		);
		await expectNoAxeViolations(asFunder.page, 'overview, Hull, as the funder');
		expect(asFunder.errors).toEqual([]);
		await asFunder.page.close();

		const humber = await open(funder, '/?period=2024-25-q1&area=HUMBER');
		expect((await row(humber.page).locator('td').first().innerText()).trim()).toBe('14');
		await humber.page.close();
	});

	it('breaks P1.01 down by area on the priority page, and by partner on the page it links to, hidden alike', async () => {
		const breakdown = async (browser: LaunchedBrowser, name: string) => {
			const { page, errors } = await open(browser, `/priorities/1${HULL_Q1}`);
			const section = page.locator('section.metric', {
				has: page.locator('h2', { hasText: 'P1.01' })
			});
			await section.locator('details.breakdown summary').click();
			const areaRow = section.locator('details.breakdown table tbody tr', {
				has: page.locator('th', { hasText: 'Kingston upon Hull' })
			});
			const hull = (await areaRow.locator('td.num').first().innerText()).trim().split('\n')[0];
			// One table per metric, not one per partner and metric: the partners are a link away.
			expect(await section.locator('details.breakdown table').count()).toBe(1);
			await section.screenshot({ path: `test-results/priority-breakdown-${name}.png` });
			await expectNoAxeViolations(page, 'priority 1 breakdown');
			await section.getByRole('link', { name: 'P1.01 by partner, Kingston upon Hull' }).click();
			await page.waitForURL(/\/metrics\/p1-01\?period=2024-25-q1&area=HULL#partners-heading$/);
			const partners = await page
				.locator('section', { has: page.locator('#partners-heading') })
				.locator('tbody td.num')
				.allInnerTexts();
			expect(errors).toEqual([]);
			await page.close();
			return { hull, partners: partners.map((c) => c.trim()) };
		};
		// The Salvation Army reports P1.01 in Hull alone here: its figure is the area's.
		expect(await breakdown(coordinator, 'coordinator')).toEqual({ hull: '4', partners: ['4'] });
		expect(await breakdown(funder, 'funder')).toEqual({ hull: '[c]', partners: ['[c]'] });
	});

	it('never sends the hidden figure to the funder’s browser', async () => {
		// The page data as server rendering embeds it for hydration, from P1.01 to P1.02.
		const p101Data = async (browser: LaunchedBrowser) => {
			const { page } = await open(browser, `/priorities/1${HULL_Q1}`);
			const html = await page.content();
			await page.close();
			const start = html.indexOf('code:"P1.01"');
			expect(start).toBeGreaterThan(-1);
			return html.slice(start, html.indexOf('code:"P1.02"', start));
		};
		const asCoordinator = await p101Data(coordinator);
		expect(asCoordinator).toContain('quarter:4,quarterSuppressed:false');
		expect(asCoordinator).toContain('{label:"2024-25 Q1",actual:4,suppressed:false');
		const asFunder = await p101Data(funder);
		expect(asFunder).toContain('quarter:null,quarterSuppressed:true');
		expect(asFunder).toContain('yearToDate:null,yearToDateSuppressed:true');
		expect(asFunder).toContain('{label:"2024-25 Q1",actual:null,suppressed:true');
	});
});
