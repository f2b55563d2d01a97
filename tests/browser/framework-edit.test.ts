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
 * the new name on the overview; adds a metric, gives it quarterly targets and a baseline, retires
 * it and brings it back; and two coordinators give two metrics the same code at once.
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

	it('adds a metric, sets its quarterly targets and baseline, retires it and brings it back', async () => {
		const { page: list } = await open('/admin/framework');
		await Promise.all([
			list.waitForURL(/\/admin\/framework\/metrics\/new\?priority=2$/),
			list.click('text=Add a metric to priority 2')
		]);
		const page = list;
		await expectNoAxeViolations(page, 'new metric page');
		const code = await page.inputValue('#code');
		expect(code).toMatch(/^P2\.\d\d$/);

		await Promise.all([page.waitForURL(/\/new\?/), page.click('text=Create metric')]);
		expect(await page.textContent('.error-summary')).toContain('Enter the metric’s name.');
		expect(await page.title()).toMatch(/^Error: /);
		await expectNoAxeViolations(page, 'new metric page with an error');
		await saveScreenshot(page, 'framework-new-metric-error');

		await page.fill('#name', 'Closure orders on premises used for exploitation');
		await page.fill('#definition', 'Closure orders granted by magistrates on premises.');
		await Promise.all([
			page.waitForURL(
				new RegExp(`/admin/framework/metrics/${code.replace('.', '\\.')}\\?done=created`)
			),
			page.click('text=Create metric')
		]);
		expect(await page.textContent('.success-banner')).toContain('Metric created');
		await expectNoAxeViolations(page, 'new metric’s own page');

		// A flow's four quarters must add up to its year.
		const field = (quarter: string) => `#target-${year}-HUMBER${quarter}`;
		await page.fill(field(''), '100');
		for (const [q, value] of [
			['-q1', '20'],
			['-q2', '30'],
			['-q3', '25'],
			['-q4', '30']
		])
			await page.fill(field(q!), value!);
		const saveYear = `text=Save targets for ${formatFinancialYear(year)}`;
		await Promise.all([page.waitForURL(/\?\/targets$/), page.click(saveYear)]);
		expect(await page.textContent('.error-summary')).toContain(
			'The quarterly targets for Humber in ' +
				formatFinancialYear(year) +
				' add up to 105, but the annual target is 100.'
		);
		expect(await page.inputValue(field('-q4'))).toBe('30');
		await expectNoAxeViolations(page, 'metric page with a quarterly target error');
		await saveScreenshot(page, 'framework-quarterly-targets-error');

		await page.fill(field('-q4'), '25');
		await Promise.all([page.waitForURL(/done=targets/), page.click(saveYear)]);
		expect(await page.inputValue(field('-q2'))).toBe('30');

		await page.fill('#baseline-HUMBER-year', '2023-24');
		await page.fill('#baseline-HUMBER-value', '-3');
		await Promise.all([page.waitForURL(/\?\/baselines$/), page.click('text=Save baselines')]);
		expect(await page.textContent('.error-summary')).toContain(
			'The baseline for Humber cannot be negative (got -3)'
		);
		await page.fill('#baseline-HUMBER-value', '80');
		await Promise.all([page.waitForURL(/done=baselines/), page.click('text=Save baselines')]);
		expect(await page.inputValue('#baseline-HUMBER-value')).toBe('80');
		await saveScreenshot(page, 'framework-new-metric-targets');

		await page.fill('#reason', 'Set up in error');
		await Promise.all([page.waitForURL(/done=retired/), page.click('text=Retire metric')]);
		await Promise.all([
			page.waitForURL(/\?\/reinstate$/),
			page.click('button:has-text("Bring back into use")')
		]);
		expect(await page.textContent('.error-summary')).toContain(
			`Say why ${code} is being brought back into use`
		);
		await expectNoAxeViolations(page, 'retired metric with an error');
		await saveScreenshot(page, 'framework-reinstate-error');
		await page.fill('#reinstateReason', 'Agreed by the board after all');
		await Promise.all([
			page.waitForURL(/done=reinstated/),
			page.click('button:has-text("Bring back into use")')
		]);
		expect(await page.textContent('.success-banner')).toContain('Metric back in use');
		await expectNoAxeViolations(page, 'metric back in use');
	});

	it('refuses a code another coordinator has just given to another metric, as a form error', async () => {
		// Two coordinators open two metrics and both choose the same new code.
		const { page: first } = await open('/admin/framework/metrics/P3.01');
		const { page: second } = await open('/admin/framework/metrics/P3.02');
		await first.fill('#code', 'P3.40');
		await second.fill('#code', 'P3.40');

		await Promise.all([first.waitForURL(/P3\.40\?done=saved/), first.click('text=Save details')]);
		await Promise.all([second.waitForURL(/\?\/update$/), second.click('text=Save details')]);

		expect(await second.textContent('.error-summary')).toContain(
			'Another metric already has the code P3.40'
		);
		// The form again with what was typed, not the error page.
		expect(await second.title()).toMatch(/^Error: P3\.02 – Framework/);
		expect(await second.inputValue('#code')).toBe('P3.40');
		await expectNoAxeViolations(second, 'metric page with a code clash');
	});
});
