import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PageHandler } from '../../../src/api/app.js';
import { buildTestApp, signedInUser, type TestApp } from '../../helpers/build-app.js';

/** Stands in for SvelteKit, which sets the pages' own CSP (svelte.config.js). */
const pages: PageHandler = (_req, res) => {
	res.writeHead(200, {
		'content-type': 'text/html',
		'content-security-policy': "default-src 'self'; script-src 'self' 'nonce-abc'"
	});
	res.end('<!doctype html><title>page</title>');
};

/** What every response carries, page or API (ASVS 3.4). */
const COMMON = {
	'strict-transport-security': 'max-age=31536000; includeSubDomains',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin'
};

describe('security headers', () => {
	let built: TestApp;
	let cookie: string;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework', pages });
		cookie = (await signedInUser(built.services, 'viewer')).cookie;
	});

	afterAll(async () => {
		await built.close();
	});

	it('sends a strict CSP and no-store with every API answer, refusals and 404s included', async () => {
		for (const [url, status, headers] of [
			['/api/v1/health', 200, {}],
			['/api/v1/framework', 200, { cookie }],
			['/api/v1/framework', 401, {}],
			['/api/v1/no-such-route', 404, {}]
		] as const) {
			const res = await built.app.inject({ url, headers });
			expect(res.statusCode, url).toBe(status);
			expect(res.headers, `${url} ${status}`).toMatchObject({
				...COMMON,
				'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
				'cache-control': 'no-store'
			});
		}
	});

	it('sends the same headers with a page, leaving its CSP to SvelteKit alone', async () => {
		const res = await built.app.inject({ url: '/priorities/1' });
		expect(res.statusCode).toBe(200);
		expect(res.headers).toMatchObject(COMMON);
		// One CSP, SvelteKit's: a second would intersect with it and block the inline bootstrap.
		expect(res.headers['content-security-policy']).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc'"
		);
		expect(res.rawPayload.toString()).toContain('<title>page</title>');
	});
});
