/**
 * Opening a page as a browser test does it: expect a 200, wait until SvelteKit has hydrated, and
 * collect the page's console errors to assert on. And a full-page screenshot to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

import { collectPageErrors, type LaunchedBrowser } from './chromium';

export async function openPage(
	browser: LaunchedBrowser,
	url: string
): Promise<{ page: Page; errors: string[] }> {
	const page = await browser.context.newPage();
	const errors = collectPageErrors(page);
	const response = await page.goto(url);
	expect(response?.status(), url).toBe(200);
	await page.waitForSelector('header[data-hydrated]');
	return { page, errors };
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
	mkdirSync('test-results', { recursive: true });
	await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}
