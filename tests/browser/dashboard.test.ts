import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

let server: RunningServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	browser = await launchBrowser();
	await signIn(browser.context, server.url, 'coordinator@example.org');
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
	const page = await browser.context.newPage();
	const errors = collectPageErrors(page);
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status()).toBe(200);
	await page.waitForSelector('header[data-hydrated]');
	return { page, errors };
}

async function screenshot(page: Page, name: string) {
	mkdirSync('test-results', { recursive: true });
	await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

describe('dashboard pages', () => {
	it('shows the six Humber priorities with statuses on the overview', async () => {
		const { page, errors } = await open('/');
		expect(await page.locator('h1').innerText()).toContain('Are we on track?');
		const cards = page.locator('.cards > li');
		expect(await cards.count()).toBe(6);
		const titles = await page.locator('.cards h2').allTextContents();
		expect(titles[0]).toContain('Priority 1: Support victims');
		expect(titles[5]).toContain('Priority 6: Ensure sustainability');
		const statuses = await page.locator('.cards .status').allTextContents();
		expect(
			statuses.every((s) => /On track|Within tolerance|Off track|Not rated|No target/.test(s))
		).toBe(true);
		// The metric tables carry every figure shown in the cards.
		expect(await page.locator('table tbody tr').count()).toBeGreaterThanOrEqual(30);
		await screenshot(page, 'overview');
		await expectNoAxeViolations(page, 'overview');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('draws a chart for each metric of a priority with its figures in a table', async () => {
		const { page, errors } = await open('/priorities/3');
		expect(await page.locator('h1').innerText()).toContain('Raise public awareness');
		const metrics = page.locator('section.metric');
		const metricCount = await metrics.count();
		expect(metricCount).toBeGreaterThanOrEqual(4);
		expect(await page.locator('canvas').count()).toBe(metricCount);

		// chart.js has painted: the first canvas has non-transparent pixels.
		await page.waitForFunction(() => {
			const canvas = document.querySelector('canvas');
			const ctx = canvas?.getContext('2d');
			if (!canvas || !ctx || canvas.width === 0) return false;
			const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
			for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
			return false;
		});

		const firstTableRows = metrics.first().locator('table tbody tr');
		expect(await firstTableRows.count()).toBeGreaterThanOrEqual(8);
		const firstActual = await firstTableRows.first().locator('td').first().textContent();
		expect(firstActual?.trim()).toMatch(/^[\d,.]+%?|\[x\]/);
		expect(await page.locator('[role="img"]').first().getAttribute('aria-label')).toMatch(
			/Quarterly figures/
		);
		await screenshot(page, 'priority-3');
		await expectNoAxeViolations(page, 'priority 3');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('keeps the chosen quarter and area in the address and the navigation', async () => {
		const { page, errors } = await open('/');
		await page.selectOption('#period', { index: 1 });
		await page.selectOption('#area', 'HULL');
		await page.click('form.selector button');
		await page.waitForURL(/area=HULL/);
		expect(page.url()).toMatch(/period=\d{4}-\d{2}-q\d/);
		expect((await page.locator('h1 .caption').innerText()).trim()).toBe('Kingston upon Hull');
		await page.click('nav a:has-text("Priority 2")');
		await page.waitForURL(/\/priorities\/2\?period=.*&area=HULL/);
		expect(await page.locator('h1').innerText()).toContain('Disrupt organised crime');
		await expectNoAxeViolations(page, 'priority 2, Hull');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('says plainly when a quarter or priority does not exist', async () => {
		const page = await browser.context.newPage();
		const missingPriority = await page.goto(`${server.url}/priorities/9`);
		expect(missingPriority?.status()).toBe(404);
		expect(await page.locator('main').innerText()).toContain('There is no priority 9');
		const missingQuarter = await page.goto(`${server.url}/?period=2031-32-q1`);
		expect(missingQuarter?.status()).toBe(404);
		expect(await page.locator('main').innerText()).toContain('2031-32-q1');
		await expectNoAxeViolations(page, 'not found');
		await page.close();
	});
});
