import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatFinancialYear, periodContainingDate } from '../../src/core/periods';
import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * The coordinator edits the framework as a new user would: finds a metric from Administration,
 * renames it, is stopped from giving a count a negative target, sets a sensible one, and sees
 * the new name on the overview.
 */
let server: RunningServer;
let coordinator: LaunchedBrowser;
const NEW_NAME = 'Adults starting MSVCC support';
const year = periodContainingDate(new Date()).year;
const targetField = `#target-${year}-HUMBER`;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	coordinator = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
});

afterAll(async () => {
	await coordinator?.close();
	await server?.stop();
});

const open = (path: string) => openPage(coordinator, `${server.url}${path}`);

describe('framework editing', () => {
	it('renames a metric, refuses a negative target, saves a good one, and the overview follows', async () => {
		const { page: admin } = await open('/admin');
		await Promise.all([admin.waitForURL(/\/admin\/framework$/), admin.click('text=Framework')]);
		await expectNoAxeViolations(admin, 'framework list');
		await saveScreenshot(admin, 'framework-list');
		await Promise.all([
			admin.waitForURL(/\/admin\/framework\/metrics\/P1\.01$/),
			admin.click('a[href="/admin/framework/metrics/P1.01"]')
		]);
		const page = admin;
		await expectNoAxeViolations(page, 'metric edit page');
		await saveScreenshot(page, 'framework-metric');

		await page.fill('#name', NEW_NAME);
		await Promise.all([page.waitForURL(/done=saved/), page.click('text=Save details')]);
		await expect.poll(() => page.textContent('.success-banner')).toContain('Changes saved');
		expect(await page.textContent('h1')).toContain(NEW_NAME);

		await page.fill(targetField, '-5');
		await Promise.all([page.waitForURL(/\?\/targets$/), page.click('text=Save targets')]);
		const summary = await page.textContent('.error-summary');
		expect(summary).toContain(
			`The annual target for Humber in ${formatFinancialYear(year)} cannot be negative (got -5)`
		);
		expect(await page.inputValue(targetField)).toBe('-5');
		await expectNoAxeViolations(page, 'metric edit page with a target error');
		await saveScreenshot(page, 'framework-metric-error');
		await page.click('.error-summary a');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe(targetField.slice(1));

		await page.fill(targetField, '1,250');
		await Promise.all([page.waitForURL(/done=targets/), page.click('text=Save targets')]);
		expect(await page.inputValue(targetField)).toBe('1250');
		await saveScreenshot(page, 'framework-metric-saved');

		const { page: overview, errors } = await open('/');
		expect(await overview.textContent('main')).toContain(NEW_NAME);
		await expectNoAxeViolations(overview, 'overview after the edit');
		expect(errors).toEqual([]);
	});

	it('refuses to delete a metric that has figures, and offers to retire it', async () => {
		const { page } = await open('/admin/framework/metrics/P1.02');
		await page.click('text=Delete metric');
		await expect
			.poll(() => page.textContent('.error-summary'))
			.toContain('P1.02 has figures, so it cannot be deleted');
		await expectNoAxeViolations(page, 'metric page after a refused delete');
		await saveScreenshot(page, 'framework-delete-refused');
		const { page: list } = await open('/admin/framework');
		expect(await list.textContent('main')).toContain('P1.02');
	});
});
