/**
 * The pages when the fault is ours: the person sees a sentence and a reference to quote (the
 * request's id, also in X-Request-Id), never the detail, which the server logs under that id.
 * The fault is real: a table is dropped behind the running server's back.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { saveScreenshot } from '../helpers/browser-page';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

let server: RunningServer;
let coordinator: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	coordinator = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
});

afterAll(async () => {
	await coordinator?.close();
	await server?.stop();
});

/** Drops a table from the running server's database, as a damaged file or a bad release might. */
function dropTable(target: RunningServer, table: string): void {
	const db = new Database(target.databasePath);
	try {
		db.exec(`DROP TABLE ${table}`);
	} finally {
		db.close();
	}
}

/** The server's JSON log lines that carry this request id. */
function loggedUnder(target: RunningServer, reference: string) {
	return target
		.output()
		.split('\n')
		.filter((line) => line.includes(reference))
		.map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string } });
}

describe('the error page', () => {
	it('shows a page that failed with a reference to quote, and logs the detail under it', async () => {
		dropTable(server, 'board_reports');
		const page = await coordinator.context.newPage();
		const response = await page.goto(`${server.url}/reports`);
		const reference = (await response?.headerValue('x-request-id')) ?? '';
		expect(response?.status()).toBe(500);
		expect(reference).toMatch(/^[0-9a-f-]{36}$/);
		await page.waitForSelector('header[data-hydrated]');
		await expect(page.locator('h1').textContent()).resolves.toBe('Sorry, there is a problem');
		await expect(page.locator('main').textContent()).resolves.toContain(
			`quote reference ${reference}.`
		);
		// On one line, so it is read and copied whole.
		await expect(page.locator('main .reference').textContent()).resolves.toBe(reference);
		await expect(page.content()).resolves.not.toMatch(/board_reports|no such table|sqlite/i);
		await saveScreenshot(page, 'error-page-500');
		await expectNoAxeViolations(page, 'error page, 500');
		await page.close();

		const failure = loggedUnder(server, reference).find((line) => line.msg === 'page failed');
		expect(failure?.err?.message).toMatch(/no such table: board_reports/);
	});

	// Last: without sessions no one can sign in, and every signed-in request fails before its page.
	it('shows the reference on the plain page used when a request fails before any page', async () => {
		dropTable(server, 'sessions');
		const page = await coordinator.context.newPage();
		const response = await page.goto(`${server.url}/`);
		const reference = (await response?.headerValue('x-request-id')) ?? '';
		expect(response?.status()).toBe(500);
		await expect(page.locator('main').textContent()).resolves.toContain(
			`quote reference ${reference}.`
		);
		await expect(page.content()).resolves.not.toMatch(/sessions|no such table|sqlite/i);
		await saveScreenshot(page, 'error-page-fallback-500');
		await expectNoAxeViolations(page, 'fallback error page, 500');
		await page.close();
		const failure = loggedUnder(server, reference).find((line) => line.msg === 'page failed');
		expect(failure?.err?.message).toMatch(/no such table: sessions/);
	});
});
