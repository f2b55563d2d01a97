import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { reportablePeriods } from '../../src/core/dashboard';
import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '../../src/core/periods';
import { readFrameworkFixture } from '../../src/db/seed';
import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { HUMBER_FIXTURES } from '../helpers/build-app';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * The board report on the demo data: the coordinator writes commentary, opens the report, prints
 * it to PDF with Chromium and issues it; the PDF's pages and words are read back with unpdf. The
 * funder and a board member read it too, every page checked with axe.
 */
let server: RunningServer;
let coordinator: LaunchedBrowser;
let funder: LaunchedBrowser;
let board: LaunchedBrowser;
/** The issued copy's address, once the coordinator has issued the report. */
let issuedPath = '';

const fixture = readFrameworkFixture(HUMBER_FIXTURES);
const periods = reportablePeriods(fixture.strategy.startsOn, new Date());
const latest = periods[periods.length - 1]!;
const slug = formatPeriodSlug(latest);
const COMMENTARY =
	'Referrals held up this quarter.\n\n- Chase the late returns\n- Review <b>targets</b>';

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	coordinator = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
	funder = await launchBrowser();
	await signIn(funder.context, server.url, 'funder@example.org');
	board = await launchBrowser();
	await signIn(board.context, server.url, 'board@example.org');
});

afterAll(async () => {
	await coordinator?.close();
	await funder?.close();
	await board?.close();
	await server?.stop();
});

const open = (browser: LaunchedBrowser, path: string) => openPage(browser, `${server.url}${path}`);

const screenshot = saveScreenshot;

/** Every chart drawn, so the print has no blank canvases. */
async function waitForCharts(page: Page) {
	await page.waitForFunction(() => {
		const charts = document.querySelectorAll('.chart-figure');
		return charts.length > 0 && [...charts].every((c) => c.hasAttribute('data-drawn'));
	});
}

