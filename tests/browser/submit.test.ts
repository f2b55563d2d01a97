import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * A partner's data lead, tried as a new user would: template, fill in, upload, a truthful
 * preview, fix, commit, history, and the figure on the dashboard. Also form entry, the page
 * without JavaScript, and a submission link opened by someone with no account.
 */
let server: RunningServer;
let partner: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	partner = await launchBrowser();
	await signIn(partner.context, server.url, 'hull@example.org');
});

afterAll(async () => {
	await partner?.close();
	await server?.stop();
});

async function open(browser: LaunchedBrowser, path: string, hydrated = true) {
	const page = await browser.context.newPage();
	const errors = collectPageErrors(page);
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status()).toBe(200);
	if (hydrated) await page.waitForSelector('header[data-hydrated]');
	return { page, errors };
}

async function screenshot(page: Page, name: string) {
	mkdirSync('test-results', { recursive: true });
	await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

/** The template's row for a metric and area, with its value cell replaced. */
function fillValue(csv: string, metric: string, area: string, value: string): string {
	const lines = csv.split('\r\n');
	const i = lines.findIndex((l) => l.startsWith(`${metric},`) && l.includes(`,${area},`));
	expect(i, `template row for ${metric} ${area}`).toBeGreaterThan(0);
	const cells = lines[i]!.split(',');
	// metric_code, metric_name, unit, period, area, target, value, comment (names have no commas)
	cells[cells.length - 2] = value;
	lines[i] = cells.join(',');
	return lines.join('\r\n');
}

async function chooseFile(page: Page, name: string, content: string) {
	await page.setInputFiles('#file', {
		name,
		mimeType: 'text/csv',
		buffer: Buffer.from(content, 'utf8')
	});
}

describe('submitting figures as a partner', () => {
	let template = '';

	it('offers the quarter, its deadline and the template', async () => {
		const { page, errors } = await open(partner, '/submit');
		expect(await page.locator('h1').innerText()).toBe('Submit figures');
		expect(await page.locator('h2').first().innerText()).toContain('Hull City Council');
		expect(await page.locator('.summary-list').innerText()).toContain('Due by');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.click('text=Download the template')
		]);
		expect(download.suggestedFilename()).toMatch(/^template-hcc-\d{4}-\d{2}-q\d\.csv$/);
		template = readFileSync((await download.path())!, 'utf8');
		expect(
			template.startsWith('\uFEFFmetric_code,metric_name,unit,period,area,target,value,comment')
		).toBe(true);
		expect(template).toContain('P3.04,');
		await screenshot(page, 'submit');
		await expectNoAxeViolations(page, 'submit');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows every problem with its row, then what will change, then commits', async () => {
		const { page, errors } = await open(partner, '/submit');
		const bad = fillValue(fillValue(template, 'P3.04', 'HULL', '777'), 'P5.04', 'HULL', 'twelve');
		await chooseFile(page, 'hull-q2.csv', bad);
		await page.waitForSelector('.error-summary');
		// The browser checked the file itself before the server's word arrived.
		expect(await page.locator('[data-browser-check]').getAttribute('data-browser-check')).toBe(
			'done'
		);
		expect(await page.title()).toMatch(/^Error: /);
		const summary = await page.locator('.error-summary').innerText();
		expect(summary).toMatch(/Row \d+, value: "twelve" is not a number/);
		// Each message links to its row in the problems table.
		const href = await page.locator('.error-summary a').first().getAttribute('href');
		expect(await page.locator(href!).innerText()).toContain('twelve');
		expect(await page.locator('section[aria-labelledby=preview-title]').innerText()).toContain(
			'Nothing has been saved'
		);
		await screenshot(page, 'submit-errors');
		await expectNoAxeViolations(page, 'submit with errors');

		await chooseFile(page, 'hull-q2.csv', fillValue(bad, 'P5.04', 'HULL', '12'));
		await page.waitForSelector('text=Submit these figures');
		expect(await page.locator('.error-summary').count()).toBe(0);
		const changes = await page.locator('section[aria-labelledby=preview-title] table').innerText();
		expect(changes).toContain('P3.04');
		expect(changes).toContain('777');
		await screenshot(page, 'submit-preview');
		await expectNoAxeViolations(page, 'submit preview');

		await Promise.all([
			page.waitForURL(/\/submissions\/hcc\/\d{4}-\d{2}-q\d\?submitted=\d+/),
			page.click('text=Submit these figures')
		]);
		await page.waitForSelector('header[data-hydrated]');
		expect(await page.locator('.success-banner').innerText()).toContain('Figures submitted');
		const figures = await page.locator('table').first().innerText();
		expect(figures).toMatch(/P3\.04[^\n]*\n?[^\n]*777/);
		await screenshot(page, 'submission-history');
		await expectNoAxeViolations(page, 'submission history');

		// The original file can be downloaded exactly as sent.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.click('a[href^="/submissions/uploads/"][download]')
		]);
		expect(readFileSync((await download.path())!, 'utf8')).toBe(
			fillValue(bad, 'P5.04', 'HULL', '12')
		);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows the committed figure on the dashboard', async () => {
		const { page } = await open(partner, '/?area=HULL');
		const row = page.locator('tr', { hasText: 'P3.04' }).first();
		expect(await row.innerText()).toContain('777');
		await page.close();
	});

	it('takes figures typed into the form, with errors beside the field', async () => {
		const { page, errors } = await open(partner, '/submit/form');
		expect(await page.locator('h1').innerText()).toContain('Enter figures for Hull City Council');
		const field = page.locator('input[name^=value-]').first();
		const id = await field.getAttribute('id');
		await field.fill('-3');
		await page.click('text=Submit these figures');
		await page.waitForSelector('.error-summary');
		expect(await page.locator('.error-summary').innerText()).toContain('negative');
		expect(await page.locator(`#${id}`).inputValue()).toBe('-3');
		expect(await page.locator(`#${id}-error`).innerText()).toContain('negative');
		await screenshot(page, 'form-entry-errors');
		await expectNoAxeViolations(page, 'form entry with errors');

		await page.locator(`#${id}`).fill('4');
		await Promise.all([page.waitForURL(/submitted=/), page.click('text=Submit these figures')]);
		await page.waitForSelector('header[data-hydrated]');
		expect(await page.locator('.success-banner').innerText()).toContain('Figures submitted');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('refuses another partner’s history as if it did not exist', async () => {
		const page = await partner.context.newPage();
		const response = await page.goto(`${server.url}/submissions/hp/2026-27-q2`);
		expect(response?.status()).toBe(404);
		const unknown = await page.goto(`${server.url}/submissions/zzz/2026-27-q2`);
		expect(unknown?.status()).toBe(404);
		await page.close();
	});
});

