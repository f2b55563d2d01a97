import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SIGN_IN_FAILED } from '../../src/auth/auth-service';
import { DEFAULT_DEMO_PASSWORD } from '../../src/config';
import { expectNoAxeViolations } from '../helpers/axe';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

const NEW_USER = 'new.lead@example.org';
const NEW_PASSWORD = 'kettle harbour lantern violet';

let server: RunningServer;
/** Signed in as nobody at first: the sign-in tests run here. */
let visitor: LaunchedBrowser;
/** Signed in as the coordinator. */
let coordinator: LaunchedBrowser;
const opened: LaunchedBrowser[] = [];

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	[visitor, coordinator] = await Promise.all([launchBrowser(), launchBrowser()]);
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
});

afterAll(async () => {
	await Promise.all([visitor, coordinator, ...opened].map((b) => b?.close()));
	await server?.stop();
});

/** A browser with its own cookies, as a different person on a different machine would have. */
async function freshBrowser(): Promise<LaunchedBrowser> {
	const browser = await launchBrowser();
	opened.push(browser);
	return browser;
}

interface Opened {
	page: Page;
	response: Response | null;
	errors: string[];
}

/** Opens a page and waits for it to hydrate, so clicks land on a live page. */
async function open(context: BrowserContext, path: string, status = 200): Promise<Opened> {
	const page = await context.newPage();
	const errors = collectPageErrors(page);
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status(), path).toBe(status);
	await page.waitForSelector('header[data-hydrated]');
	return { page, response, errors };
}

/** Submits the form a button belongs to and waits for the page that comes back. */
async function submit(page: Page, button: string): Promise<Response | null> {
	const [response] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		page.click(button)
	]);
	await page.waitForSelector('header[data-hydrated]');
	return response;
}

/**
 * The page errors other than the browser's note that a response had an error status: a form sent
 * back with its errors (401, 422, …) logs one, and that is what these tests ask for.
 */
function unexpected(errors: string[]): string[] {
	return errors.filter(
		(e) =>
			!/Failed to load resource: the server responded with a status of 4\d\d/.test(e) ||
			e.includes('/_app/')
	);
}

async function screenshot(page: Page, name: string, fullPage = true) {
	mkdirSync('test-results', { recursive: true });
	await page.screenshot({ path: `test-results/${name}.png`, fullPage });
}

