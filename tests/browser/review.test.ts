import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { reportablePeriods } from '../../src/core/dashboard';
import { formatPeriodSlug } from '../../src/core/periods';
import { readFrameworkFixture } from '../../src/db/seed';
import { expectNoAxeViolations } from '../helpers/axe';
import { openPage, saveScreenshot } from '../helpers/browser-page';
import { HUMBER_FIXTURES } from '../helpers/build-app';
import { launchBrowser, type LaunchedBrowser } from '../helpers/chromium';
import { signIn } from '../helpers/sign-in';
import { startServer, type RunningServer } from '../helpers/start-server';

/**
 * The review workflow on the demo data: the coordinator approves one return and returns another
 * with a reason, the partner sees the reason, and a second reviewer acting on what they saw
 * before is told rather than overwriting the first.
 */
let server: RunningServer;
let coordinator: LaunchedBrowser;

const fixture = readFrameworkFixture(HUMBER_FIXTURES);
const periods = reportablePeriods(fixture.strategy.startsOn, new Date());
const latest = formatPeriodSlug(periods[periods.length - 1]!);
/** Partners with a demo sign-in, so the test can look as them. */
const PARTNER_LOGINS: Record<string, string> = {
	HP: 'police@example.org',
	HCC: 'hull@example.org'
};
const REASON = 'Hull victims look doubled: please check the area of each case.';

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	coordinator = await launchBrowser();
	await signIn(coordinator.context, server.url, 'coordinator@example.org');
});

afterAll(async () => {
	await coordinator?.close();
	await server?.stop();
});

const open = (browser: LaunchedBrowser, path: string) => openPage(browser, `${server.url}${path}`);

const screenshot = saveScreenshot;

/** The queue's rows: partner name and the link to each review page. */
async function readQueue(page: Page): Promise<{ name: string; href: string }[]> {
	return page.$$eval('table tbody th a', (links) =>
		links.map((a) => ({
			name: a.firstChild!.textContent!.trim(),
			href: a.getAttribute('href')!
		}))
	);
}

describe('review', () => {
	it('approves one return and returns another with a reason the partner then sees', async () => {
		const { page: queuePage, errors } = await open(coordinator, `/review?period=${latest}`);
		await expectNoAxeViolations(queuePage, 'review queue');
		await screenshot(queuePage, 'review-queue');
		const queue = await readQueue(queuePage);
		expect(queue.length).toBeGreaterThanOrEqual(2);
		const toReturn = queue.find((r) =>
			Object.keys(PARTNER_LOGINS).some((c) => r.href.startsWith(`/review/${c.toLowerCase()}/`))
		);
		expect(toReturn, 'a partner with a demo sign-in is waiting for review').toBeDefined();
		const toApprove = queue.find((r) => r !== toReturn)!;

		// Approve.
		const { page: approvePage } = await open(coordinator, toApprove.href);
		await expectNoAxeViolations(approvePage, 'review page');
		await screenshot(approvePage, 'review-page');
		await Promise.all([
			approvePage.waitForURL(/done=approve/),
			approvePage.click('form[action="?/approve"] button')
		]);
		await expect.poll(() => approvePage.textContent('.success-banner')).toContain('is approved');
		await expectNoAxeViolations(approvePage, 'review page after approval');
		await screenshot(approvePage, 'review-approved');
		expect(await approvePage.textContent('form[action="?/reopen"]')).toContain('Reopen');

		// Return, first without a reason (refused), then with one.
		const { page: returnPage } = await open(coordinator, toReturn!.href);
		// A second coordinator, looking at the same version.
		const { page: stalePage } = await open(coordinator, toReturn!.href);
		await returnPage.click('form[action="?/return"] button');
		await returnPage.waitForSelector('.error-summary');
		expect(await returnPage.textContent('.error-summary')).toContain(
			'Enter the reason for returning the figures'
		);
		await expectNoAxeViolations(returnPage, 'return refused without a reason');
		await screenshot(returnPage, 'review-return-no-reason');
		await returnPage.fill('#return-reason', REASON);
		await Promise.all([
			returnPage.waitForURL(/done=return/),
			returnPage.click('form[action="?/return"] button')
		]);
		expect(await returnPage.textContent('.summary-list')).toContain(REASON);

		// The second coordinator approves what they saw before the return: refused, nothing lost.
		await stalePage.click('form[action="?/approve"] button');
		await stalePage.waitForSelector('.error-summary');
		expect(await stalePage.textContent('.error-summary')).toContain(
			'changed while you were looking at it'
		);
		expect(await stalePage.textContent('.summary-list')).toContain(REASON);
		await expectNoAxeViolations(stalePage, 'stale approval refused');
		await screenshot(stalePage, 'review-stale');

		// The approved and returned are no longer waiting.
		await queuePage.reload();
		const after = await readQueue(queuePage);
		expect(after.map((r) => r.href)).not.toContain(toApprove.href);
		expect(after.map((r) => r.href)).not.toContain(toReturn!.href);
		expect(errors).toEqual([]);

		// The partner sees the reason on the submit page and on the quarter's history.
		const code = toReturn!.href.split('/')[2]!.toUpperCase();
		const partner = await launchBrowser();
		try {
			await signIn(partner.context, server.url, PARTNER_LOGINS[code]!);
			const { page: submitPage } = await open(partner, `/submit?period=${latest}`);
			expect(await submitPage.textContent('.summary-list')).toContain(REASON);
			await expectNoAxeViolations(submitPage, 'partner submit page with a returned quarter');
			await screenshot(submitPage, 'review-partner-submit');
			const { page: historyPage } = await open(
				partner,
				`/submissions/${code.toLowerCase()}/${latest}`
			);
			expect(await historyPage.textContent('.summary-list')).toContain(REASON);
			// The partner cannot open the review pages.
			const refused = await partner.context.newPage();
			expect((await refused.goto(`${server.url}/review`))?.status()).toBe(403);
		} finally {
			await partner.close();
		}
	});

	it('sets a quarter’s deadline, refusing one before the quarter ends', async () => {
		const { page } = await open(coordinator, `/review?period=${latest}`);
		await page.fill('#deadline', '2000-01-01');
		await page.click('form[action="?/deadline"] button');
		await page.waitForSelector('.error-summary');
		expect(await page.textContent('.error-summary')).toContain('must be on or after');
		await expectNoAxeViolations(page, 'deadline refused');
		await screenshot(page, 'review-deadline-refused');
	});
});
