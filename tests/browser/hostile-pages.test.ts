import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { saveScreenshot } from '../helpers/browser-page';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * What a person sees when an address or a file name is hostile: a 404 that quotes the start of a
 * long address once (its links stay short), and an upload preview that names the file without
 * the direction override that would disguise it.
 */
let server: RunningServer;
let partner: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	partner = await launchBrowser();
	await signIn(partner.context, server.url, 'police@example.org');
});

afterAll(async () => {
	await partner?.close();
	await server?.stop();
});

async function open(path: string, status: number): Promise<{ page: Page; errors: string[] }> {
	const page = await partner.context.newPage();
	const errors = collectPageErrors(page);
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status()).toBe(status);
	await page.waitForSelector('header[data-hydrated]');
	return { page, errors };
}

describe('a hostile address', () => {
	it('gets a 404 quoting its start, with navigation links that do not carry it', async () => {
		const junk = `${'y'.repeat(2000)}<script>`;
		const { page } = await open(`/?period=${encodeURIComponent(junk)}`, 404);
		expect(await page.locator('main p').first().innerText()).toBe(
			`There are no figures for the quarter "${'y'.repeat(40)}…". Choose a quarter from the list.`
		);
		const hrefs = await page
			.locator('nav.site-nav a')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
		expect(hrefs.length).toBeGreaterThan(0);
		for (const href of hrefs) expect(href).not.toContain('yyyy');
		await saveScreenshot(page, 'hostile-address-404');
		await expectNoAxeViolations(page, '404 for a hostile address');
		await page.close();
	});
});

describe('a file name with a direction override', () => {
	it('is shown in the server’s preview without it', async () => {
		const { page, errors } = await open('/submit?period=2026-27-q2', 200);
		await page.setInputFiles('#file', {
			name: 'hp-figures\u202Evsc.exe',
			mimeType: 'text/csv',
			buffer: Buffer.from('metric_code,area,value\r\nP2.01,HULL,31\r\n', 'utf8')
		});
		const preview = page.locator('section[aria-labelledby=preview-title]');
		await preview.waitFor();
		const title = await page.locator('#preview-title').innerText();
		expect(title).toContain('hp-figuresvsc.exe');
		expect(title).not.toContain('\u202E');
		await saveScreenshot(page, 'hostile-file-name-preview');
		await expectNoAxeViolations(page, 'preview of a file with a direction override');
		expect(errors).toEqual([]);
		await page.close();
	});
});
