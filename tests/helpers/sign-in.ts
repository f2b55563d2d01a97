import type { BrowserContext } from 'playwright-core';

import { DEFAULT_DEMO_PASSWORD } from '../../src/config';

/** Signs a demo user in through the real form, leaving the session cookie in the context. */
export async function signIn(
	context: BrowserContext,
	baseUrl: string,
	email: string,
	password = DEFAULT_DEMO_PASSWORD
): Promise<void> {
	const page = await context.newPage();
	await page.goto(`${baseUrl}/sign-in`);
	// Typing before hydration races it: hydrating the email field's value={…} can empty it again.
	await page.waitForSelector('header[data-hydrated]');
	await page.fill('#email', email);
	await page.fill('#password', password);
	await Promise.all([
		page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
		page.click('button[type=submit]')
	]);
	await page.close();
}
