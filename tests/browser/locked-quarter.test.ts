import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { reportablePeriods } from '../../src/core/dashboard';
import { formatPeriodLabel, formatPeriodSlug } from '../../src/core/periods';
import { readFrameworkFixture } from '../../src/db/seed';
import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { HUMBER_FIXTURES } from '../helpers/build-app';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * An approved quarter is closed to its partner on the submit page too (issue 6, "Bad input"): the
 * police's data lead checks a file for the latest quarter, the coordinator approves that quarter
 * meanwhile, and the upload the partner then confirms is refused in words, stores nothing, and
 * is in the audit log. Afterwards the page offers no upload for the quarter at all.
 */
let server: RunningServer;
let partner: LaunchedBrowser;
let coordinator: LaunchedBrowser;

const fixture = readFrameworkFixture(HUMBER_FIXTURES);
const periods = reportablePeriods(fixture.strategy.startsOn, new Date());
const latest = periods[periods.length - 1]!;
const slug = formatPeriodSlug(latest);
const LOCKED_MESSAGE = `${formatPeriodLabel(latest)} is closed for Humberside Police: its figures were approved. Ask the coordinator to reopen the quarter if a figure needs correcting.`;
/** A figure unlike any demo figure, so the file changes something and the preview offers to submit. */
const CSV = 'metric_code,area,value\r\nP2.01,HULL,987\r\n';

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	[partner, coordinator] = await Promise.all([launchBrowser(), launchBrowser()]);
	await Promise.all([
		signIn(partner.context, server.url, 'police@example.org'),
		signIn(coordinator.context, server.url, 'coordinator@example.org')
	]);
});

afterAll(async () => {
	await partner?.close();
	await coordinator?.close();
	await server?.stop();
});

const open = (browser: LaunchedBrowser, path: string) => openPage(browser, `${server.url}${path}`);

describe('a partner changing an approved quarter on the submit page', () => {
	it('is refused with the reason, stores nothing, and the refusal is audited', async () => {
		const { page, errors } = await open(partner, `/submit?period=${slug}`);
		await page.setInputFiles('#file', {
			name: 'police-latest.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(CSV, 'utf8')
		});
		await page.waitForSelector('text=Submit these figures');

		const { page: review } = await open(coordinator, `/review/hp/${slug}`);
		await Promise.all([
			review.waitForURL(/done=approve/),
			review.click('form[action="?/approve"] button')
		]);
		await expect.poll(() => review.textContent('.success-banner')).toContain('is approved');

		await Promise.all([page.waitForURL(/\?\/commit/), page.click('text=Submit these figures')]);
		await page.waitForSelector('.error-summary');
		expect(await page.title()).toMatch(/^Error: /);
		expect(await page.locator('.error-summary').innerText()).toContain(LOCKED_MESSAGE);
		await expectNoAxeViolations(page, 'submit page refusing an approved quarter');
		await saveScreenshot(page, 'submit-locked-refused');
		expect(unexpected(errors)).toEqual([]);

		const { page: log } = await open(
			coordinator,
			'/admin/audit?action=figures.import&outcome=refused'
		);
		// textContent, not innerText: the entry's details are folded away until opened.
		const entries = await log.locator('table tbody').textContent();
		expect(entries).toContain('police@example.org');
		expect(entries).toContain('locked-period');

		const stored = await coordinator.context.request.get(
			`${server.url}/api/v1/values?period=${slug}&metric=P2.01&partner=HP&area=HULL`
		);
		const { values } = (await stored.json()) as { values: { value: number | null }[] };
		expect(values).toHaveLength(1);
		expect(values[0]!.value).not.toBe(987);
	});

	it('then shows the quarter as closed, with no upload offered', async () => {
		const { page } = await open(partner, `/submit?period=${slug}`);
		expect(await page.locator('main').innerText()).toContain(
			'These figures are approved, so the quarter is closed.'
		);
		expect(await page.locator('#file').count()).toBe(0);
		await expectNoAxeViolations(page, 'submit page for an approved quarter');
	});
});

/** Console errors other than Chromium's note of the 422 with which a refused form is answered. */
function unexpected(errors: string[]): string[] {
	return errors.filter((e) => !/Failed to load resource: .* status of 422/.test(e));
}
