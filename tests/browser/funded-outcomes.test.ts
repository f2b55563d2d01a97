import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { reportablePeriods } from '../../src/core/dashboard';
import { formatPeriodSlug } from '../../src/core/periods';
import { readFrameworkFixture } from '../../src/db/seed';
import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { HUMBER_FIXTURES } from '../helpers/build-app';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/** The funder's funded-outcomes view and download, on the demo data the server seeds. */
let server: RunningServer;
let funder: LaunchedBrowser;
let partner: LaunchedBrowser;
let coordinator: LaunchedBrowser;

const fixture = readFrameworkFixture(HUMBER_FIXTURES);
const periods = reportablePeriods(fixture.strategy.startsOn, new Date());
// A quarter before the latest, so the test does not only ever look at the default.
const chosen = periods[periods.length - 2]!;
const slug = formatPeriodSlug(chosen);

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	funder = await launchBrowser();
	await signIn(funder.context, server.url, 'funder@example.org');
	partner = await launchBrowser();
	await signIn(partner.context, server.url, 'police@example.org');
	coordinator = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
});

afterAll(async () => {
	await funder?.close();
	await partner?.close();
	await coordinator?.close();
	await server?.stop();
});

const open = (browser: LaunchedBrowser, path: string) => openPage(browser, `${server.url}${path}`);

const screenshot = saveScreenshot;

interface ProgressBody {
	priorities: { metrics: { code: string; status: string }[] }[];
}

describe('funded outcomes', () => {
	it('shows the funder each stream and its metrics, with the statuses /api/v1/progress gives', async () => {
		const { page, errors } = await open(funder, `/funded-outcomes?period=${slug}`);
		await expect(page.getByRole('link', { name: 'Funded outcomes' }).count()).resolves.toBe(1);

		const headings = await page.locator('section.stream h2').allTextContents();
		// In the framework's order (by stream code), which need not be the fixture's.
		expect(headings.map((h) => h.trim()).sort()).toEqual(
			fixture.fundingStreams.map((s) => s.name).sort()
		);

		const shown = await page.evaluate(() =>
			[...document.querySelectorAll('section.stream')].map((section) => ({
				stream: section.querySelector('h2')!.textContent!.trim(),
				metrics: [...section.querySelectorAll('article.metric')].map((a) => ({
					code: a.getAttribute('data-metric')!,
					status: a.getAttribute('data-status')!,
					tag: a.querySelector('.status')!.textContent!.trim()
				}))
			}))
		);
		const progress = (await (
			await page.request.get(`${server.url}/api/v1/progress?period=${slug}`)
		).json()) as ProgressBody;
		const statusOf = new Map(
			progress.priorities.flatMap((p) => p.metrics.map((m) => [m.code, m.status]))
		);
		for (const stream of fixture.fundingStreams) {
			const section = shown.find((s) => s.stream === stream.name)!;
			expect(section.metrics.map((m) => m.code).sort()).toEqual([...stream.metrics].sort());
			for (const m of section.metrics) {
				expect(m.status, m.code).toBe(statusOf.get(m.code));
				expect(m.tag.length).toBeGreaterThan(0);
			}
		}
		expect(shown.flatMap((s) => s.metrics).length).toBeGreaterThan(0);

		await expectNoAxeViolations(page);
		await screenshot(page, 'funded-outcomes-funder');
		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('.site-nav').isVisible()).resolves.toBe(false);
		await screenshot(page, 'funded-outcomes-print');
		// Each stream starts a new A4 page, so the paper has at least one page per stream.
		const pdf = await page.pdf({ format: 'A4', path: 'test-results/funded-outcomes.pdf' });
		const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
		expect(pages.length).toBeGreaterThanOrEqual(fixture.fundingStreams.length);
		expect(errors).toEqual([]);
	});

	it('gives under each stream what the coordinator said about its priorities that quarter', async () => {
		const writing = await open(coordinator, `/priorities/3?period=${slug}`);
		await writing.page.fill('#commentary', 'Campaign reach held up.\n\n- Two new partners');
		await writing.page.click('text=Save commentary');
		await writing.page.waitForSelector('text=The commentary is saved');
		await writing.page.close();

		const { page, errors } = await open(funder, `/funded-outcomes?period=${slug}`);
		// P3.05 "Awareness campaign reach" evidences the public awareness campaign.
		const stream = page.locator('section.stream', {
			has: page.locator('[data-metric="P3.05"]')
		});
		await expect(stream.locator('.said').innerText()).resolves.toMatch(
			/Priority 3: .*\n[\s\S]*Campaign reach held up\.[\s\S]*Two new partners/
		);
		await expectNoAxeViolations(page, 'funded outcomes with commentary');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('is not offered to a partner, and refuses one who types its address', async () => {
		const { page } = await open(partner, '/');
		await expect(page.getByRole('link', { name: 'Funded outcomes' }).count()).resolves.toBe(0);
		const response = await page.goto(`${server.url}/funded-outcomes`);
		expect(response?.status()).toBe(403);
	});

	it('gives the funder a download of every partner’s figures from the completeness page, small sensitive ones as [c]', async () => {
		const { page, errors } = await open(funder, `/completeness?period=${slug}`);
		const link = page.getByRole('link', { name: /figures \(CSV\)/ }).first();
		const href = await link.getAttribute('href');
		expect(href).toBe(`/api/v1/export.csv?period=${slug}`);
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		expect(download.suggestedFilename()).toBe(`strategy-tracker-values-${slug}.csv`);
		const rows = Papa.parse<{ partner_code: string; value: string }>(
			readFileSync((await download.path())!, 'utf8').slice(1),
			{ header: true, skipEmptyLines: true }
		).data;
		expect(new Set(rows.map((r) => r.partner_code)).size).toBeGreaterThan(1);
		expect(rows.some((r) => r.value === '[c]')).toBe(true);
		await expectNoAxeViolations(page);
		await screenshot(page, 'completeness-export-link');
		expect(errors).toEqual([]);
	});

	it('gives a partner its own figures only from its submissions page', async () => {
		const { page, errors } = await open(partner, '/submissions');
		const href = await page
			.getByRole('link', { name: 'Every quarter’s figures (CSV)' })
			.getAttribute('href');
		const response = await page.request.get(`${server.url}${href}`);
		expect(response.status()).toBe(200);
		const rows = Papa.parse<{ partner_code: string }>((await response.text()).slice(1), {
			header: true,
			skipEmptyLines: true
		}).data;
		expect(rows.length).toBeGreaterThan(0);
		expect(new Set(rows.map((r) => r.partner_code))).toEqual(new Set(['HP']));
		await expectNoAxeViolations(page);
		await screenshot(page, 'submissions-export-link');
		expect(errors).toEqual([]);
	});
});