describe('the upload page without JavaScript', () => {
	let plain: LaunchedBrowser;
	beforeAll(async () => {
		plain = await launchBrowser({ javaScriptEnabled: false });
		// The sign-in helper waits for hydration, which never comes here; share the session instead.
		await plain.context.addCookies(await partner.context.cookies());
	});
	afterAll(async () => plain?.close());

	it('previews on the server and commits with a plain form post', async () => {
		const { page } = await open(plain, '/submit', false);
		await chooseFile(
			page,
			'plain.csv',
			'metric_code,area,value,comment\r\nP3.04,HULL,778,typed without scripts\r\n'
		);
		await Promise.all([page.waitForLoadState('load'), page.click('text=Check the file')]);
		await page.waitForSelector('text=Submit these figures');
		expect(await page.locator('section[aria-labelledby=preview-title]').innerText()).toContain(
			'778'
		);
		await Promise.all([page.waitForURL(/submitted=/), page.click('text=Submit these figures')]);
		expect(await page.locator('table').first().innerText()).toContain('778');
		await page.close();
	});
});

describe('a submission link', () => {
	let coordinator: LaunchedBrowser;
	let stranger: LaunchedBrowser;
	beforeAll(async () => {
		coordinator = await launchBrowser();
		stranger = await launchBrowser();
		await signIn(coordinator.context, server.url, 'coordinator@example.org');
	});
	afterAll(async () => {
		await coordinator?.close();
		await stranger?.close();
	});

	it('opens the partner’s upload page for one quarter, without an account', async () => {
		const { page: admin } = await open(coordinator, '/admin/links');
		const partnerOption = admin.locator('#partner option', { hasText: 'Hull City Council' });
		await admin.selectOption('#partner', (await partnerOption.getAttribute('value'))!);
		await Promise.all([admin.waitForSelector('#submission-link'), admin.click('text=Create link')]);
		const link = (await admin.locator('#submission-link').innerText()).trim();
		await admin.close();

		const { page, errors } = await open(stranger, new URL(link).pathname);
		expect(await page.locator('h1').innerText()).toBe('Submit figures for Hull City Council');
		await chooseFile(page, 'by-link.csv', 'metric_code,area,value\r\nP3.04,HULL,779\r\n');
		await page.waitForSelector('text=Submit these figures');
		await screenshot(page, 'link-preview');
		await expectNoAxeViolations(page, 'submission link preview');
		await page.click('text=Submit these figures');
		await page.waitForSelector('text=Figures submitted');
		await expectNoAxeViolations(page, 'submission link done');
		expect(errors).toEqual([]);

		// The link opens nothing else: the dashboards still want a sign-in.
		await page.goto(`${server.url}/`);
		expect(new URL(page.url()).pathname).toBe('/sign-in');
		await page.close();
	});

	it('lets the coordinator submit for a partner, whose file no other partner can reach', async () => {
		const { page, errors } = await open(coordinator, '/submit?partner=hp');
		expect(await page.locator('h2').first().innerText()).toContain('Humberside Police');
		await chooseFile(page, 'hp-q2.csv', 'metric_code,area,value\r\nP2.01,HULL,31\r\n');
		await page.waitForSelector('text=Submit these figures');
		await Promise.all([
			page.waitForURL(/\/submissions\/hp\//),
			page.click('text=Submit these figures')
		]);
		const href = await page
			.locator('a[href^="/submissions/uploads/"][download]')
			.first()
			.getAttribute('href');
		const history = new URL(page.url()).pathname;
		expect(errors).toEqual([]);
		await page.close();

		// Hull's data lead gets the same 404 for Police's file, history and template as for nothing.
		const hull = await partner.context.newPage();
		for (const path of [href!, history, '/submit/template?partner=hp&period=2026-27-q2']) {
			const response = await hull.goto(`${server.url}${path}`).catch(() => null);
			expect(response?.status(), path).toBe(404);
		}
		await hull.close();
	});

	it('answers a made-up link with a 404', async () => {
		const page = await stranger.context.newPage();
		const response = await page.goto(`${server.url}/link/not-a-real-token`);
		expect(response?.status()).toBe(404);
		await page.close();
	});
});
