import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PageHandler } from '../../../src/api/app.js';
import {
	buildTestApp,
	createTestApiToken,
	signedInUser,
	type TestApp
} from '../../helpers/build-app.js';

const pages: PageHandler = (_req, res) => {
	res.writeHead(200, { 'content-type': 'text/html' });
	res.end('page');
};

describe('API rate limit', () => {
	let built: TestApp;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework', env: { API_RATE_LIMIT: '3' }, pages });
	});

	afterAll(async () => {
		await built.close();
	});

	it('answers the request after the limit with a JSON 429 and retry-after', async () => {
		const { cookie } = await signedInUser(built.services, 'viewer');
		for (let i = 0; i < 3; i++) {
			const res = await built.app.inject({ url: '/api/v1/framework', headers: { cookie } });
			expect(res.statusCode).toBe(200);
			expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i));
		}
		const over = await built.app.inject({ url: '/api/v1/framework', headers: { cookie } });
		expect(over.statusCode).toBe(429);
		expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
		expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
		expect(over.headers['cache-control']).toBe('no-store');
		expect(over.json()).toEqual({
			error: {
				code: 'too_many_requests',
				message: 'There have been too many requests. Wait 1 minute and try again.'
			}
		});
	});

	it('gives each user and token its own budget, whatever their address', async () => {
		const [first, second] = [
			await signedInUser(built.services, 'funder'),
			await signedInUser(built.services, 'funder')
		];
		const token = createTestApiToken(built.services).authorization;
		for (const headers of [{ cookie: first!.cookie }, { authorization: token }])
			for (let i = 0; i < 4; i++)
				await built.app.inject({ url: '/api/v1/framework', headers, remoteAddress: '10.0.0.1' });
		const res = await built.app.inject({
			url: '/api/v1/framework',
			headers: { cookie: second!.cookie },
			remoteAddress: '10.0.0.1'
		});
		expect(res.statusCode).toBe(200);
	});

	it('counts anonymous callers by address, unknown routes included', async () => {
		for (let i = 0; i < 3; i++)
			await built.app.inject({ url: `/api/v1/probe-${i}`, remoteAddress: '10.0.0.2' });
		const blocked = await built.app.inject({ url: '/api/v1/health', remoteAddress: '10.0.0.2' });
		expect(blocked.statusCode).toBe(429);
		const elsewhere = await built.app.inject({ url: '/api/v1/health', remoteAddress: '10.0.0.3' });
		expect(elsewhere.statusCode).toBe(200);
	});

	it('leaves the pages alone', async () => {
		for (let i = 0; i < 10; i++) {
			const res = await built.app.inject({ url: '/', remoteAddress: '10.0.0.4' });
			expect(res.statusCode).toBe(200);
			expect(res.headers['x-ratelimit-limit']).toBeUndefined();
		}
	});
});