describe('board report', () => {
	it('lists every quarter, newest first, for the coordinator', async () => {
		const { page, errors } = await open(coordinator, '/reports');
		const first = await page.locator('tbody th a').first().textContent();
		expect(first?.trim()).toBe(formatPeriodProse(latest));
		await expectNoAxeViolations(page, 'reports list');
		await screenshot(page, 'board-report-list');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('saves the coordinator’s commentary and shows it as text, with its history', async () => {
		const { page, errors } = await open(coordinator, `/priorities/1?period=${slug}`);
		await page.fill('#commentary', 'A first draft.');
		await Promise.all([page.waitForLoadState('load'), page.click('text=Save commentary')]);
		await page.waitForSelector('text=The commentary is saved');
		await page.fill('#commentary', COMMENTARY);
		await page.click('text=Save commentary');
		await page.waitForSelector('.commentary-text li:has-text("Review <b>targets</b>")');
		expect(await page.locator('.commentary-text b').count()).toBe(0);
		expect(await page.locator('details:has-text("Earlier versions (1)")').count()).toBe(1);
		await expectNoAxeViolations(page, 'priority page with commentary');
		await screenshot(page, 'board-report-commentary');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('refuses an empty commentary with an error summary', async () => {
		const { page } = await open(coordinator, `/priorities/2?period=${slug}`);
		await page.fill('#commentary', '   ');
		await page.click('text=Save commentary');
		await page.waitForSelector('.error-summary');
		expect(await page.title()).toMatch(/^Error: /);
		await expectNoAxeViolations(page, 'commentary error');
		await page.close();
	});

	it('prints to A4 PDF: a cover, one page break per priority, page numbers and the appendix', async () => {
		const { page, errors } = await open(coordinator, `/reports/${slug}`);
		await waitForCharts(page);
		await expectNoAxeViolations(page, 'board report');
		await screenshot(page, 'board-report');
		const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
		await page.emulateMedia({ media: 'print' });
		await screenshot(page, 'board-report-print-media');
		mkdirSync('test-results', { recursive: true });
		writeFileSync('test-results/board-report.pdf', pdf);

		const document = await getDocumentProxy(new Uint8Array(pdf));
		const { totalPages, text } = await extractText(document, { mergePages: false });
		const pages = text.map((t) => t.replace(/\s+/g, ' '));
		// Cover, summary, table, six priorities, exceptions, appendix: at least one page each.
		expect(totalPages).toBeGreaterThanOrEqual(11);
		expect(pages[0]).toContain('Humber Modern Slavery Partnership');
		expect(pages[0]).toContain(`Board report: ${formatPeriodProse(latest)}`);
		pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${totalPages}`));
		const startOf = (words: string) => pages.findIndex((p) => p.includes(words));
		const priorityStarts = fixture.priorities.map((p) =>
			startOf(`Priority ${p.number} · ${formatPeriodLabel(latest)}`)
		);
		// Each priority starts its own page, in order, after the summary and before the appendix.
		expect(priorityStarts.every((start) => start > 0)).toBe(true);
		expect(new Set(priorityStarts).size).toBe(fixture.priorities.length);
		expect([...priorityStarts].sort((a, b) => a - b)).toEqual(priorityStarts);
		expect(startOf(`Data appendix: ${formatPeriodLabel(latest)}`)).toBeGreaterThan(
			priorityStarts[priorityStarts.length - 1]!
		);
		expect(pages[priorityStarts[0]!]).toContain('Referrals held up this quarter.');
		expect(pages.join(' ')).not.toContain('Sign out');
		// Each chart is drawn into the PDF as an image (Chromium adds a soft mask beside each one).
		const images =
			Buffer.from(pdf)
				.toString('latin1')
				.match(/\/Subtype \/Image/g) ?? [];
		expect(images.length).toBeGreaterThanOrEqual(fixture.metrics.length);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('issues the report once the disclosure check has passed, and reopens the issued copy', async () => {
		const { page, errors } = await open(coordinator, `/reports/${slug}`);
		expect(await page.locator('.disclosure-check').textContent()).toContain(
			'Disclosure check: passed.'
		);
		await Promise.all([
			page.waitForURL(/\/issued\/\d+$/),
			page.click('text=Issue this report to the board')
		]);
		await page.waitForSelector('header[data-hydrated]');
		await waitForCharts(page);
		const state = (await page.locator('.report-cover__state').textContent())!.replace(/\s+/g, ' ');
		expect(state).toContain('Issued on');
		expect(state).toContain('the disclosure check passed when it was issued');
		issuedPath = new URL(page.url()).pathname;
		await expectNoAxeViolations(page, 'issued report');
		await screenshot(page, 'board-report-issued');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows a figure revised after issue as revised, and leaves the issued copy as it was', async () => {
		const quarterCell = (page: Page) =>
			page.locator('#rag-table tr:has(th:has-text("P2.06")) td').first().textContent();
		const before = await open(coordinator, issuedPath);
		const issuedText = (await quarterCell(before.page))!.trim();
		const issued = Number(issuedText.replace(/[^0-9.]/g, ''));
		const revised = issued + 3;
		const response = await before.page.request.post(`${server.url}/api/v1/imports?dryRun=false`, {
			headers: { 'content-type': 'text/csv', origin: server.url },
			data: `metric_code,partner_code,period,area,value,comment\nP2.06,CPS,${formatPeriodLabel(latest)},HUMBER,${revised},Late return from the CPS\n`
		});
		expect(response.status()).toBe(200);

		await before.page.reload();
		expect((await quarterCell(before.page))!.trim()).toBe(issuedText);
		await before.page.close();

		const metric = await open(coordinator, `/metrics/p2-06?period=${slug}`);
		const notice = await metric.page.locator('section:has(#restatements-heading)').textContent();
		expect(notice).toContain(
			`Reported to the board as ${issued} for ${formatPeriodLabel(latest)}, revised to ${revised} on`
		);
		expect(notice).toContain('Late return from the CPS');
		await expectNoAxeViolations(metric.page, 'metric page with a restatement');
		await screenshot(metric.page, 'board-report-restated-metric');
		// The coordinator's working view shows true small figures: on paper, every page says so.
		const printed = await metric.page.pdf({ preferCSSPageSize: true });
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(printed)), {
			mergePages: false
		});
		for (const pageText of text) expect(pageText).toContain('not for circulation');
		expect(metric.errors).toEqual([]);
		await metric.page.close();
	});

	it('refuses to let the funder issue a report', async () => {
		const page = await funder.context.newPage();
		const response = await page.request.post(`${server.url}/reports/${slug}?/issue`, {
			headers: { origin: server.url },
			form: {}
		});
		expect(response.status()).toBe(403);
		await page.close();
	});

	it('shows the funder and a board member the same report as the coordinator, naming no late partner', async () => {
		const forFunder = await open(funder, `/reports/${slug}`);
		await waitForCharts(forFunder.page);
		await expectNoAxeViolations(forFunder.page, 'funder board report');
		expect(await forFunder.page.locator('text=Issue this report').count()).toBe(0);
		expect(await forFunder.page.locator('.disclosure-check').count()).toBe(0);
		const funderExceptions = await forFunder.page.locator('#exceptions').textContent();
		for (const partner of fixture.partners) expect(funderExceptions).not.toContain(partner.name);
		await forFunder.page.close();

		const forBoard = await open(board, `/reports/${slug}`);
		await waitForCharts(forBoard.page);
		await expectNoAxeViolations(forBoard.page, 'board member board report');
		const exceptions = await forBoard.page.locator('#exceptions').textContent();
		for (const partner of fixture.partners) expect(exceptions).not.toContain(partner.name);
		await screenshot(forBoard.page, 'board-report-viewer');
		expect(forBoard.errors).toEqual([]);
		await forBoard.page.close();
	});
});