describe('signing in and out', () => {
	it('shows the sign-in form with a label on each field', async () => {
		const { page, errors } = await open(visitor.context, '/sign-in');
		expect(await page.title()).toBe('Sign in – Strategy Tracker');
		expect(await page.locator('h1').innerText()).toBe('Sign in');
		expect(await page.locator('label[for=email]').innerText()).toBe('Email address');
		expect(await page.locator('label[for=password]').innerText()).toBe('Password');
		await expectNoAxeViolations(page, 'sign-in');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('refuses a wrong password with an error summary, an "Error:" title and the email kept', async () => {
		const { page, errors } = await open(visitor.context, '/sign-in');
		await page.fill('#email', 'coordinator@example.org');
		await page.fill('#password', 'not the right password');
		const response = await submit(page, 'main button[type=submit]');
		expect(response?.status()).toBe(401);
		expect(await page.title()).toBe('Error: Sign in – Strategy Tracker');
		const summary = page.locator('.error-summary');
		expect(await summary.locator('h2').innerText()).toBe('There is a problem');
		expect(await summary.locator('a').innerText()).toBe(SIGN_IN_FAILED);
		expect(await summary.locator('a').getAttribute('href')).toBe('#email');
		expect(await page.locator('#email-error').innerText()).toContain(SIGN_IN_FAILED);
		expect(await page.inputValue('#email')).toBe('coordinator@example.org');
		expect(await page.inputValue('#password')).toBe('');
		await expectNoAxeViolations(page, 'sign-in with an error');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('sends someone who is not signed in to sign in, then back to the page they asked for', async () => {
		const page = await visitor.context.newPage();
		const errors = collectPageErrors(page);
		await page.goto(`${server.url}/priorities/2`);
		expect(new URL(page.url()).pathname).toBe('/sign-in');
		expect(new URL(page.url()).searchParams.get('next')).toBe('/priorities/2');
		await page.waitForSelector('header[data-hydrated]');
		await expectNoAxeViolations(page, 'sign-in, sent from a page');

		await page.fill('#email', 'coordinator@example.org');
		await page.fill('#password', DEFAULT_DEMO_PASSWORD);
		await submit(page, 'main button[type=submit]');
		expect(new URL(page.url()).pathname).toBe('/priorities/2');
		expect(await page.locator('h1').innerText()).toContain('Disrupt organised crime');
		expect(await page.locator('.site-header__user').innerText()).toContain(
			'Partnership coordinator · Coordinator'
		);
		await expectNoAxeViolations(page, 'priority 2 after signing in');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('signs out with the button in the header, and the session is over', async () => {
		const { page, errors } = await open(visitor.context, '/');
		await submit(page, '.site-header__user button');
		expect(new URL(page.url()).pathname).toBe('/sign-in');
		expect(await page.locator('[role=status]').innerText()).toContain('You have signed out.');
		await expectNoAxeViolations(page, 'signed out');

		await page.goto(`${server.url}/`);
		expect(new URL(page.url()).pathname).toBe('/sign-in');
		const cookies = await visitor.context.cookies(server.url);
		expect(cookies.filter((c) => /session/i.test(c.name))).toEqual([]);
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});
});

describe('adding a user', () => {
	let setPasswordLink = '';

	it('lists the users and links to add one', async () => {
		const admin = await open(coordinator.context, '/admin');
		expect(await admin.page.locator('h1').innerText()).toBe('Administration');
		await expectNoAxeViolations(admin.page, 'admin index');
		expect(admin.errors).toEqual([]);
		await admin.page.close();

		const { page, errors } = await open(coordinator.context, '/admin/users');
		expect(await page.title()).toBe('Users – Strategy Tracker');
		const rows = page.locator('table tbody tr');
		expect(await rows.count()).toBe(5);
		expect(await page.locator('table').innerText()).toContain('police@example.org');
		expect(await page.locator('table caption').innerText()).toBe('5 users');
		await screenshot(page, 'admin-users');
		await expectNoAxeViolations(page, 'admin users');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('shows every mistake in the new-user form and keeps what was typed', async () => {
		const { page, errors } = await open(coordinator.context, '/admin/users/new');
		expect(await page.locator('h1').innerText()).toBe('Add a user');
		await expectNoAxeViolations(page, 'new user form');

		await page.fill('#name', 'Robin Lead');
		const response = await submit(page, 'main form button[type=submit]');
		expect(response?.status()).toBe(422);
		expect(await page.title()).toMatch(/^Error: Add a user/);
		const summaryLinks = page.locator('.error-summary a');
		expect(
			await summaryLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))
		).toEqual(['#email', '#role']);
		expect(await page.locator('#email-error').innerText()).toContain('Enter the email address');
		expect(await page.locator('#role-error').innerText()).toContain("Choose the user's role");
		expect(await page.inputValue('#name')).toBe('Robin Lead');
		await screenshot(page, 'admin-user-form-errors');
		await expectNoAxeViolations(page, 'new user form with errors');

		// A partner user without a partner: the service's rule, shown beside the partner field.
		await page.fill('#email', NEW_USER);
		await page.check('#role-partner');
		await submit(page, 'main form button[type=submit]');
		expect(await page.locator('#partner-error').innerText()).toContain(
			'Choose the partner organisation this user submits figures for.'
		);
		expect(await page.inputValue('#email')).toBe(NEW_USER);
		expect(await page.isChecked('#role-partner')).toBe(true);
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('adds a partner user and shows the one-time link once', async () => {
		const { page, errors } = await open(coordinator.context, '/admin/users/new');
		await page.fill('#email', NEW_USER);
		await page.fill('#name', 'Robin Lead');
		await page.check('#role-partner');
		await page.selectOption('#partner', { label: 'Hull City Council' });
		const response = await submit(page, 'main form button[type=submit]');
		expect(response?.status()).toBe(200);
		expect(await page.title()).toBe('User added – Strategy Tracker');
		expect(await page.locator('.panel h1').innerText()).toBe('User added');
		expect(await page.locator('.panel').innerText()).toContain(
			`${NEW_USER}, Partner, Hull City Council`
		);
		setPasswordLink = (await page.locator('#set-password-link').innerText()).trim();
		expect(setPasswordLink).toMatch(new RegExp(`^${server.url}/set-password/[A-Za-z0-9_-]{40,}$`));
		expect(await page.locator('main').innerText()).toContain('works once, for 72 hours');
		expect(await page.locator('main').innerText()).toContain('Mail is not configured');
		await screenshot(page, 'admin-user-added');
		await expectNoAxeViolations(page, 'user added');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('lets the new user set a password with the link, once, and sign in', async () => {
		expect(setPasswordLink).not.toBe('');
		const browser = await freshBrowser();
		const page = await browser.context.newPage();
		const errors = collectPageErrors(page);
		await page.goto(setPasswordLink);
		await page.waitForSelector('header[data-hydrated]');
		expect(await page.locator('h1').innerText()).toBe('Set your password');
		expect(await page.locator('main').innerText()).toContain(NEW_USER);
		await expectNoAxeViolations(page, 'set password');

		await page.fill('#password', 'too short');
		await page.fill('#confirm', 'too short');
		const refused = await submit(page, 'main button[type=submit]');
		expect(refused?.status()).toBe(400);
		expect(await page.title()).toBe('Error: Set your password – Strategy Tracker');
		expect(await page.locator('.error-summary a').innerText()).toContain(
			'Enter a password of at least 12 characters'
		);
		expect(await page.locator('#password-error').innerText()).toContain('at least 12 characters');
		await expectNoAxeViolations(page, 'set password with an error');

		await page.fill('#password', NEW_PASSWORD);
		await page.fill('#confirm', NEW_PASSWORD);
		await submit(page, 'main button[type=submit]');
		expect(new URL(page.url()).pathname).toBe('/sign-in');
		expect(await page.locator('[role=status]').innerText()).toContain('Your password is set');
		await expectNoAxeViolations(page, 'sign-in after setting a password');

		await page.fill('#email', NEW_USER);
		await page.fill('#password', NEW_PASSWORD);
		await submit(page, 'main button[type=submit]');
		expect(new URL(page.url()).pathname).toBe('/');
		expect(await page.locator('.site-header__user').innerText()).toContain(
			'Robin Lead · Partner, Hull City Council'
		);
		await expectNoAxeViolations(page, 'overview as the new partner user');

		// The link works once: opened again it says so, and offers no form.
		await page.goto(setPasswordLink);
		expect(await page.locator('h1').innerText()).toBe('This link has expired');
		expect(await page.locator('#password').count()).toBe(0);
		await expectNoAxeViolations(page, 'used set-password link');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('shows the new user as signed in with a password, and the change in the audit log', async () => {
		const users = await open(coordinator.context, '/admin/users');
		const row = users.page.locator('table tbody tr', { hasText: NEW_USER });
		const cells = await row.locator('td').allInnerTexts();
		expect(cells).toEqual([
			'Robin Lead',
			'Partner',
			'Hull City Council',
			'Active',
			expect.stringMatching(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/),
			'Yes'
		]);
		await users.page.close();

		const { page, errors } = await open(coordinator.context, '/admin/audit');
		expect(await page.locator('h1').innerText()).toBe('Audit log');
		const log = await page.locator('table.audit').innerText();
		for (const action of ['user.create', 'auth.set-password', 'auth.sign-in', 'auth.sign-out'])
			expect(log).toContain(action);
		// Newest first: the new user's sign-in comes before the coordinator adding them.
		const actions = await page.locator('table.audit tbody tr td:nth-child(4)').allInnerTexts();
		expect(actions.indexOf('auth.sign-in')).toBeLessThan(actions.indexOf('user.create'));
		await page
			.locator('table.audit tbody tr', { hasText: 'user.create' })
			.locator('summary')
			.click();
		expect(
			await page
				.locator('table.audit tbody tr', { hasText: 'user.create' })
				.locator('dd')
				.innerText()
		).toBe(`{ "email": "${NEW_USER}", "role": "partner", "partner": "HCC" }`);
		// The log is long: the first screenful is what a person sees.
		await screenshot(page, 'admin-audit', false);
		await expectNoAxeViolations(page, 'audit log');

		// Filters are a GET form: they land in the address.
		await page.selectOption('#outcome', 'failure');
		await page.selectOption('#action', 'auth.sign-in');
		await submit(page, '.audit-filters button[type=submit]');
		const url = new URL(page.url());
		expect(url.searchParams.get('outcome')).toBe('failure');
		expect(url.searchParams.get('action')).toBe('auth.sign-in');
		const filtered = await page.locator('table.audit tbody tr').allInnerTexts();
		expect(filtered.length).toBeGreaterThanOrEqual(1);
		for (const text of filtered) expect(text).toMatch(/auth\.sign-in\s+Failure/);
		expect(await page.inputValue('#outcome')).toBe('failure');
		await expectNoAxeViolations(page, 'audit log filtered');

		await page.goto(`${server.url}/admin/audit?from=2026-02-30`);
		expect(await page.title()).toMatch(/^Error: Audit log/);
		expect(await page.locator('#from-error').innerText()).toContain('must be a real date');
		await expectNoAxeViolations(page, 'audit log with a bad date');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('resets access, disables and enables the new user from their page', async () => {
		const users = await open(coordinator.context, '/admin/users');
		await Promise.all([
			users.page.waitForURL(/\/admin\/users\/\d+$/),
			users.page.click(`text=${NEW_USER}`)
		]);
		const path = new URL(users.page.url()).pathname;
		await users.page.close();

		const { page, errors } = await open(coordinator.context, path);
		expect(await page.locator('h1').innerText()).toContain(NEW_USER);
		expect(await page.inputValue('#name')).toBe('Robin Lead');
		expect(await page.isChecked('#role-partner')).toBe(true);
		await screenshot(page, 'admin-user-edit');
		await expectNoAxeViolations(page, 'edit user');

		await submit(page, 'form[action="?/reset"] button');
		expect(await page.locator('.panel').innerText()).toContain('Access reset');
		expect((await page.locator('#set-password-link').innerText()).trim()).toMatch(
			/\/set-password\/[A-Za-z0-9_-]{40,}$/
		);
		expect(await page.locator('.summary-list').innerText()).toMatch(/Password set\s+Not yet/);
		await expectNoAxeViolations(page, 'access reset');

		await page.goto(`${server.url}${path}`);
		await submit(page, 'form[action="?/disable"] button');
		expect(await page.locator('[role=status]').innerText()).toContain('The account is disabled');
		expect(await page.locator('.summary-list').innerText()).toContain('Disabled');
		await expectNoAxeViolations(page, 'user disabled');
		await submit(page, 'form[action="?/enable"] button');
		expect(await page.locator('[role=status]').innerText()).toContain('The account is enabled');

		await page.fill('#name', 'Robin Lead-Smith');
		await submit(page, 'form[action="?/update"] button');
		expect(await page.locator('[role=status]').innerText()).toContain('Changes saved');
		expect(await page.inputValue('#name')).toBe('Robin Lead-Smith');
		expect(unexpected(errors)).toEqual([]);
		await page.close();

		// Nobody can disable their own account: there is no button, and a forged post is refused.
		const list = await open(coordinator.context, '/admin/users');
		const ownPath = await list.page
			.locator('table a', { hasText: 'coordinator@example.org' })
			.getAttribute('href');
		await list.page.goto(`${server.url}${ownPath}`);
		expect(await list.page.locator('form[action="?/disable"]').count()).toBe(0);
		expect(await list.page.locator('main').innerText()).toContain(
			'You cannot disable your own account'
		);
		const forged = await list.page.evaluate(async (path) => {
			const response = await fetch(`${path}?/disable`, { method: 'POST', body: new FormData() });
			return { status: response.status, body: await response.text() };
		}, ownPath!);
		expect(forged.body).toContain('You cannot disable your own account');
		expect(JSON.parse(forged.body)).toMatchObject({ type: 'failure', status: 422 });
		await list.page.close();

		const missing = await coordinator.context.newPage();
		expect((await missing.goto(`${server.url}/admin/users/99999`))?.status()).toBe(404);
		await expectNoAxeViolations(missing, 'unknown user');
		await missing.close();
	});
});

describe('tokens and submission links', () => {
	it('creates an API token, shows it once, and revokes it after asking', async () => {
		const { page, errors } = await open(coordinator.context, '/admin/tokens');
		expect(await page.locator('h1').innerText()).toBe('API tokens');
		await expectNoAxeViolations(page, 'tokens');

		const refused = await submit(page, 'form[action="?/create"] button');
		expect(refused?.status()).toBe(422);
		expect(await page.locator('#partner-error').innerText()).toContain('Choose the partner');
		await expectNoAxeViolations(page, 'tokens with an error');

		await page.selectOption('#partner', { label: 'Humberside Police' });
		await page.fill('#name', 'Niche export');
		await submit(page, 'form[action="?/create"] button');
		const token = (await page.locator('#api-token').innerText()).trim();
		expect(token).toMatch(/^st_[A-Za-z0-9_-]{40,}$/);
		expect(await page.locator('main').innerText()).toContain('only time the token is shown');
		await expectNoAxeViolations(page, 'token created');

		await page.goto(`${server.url}/admin/tokens`);
		const row = page.locator('table tbody tr', { hasText: 'Niche export' });
		expect(await row.innerText()).toContain(token.slice(0, 9));
		expect(await page.locator('main').innerText()).not.toContain(token);
		await Promise.all([page.waitForURL(/revoke=\d+/), row.locator('a').click()]);
		expect(await page.locator('#confirm-revoke-title').innerText()).toBe('Revoke "Niche export"?');
		await screenshot(page, 'admin-tokens-revoke');
		await expectNoAxeViolations(page, 'confirm revoking a token');
		await submit(page, 'form[action="?/revoke"] button');
		expect(await page.locator('[role=status]').innerText()).toContain('is revoked');
		expect(await page.locator('table tbody tr', { hasText: 'Niche export' }).innerText()).toContain(
			'Revoked'
		);
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('creates a submission link for a partner and quarter, and revokes it', async () => {
		const { page, errors } = await open(coordinator.context, '/admin/links');
		expect(await page.locator('h1').innerText()).toBe('Submission links');
		expect(await page.inputValue('#days')).toBe('14');
		await expectNoAxeViolations(page, 'links');

		await page.selectOption('#partner', { label: 'Hull City Council' });
		await page.fill('#days', '61');
		const refused = await submit(page, 'form[action="?/create"] button');
		expect(refused?.status()).toBe(422);
		expect(await page.locator('#days-error').innerText()).toContain('from 1 to 60');
		expect(await page.inputValue('#days')).toBe('61');
		await screenshot(page, 'admin-links-error');
		await expectNoAxeViolations(page, 'links with an error');

		await page.fill('#days', '7');
		const quarter = await page.locator('#quarter option:checked').innerText();
		await submit(page, 'form[action="?/create"] button');
		const url = (await page.locator('#submission-link').innerText()).trim();
		expect(url).toMatch(new RegExp(`^${server.url}/link/[A-Za-z0-9_-]{40,}$`));
		expect(await page.locator('.panel').innerText()).toContain(`Hull City Council, ${quarter}`);
		await expectNoAxeViolations(page, 'link created');

		await page.goto(`${server.url}/admin/links`);
		const row = page.locator('table tbody tr', { hasText: 'Hull City Council' });
		expect(await row.innerText()).toContain('Active');
		await Promise.all([page.waitForURL(/revoke=\d+/), row.locator('a').click()]);
		await expectNoAxeViolations(page, 'confirm revoking a link');
		await submit(page, 'form[action="?/revoke"] button');
		expect(
			await page.locator('table tbody tr', { hasText: 'Hull City Council' }).innerText()
		).toContain('Revoked');
		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});
});

describe('access to the admin pages', () => {
	it('refuses a partner user the users page with a 403 page', async () => {
		const browser = await freshBrowser();
		await signIn(browser.context, server.url, 'police@example.org');
		const page = await browser.context.newPage();
		const response = await page.goto(`${server.url}/admin/users`);
		expect(response?.status()).toBe(403);
		expect(await page.title()).toMatch(/^You do not have access to this page/);
		expect(await page.locator('main').innerText()).toContain('You do not have access to this page');
		expect(await page.locator('main').innerText()).toContain('Error code 403');
		await screenshot(page, 'forbidden');
		await expectNoAxeViolations(page, '403 for a partner user');

		// Nor is the way there offered: the navigation has no Admin link for a partner.
		await page.goto(`${server.url}/`);
		await page.waitForSelector('header[data-hydrated]');
		expect(await page.locator('nav[aria-label=Main]').innerText()).not.toContain('Admin');
		await page.close();
	});
});
