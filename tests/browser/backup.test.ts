/**
 * The coordinator's backup download (issue 6, exports): the same checked online backup as
 * `strategy-tracker backup`, taken from the running server; no one else may take it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkBackup } from '../../src/db/backup';
import { expectNoAxeViolations } from '../helpers/axe';
import { openPage } from '../helpers/browser-page';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

let server: RunningServer;
let coordinator: LaunchedBrowser;
let funder: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	coordinator = await launchBrowser();
	funder = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
	await signIn(funder.context, server.url, 'funder@example.org');
});

afterAll(async () => {
	await coordinator?.close();
	await funder?.close();
	await server?.stop();
});

describe('the backup download', () => {
	it('gives the coordinator a whole, checked copy of the running database', async () => {
		const { page, errors } = await openPage(coordinator, `${server.url}/admin`);
		await expectNoAxeViolations(page, 'admin');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.click('a[href="/admin/backup"]')
		]);
		expect(download.suggestedFilename()).toMatch(/^strategy-tracker-\d{4}-\d{2}-\d{2}\.db$/);
		const copy = checkBackup((await download.path())!);
		expect(copy.figures).toBeGreaterThan(1000);
		expect(copy.uploads).toBeGreaterThan(10);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('refuses anyone else', async () => {
		const response = await funder.context.request.get(`${server.url}/admin/backup`);
		expect(response.status()).toBe(403);
		expect(response.headers()['content-disposition']).toBeUndefined();
	});
});
