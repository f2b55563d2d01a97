import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * The outbox and the reminder settings, on the demo server without a mail server: the schedule
 * has queued its reminders at start, and they wait in the outbox with their links to copy.
 */
let server: RunningServer;
let browser: LaunchedBrowser;

const PARTNER = 'Hull City Council';

beforeAll(async () => {
	server = await startServer({ DEMO: '1', SMTP_URL: '' });
	browser = await launchBrowser();
	await signIn(browser.context, server.url, 'coordinator@example.org');
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const open = (path: string) => openPage(browser, `${server.url}${path}`);

/** The page reflows at 320 px: only a table's own scroll area may be wider than the screen. */
async function expectReflowAt320(page: Page, name: string): Promise<void> {
	await page.setViewportSize({ width: 320, height: 700 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await saveScreenshot(page, `${name}-320`);
	await expectNoAxeViolations(page, `${name} at 320 px`);
}

/** Console errors other than Chromium's note of the 422 with which a refused form is answered. */
function unexpected(errors: string[]): string[] {
	return errors.filter((e) => !/Failed to load resource: .* status of 422/.test(e));
}

/** Posts a form by its button, and waits for the page its redirect (or its refusal) shows. */
async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForEvent('load'), button.click()]);
	await page.waitForSelector('header[data-hydrated]');
}

describe('the outbox', () => {
	it('says mail is not configured and shows each waiting message with its links', async () => {
		const { page, errors } = await open('/admin/outbox');
		expect(await page.locator('main').innerText()).toContain(
			'Mail is not configured (SMTP_URL is not set), so nothing is sent'
		);
		// Nothing has been sent, so every message offers its text.
		const messages = page.locator('table.outbox details');
		const rows = await page.locator('table.outbox tbody tr:not(.outbox__text-row)').count();
		expect(rows).toBeGreaterThan(0);
		expect(await messages.count()).toBe(rows);
		expect(await page.locator('table.outbox').innerText()).toContain('Queued');
		const first = messages.first();
		await first.locator('summary').click();
		expect(await first.locator('pre').innerText()).toMatch(/http:\/\/127\.0\.0\.1:\d+\//);
		await saveScreenshot(page, 'admin-outbox');
		await expectNoAxeViolations(page, 'outbox');
		await expectReflowAt320(page, 'admin-outbox');
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('reminders and contacts', () => {
	it('refuses a schedule it cannot read, then saves one and describes it', async () => {
		const { page, errors } = await open('/admin/reminders');
		await page.fill('#daysBeforeDeadline', '14, next week');
		await submit(page, page.getByRole('button', { name: 'Save the schedule' }));
		expect(await page.title()).toMatch(/^Error: /);
		const summary = page.locator('.error-summary');
		expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await summary.innerText()).toContain('"next week" is not a whole number of days');
		expect(await summary.locator('a').getAttribute('href')).toBe('#daysBeforeDeadline');
		expect(await page.inputValue('#daysBeforeDeadline')).toBe('14, next week');
		await expectNoAxeViolations(page, 'reminders, schedule refused');

		await page.fill('#daysBeforeDeadline', '7, 14');
		await page.fill('#daysAfterDeadline', '1, 3');
		await page.fill('#thenEveryDays', '');
		await page.uncheck('#atClose');
		await submit(page, page.getByRole('button', { name: 'Save the schedule' }));
		expect(page.url()).toContain('done=schedule');
		expect(await page.locator('.success-banner').innerText()).toContain('schedule is saved');
		expect(await page.locator('main .notice').first().innerText()).toBe(
			'Reminders go to partners that have sent nothing: 14 days before the deadline, 7 days before the deadline, 1 day after it, 3 days after it, while nothing has come.'
		);
		expect(await page.inputValue('#daysBeforeDeadline')).toBe('14, 7');
		expect(await page.isChecked('#atClose')).toBe(false);
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('pauses and resumes a partner’s reminders', async () => {
		const { page, errors } = await open('/admin/reminders');
		const row = page.locator('table.contacts tbody tr', { hasText: PARTNER });
		await submit(page, row.getByRole('button', { name: `Pause reminders to ${PARTNER}` }));
		expect(await page.locator('.success-banner').innerText()).toContain(
			`Reminders to ${PARTNER} are paused`
		);
		expect(await row.locator('.tag').last().innerText()).toBe('Paused');
		await submit(page, row.getByRole('button', { name: `Resume reminders to ${PARTNER}` }));
		expect(await page.locator('.success-banner').innerText()).toContain('resumed');
		expect(await row.locator('.tag').last().innerText()).toBe('On');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('adds a contact address, refusing a malformed one, and removes it', async () => {
		const { page, errors } = await open('/admin/reminders');
		const row = page.locator('table.contacts tbody tr', { hasText: PARTNER });
		// The partner's user is listed and marked as an account.
		expect(await row.innerText()).toContain('hull@example.org');
		expect(await row.locator('.tag', { hasText: 'Account' }).count()).toBe(1);

		const add = page.getByRole('button', { name: 'Add address' });
		await page.selectOption('#contactPartner', { label: PARTNER });
		await page.fill('#contactEmail', 'data.team@hull');
		await submit(page, add);
		expect(await page.locator('.error-summary').innerText()).toContain(
			'Enter an email address in the right format'
		);
		expect(await page.inputValue('#contactEmail')).toBe('data.team@hull');

		await page.fill('#contactEmail', 'Data.Team@Hull.example.org');
		await page.fill('#contactName', 'Hull data team');
		await submit(page, add);
		expect(await page.locator('.success-banner').innerText()).toContain(
			`added to ${PARTNER}'s contacts`
		);
		expect(await row.innerText()).toContain('data.team@hull.example.org');
		await saveScreenshot(page, 'admin-reminders');
		await expectNoAxeViolations(page, 'reminders');

		await submit(
			page,
			row.getByRole('button', { name: `Remove data.team@hull.example.org from ${PARTNER}` })
		);
		expect(await page.locator('.success-banner').innerText()).toContain('removed');
		expect(await row.innerText()).not.toContain('data.team@hull.example.org');
		await expectReflowAt320(page, 'admin-reminders');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('refuses a partner user with a 403', async () => {
		await browser.context.clearCookies();
		await signIn(browser.context, server.url, 'hull@example.org');
		const page = await browser.context.newPage();
		for (const path of ['/admin/outbox', '/admin/reminders']) {
			const response = await page.goto(`${server.url}${path}`);
			expect(response?.status(), path).toBe(403);
			expect(await page.locator('main').innerText()).toContain('You do not have access');
		}
		await page.close();
	});
});
