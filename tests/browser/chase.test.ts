import Database from 'better-sqlite3';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * Chasing from the completeness page, and the email settings and unsubscribe pages, on the demo
 * server without a mail server. Hull City Council is one of the four partners the demo leaves
 * without a return for the latest quarter, and its data lead (hull@example.org) is a contact.
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

/** Axe and a screenshot at 1280 px, then the same at 320 px, where nothing may scroll sideways. */
async function checkAtBothWidths(page: Page, name: string): Promise<void> {
	await page.setViewportSize({ width: 1280, height: 900 });
	await saveScreenshot(page, `${name}-1280`);
	await expectNoAxeViolations(page, name);
	await page.setViewportSize({ width: 320, height: 700 });
	await saveScreenshot(page, `${name}-320`);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await expectNoAxeViolations(page, `${name} at 320 px`);
	await page.setViewportSize({ width: 1280, height: 900 });
}

/** Posts a form by its button, and waits for the page its redirect shows. */
async function submit(page: Page, target: Locator): Promise<void> {
	await Promise.all([page.waitForEvent('load'), target.click()]);
	await page.waitForSelector('header[data-hydrated]');
}

/** "Not reminded", "Once, on …" or "3 times, last on …" as a number. */
const timesIn = (text: string) =>
	text.includes('Not reminded')
		? 0
		: text.includes('Once')
			? 1
			: Number(/(\d+) times/.exec(text)![1]);

describe('chasing a partner from the completeness page', () => {
	it('shows the message and who gets it, then queues it and says when it was last sent', async () => {
		const { page, errors } = await open('/completeness');
		const row = page.locator('table.grid tbody tr', { hasText: PARTNER });
		const before = timesIn(await row.locator('td.reminded').innerText());
		await checkAtBothWidths(page, 'chase-completeness');

		// A link, so SvelteKit navigates in the page: no load event, only the new address.
		await Promise.all([
			page.waitForURL(/chase=HCC/),
			row.getByRole('link', { name: new RegExp(`^Chase now\\s+${PARTNER}$`) }).click()
		]);
		const confirm = page.locator('section.confirm');
		expect(await confirm.locator('h2').innerText()).toMatch(new RegExp(`^Chase ${PARTNER} for`));
		expect(await confirm.locator('.recipients').innerText()).toContain('hull@example.org');
		const message = await confirm.locator('pre').innerText();
		expect(message).toContain('The partnership coordinator asked us to remind you.');
		expect(message).toContain(PARTNER);
		expect(await confirm.innerText()).toContain('Mail is not configured');
		await checkAtBothWidths(page, 'chase-preview');

		await submit(page, confirm.getByRole('button', { name: 'Queue the reminder' }));
		expect(page.url()).toContain('chased=1');
		const banner = page.locator('.success-banner');
		expect(await banner.innerText()).toContain('Reminder queued for 1 partner.');
		expect(await banner.getByRole('link', { name: 'Admin → Outbox' }).count()).toBe(1);
		const after = await page
			.locator('table.grid tbody tr', { hasText: PARTNER })
			.locator('td.reminded')
			.innerText();
		expect(timesIn(after)).toBe(before + 1);
		await expectNoAxeViolations(page, 'completeness after chasing');
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('stopping an optional email', () => {
	/** The coordinator's weekly digest, queued at start, carries the signed link to stop it. */
	function digestUnsubscribeLink(): string {
		const db = new Database(server.databasePath, { readonly: true });
		try {
			const row = db
				.prepare(
					"SELECT text_body AS text FROM outbox WHERE kind = 'digest' AND to_address = 'coordinator@example.org'"
				)
				.get() as { text: string };
			return /You can stop these messages: (\S+)/.exec(row.text)![1]!;
		} finally {
			db.close();
		}
	}

	it('asks first, without sign-in, then stops the digest; a forged link is not valid', async () => {
		const link = digestUnsubscribeLink();
		// No cookie: the link alone opens the page.
		const signedOut = await fetch(link, { redirect: 'manual' });
		expect(signedOut.status).toBe(200);
		expect(await signedOut.text()).toContain(
			'Stop weekly digest emails to coordinator@example.org?'
		);
		const forged = await fetch(link.replace(/sig=[\w-]+/, 'sig=forged'), { redirect: 'manual' });
		expect(forged.status).toBe(404);
		expect(await forged.text()).toContain('This link is not valid');

		const { page, errors } = await open(link.slice(server.url.length));
		await checkAtBothWidths(page, 'unsubscribe');
		await submit(page, page.getByRole('button', { name: 'Stop weekly digest emails' }));
		expect(await page.locator('h1').innerText()).toBe('Weekly digest emails stopped');
		await expectNoAxeViolations(page, 'unsubscribe done');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows the stop on the email settings page, where it can be undone', async () => {
		const { page, errors } = await open('/account/email');
		const digest = page.getByLabel('Weekly digest');
		expect(await digest.isChecked()).toBe(false);
		expect(await page.getByLabel('Board report issued').isChecked()).toBe(true);
		expect(await page.locator('main').innerText()).toContain('cannot be turned off');
		await digest.check();
		await submit(page, page.getByRole('button', { name: 'Save email settings' }));
		expect(await page.locator('.success-banner').innerText()).toContain('saved');
		expect(await page.getByLabel('Weekly digest').isChecked()).toBe(true);
		await checkAtBothWidths(page, 'account-email');
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('links that are emailed, when mail is not configured', () => {
	it('shows a new user’s link once and says its email waits in the outbox', async () => {
		const { page, errors } = await open('/admin/users/new');
		await page.fill('#email', 'new-board-member@example.org');
		await page.check('#role-viewer');
		await submit(page, page.getByRole('button', { name: 'Add user' }));
		const main = page.locator('main');
		expect(await main.innerText()).toContain('Mail is not configured');
		expect(await page.locator('#set-password-link').innerText()).toMatch(/\/set-password\//);
		await expectNoAxeViolations(page, 'user added');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('queues a submission link for the partner’s contacts and still shows it', async () => {
		const { page, errors } = await open('/admin/links');
		expect(await page.getByLabel("Email it to the partner's data contacts").isChecked()).toBe(true);
		await page.selectOption('#partner', { label: PARTNER });
		await submit(page, page.getByRole('button', { name: 'Create link' }));
		expect(await page.locator('main .notice').innerText()).toContain(
			`The email with the link, to ${PARTNER}'s data contact, waits in Admin → Outbox`
		);
		expect(await page.locator('#submission-link').innerText()).toMatch(/\/link\//);
		await saveScreenshot(page, 'link-created-1280');
		await expectNoAxeViolations(page, 'link created');
		expect(errors).toEqual([]);
		await page.close();
	});
});
