import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * The coordinator changes the priorities and funding streams as a new user would: from the
 * framework page, with mistakes shown at the top of the form and beside the field, and the
 * changes on the dashboards and the funded-outcomes page at the next request.
 */
let server: RunningServer;
let coordinator: LaunchedBrowser;
const NEW_TITLE = 'Disrupt and prosecute organised crime';

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

describe('editing priorities', () => {
	it('refuses another priority’s title, saves a new one, and the priority page follows', async () => {
		const { page, errors } = await open('/admin/framework');
		const firstTitle = (await page.locator('h2 a').first().innerText()).replace(
			/^Priority 1: /,
			''
		);
		await Promise.all([
			page.waitForURL(/\/admin\/framework\/priorities\/2$/),
			page.click('a[href="/admin/framework/priorities/2"]')
		]);
		await expectNoAxeViolations(page, 'priority edit page');
		await saveScreenshot(page, 'framework-priority');
		expect(await page.locator('main').innerText()).toContain(
			'A priority with metrics is never deleted'
		);

		await page.fill('#title', firstTitle.toUpperCase());
		await Promise.all([page.waitForURL(/\?\/update$/), page.click('text=Save details')]);
		expect(await page.title()).toMatch(/^Error: /);
		expect(await page.textContent('.error-summary')).toContain(
			`Priority 1 already has the title “${firstTitle}”`
		);
		expect(await page.inputValue('#title')).toBe(firstTitle.toUpperCase());
		await expectNoAxeViolations(page, 'priority edit page with an error');
		await saveScreenshot(page, 'framework-priority-error');
		await page.click('.error-summary a');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('title');

		await page.fill('#title', NEW_TITLE);
		await Promise.all([page.waitForURL(/done=saved/), page.click('text=Save details')]);
		expect(await page.textContent('h1')).toContain(NEW_TITLE);

		const { page: dashboard } = await open('/priorities/2');
		expect(await dashboard.textContent('h1')).toContain(NEW_TITLE);
		expect(unexpected(errors)).toEqual([]);
	});

	it('adds a priority with the next number, then deletes it while it has no metrics', async () => {
		const { page, errors } = await open('/admin/framework');
		await Promise.all([page.waitForURL(/\/priorities\/new$/), page.click('text=Add a priority')]);
		expect(await page.textContent('h1')).toContain('Priority 7');
		await page.click('text=Add priority');
		await page.waitForSelector('.error-summary');
		expect(await page.textContent('.error-summary')).toContain('Enter the priority’s title.');
		await expectNoAxeViolations(page, 'new priority with an error');
		await saveScreenshot(page, 'framework-priority-new-error');

		await page.fill('#title', 'Learn from survivors');
		await page.fill('#description', 'People with lived experience shape the plan.');
		await Promise.all([
			page.waitForURL(/\/priorities\/7\?done=created$/),
			page.click('text=Add priority')
		]);
		expect(await page.textContent('.success-banner')).toContain('Priority added');
		await expectNoAxeViolations(page, 'new priority saved');

		const { page: dashboard } = await open('/priorities/7');
		expect(await dashboard.textContent('h1')).toContain('Learn from survivors');

		await Promise.all([
			page.waitForURL(/\/admin\/framework\?deletedPriority=7$/),
			page.click('text=Delete priority')
		]);
		expect(await page.textContent('.success-banner')).toContain('Priority 7 deleted');
		expect(await page.locator('main').innerText()).not.toContain('Learn from survivors');
		expect(unexpected(errors)).toEqual([]);
	});
});

describe('editing funding streams', () => {
	it('adds a stream after showing every mistake, links metrics, and the funded-outcomes page follows', async () => {
		const { page, errors } = await open('/admin/framework');
		await Promise.all([
			page.waitForURL(/\/funding-streams$/),
			page.click('main a[href="/admin/framework/funding-streams"]')
		]);
		await expectNoAxeViolations(page, 'funding streams list');
		await saveScreenshot(page, 'framework-streams');

		await Promise.all([
			page.waitForURL(/\/funding-streams\/new$/),
			page.click('text=Add a funding stream')
		]);
		await page.fill('#code', 'pcc-nav');
		await page.fill('#name', 'Ports prevention fund');
		await page.fill('#funder', 'Home Office');
		await page.fill('#amount', '-5,000');
		await page.fill('#firstYear', '2026-27');
		await page.fill('#lastYear', '2025/26');
		await page.click('text=Add funding stream');
		await page.waitForSelector('.error-summary');
		const summary = await page.textContent('.error-summary');
		expect(summary).toContain('Another funding stream already has the code PCC-NAV.');
		expect(summary).toContain('The amount cannot be negative (got "-5,000").');
		expect(summary).toContain('The last year (2025-26) is before the first (2026-27).');
		expect(await page.textContent('#amount-error')).toContain('cannot be negative');
		await expectNoAxeViolations(page, 'new funding stream with errors');
		await saveScreenshot(page, 'framework-stream-new-error');

		await page.fill('#code', 'HO-PORTS');
		await page.fill('#amount', '£12,500');
		await page.fill('#lastYear', '2027/28');
		await Promise.all([
			page.waitForURL(/\/funding-streams\/\d+\?done=created$/),
			page.click('text=Add funding stream')
		]);
		await page.check('#metric-' + (await metricId(page, 'P2.01')));
		await Promise.all([page.waitForURL(/done=metrics/), page.click('text=Save metrics')]);
		expect(await page.textContent('.success-banner')).toContain('Metrics saved');
		await expectNoAxeViolations(page, 'funding stream page');
		await saveScreenshot(page, 'framework-stream');

		const { page: funded } = await open('/funded-outcomes');
		const stream = funded.locator('section.stream', { hasText: 'Ports prevention fund' });
		const text = await stream.innerText();
		expect(text).toContain('£12,500');
		expect(text).toContain('P2.01');
		expect(unexpected(errors)).toEqual([]);
	});

	it('renames a stream and unlinks a metric, and the funded-outcomes page follows', async () => {
		const { page } = await open('/admin/framework/funding-streams');
		await Promise.all([
			page.waitForURL(/\/funding-streams\/\d+$/),
			page.click('text=Survivor navigator service')
		]);
		await page.fill('#name', 'Survivor navigators');
		await page.fill('#amount', '65000');
		await Promise.all([page.waitForURL(/done=saved/), page.click('text=Save details')]);
		expect(await page.inputValue('#amount')).toBe('65000');
		await page.uncheck('#metric-' + (await metricId(page, 'P4.04')));
		await Promise.all([page.waitForURL(/done=metrics/), page.click('text=Save metrics')]);

		const { page: funded } = await open('/funded-outcomes');
		const main = await funded.locator('main').innerText();
		expect(main).not.toContain('Survivor navigator service');
		const stream = funded.locator('section.stream', { hasText: 'Survivor navigators' });
		const text = await stream.innerText();
		expect(text).toContain('£65,000');
		expect(text).toContain('P1.06');
		expect(text).not.toContain('P4.04');
	});
});

/** The id behind a metric's checkbox on a funding stream page, found by its code. */
async function metricId(page: import('playwright-core').Page, code: string): Promise<string> {
	const id = await page.locator('.checkbox', { hasText: code }).locator('input').getAttribute('id');
	return id!.replace(/^metric-/, '');
}

/** Console errors other than Chromium's note of the 422 with which a refused form is answered. */
function unexpected(errors: string[]): string[] {
	return errors.filter((e) => !/Failed to load resource: .* status of 422/.test(e));
}
