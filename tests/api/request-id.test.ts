import { afterEach, describe, expect, it } from 'vitest';

import type { PageHandler, RequestWithServices } from '../../src/api/app.js';
import { loggableUrl } from '../../src/api/logging.js';
import { REQUEST_KEY } from '../../src/request-key.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
	let built: TestApp | undefined;

	afterEach(async () => {
		await built?.close();
		built = undefined;
	});

	it('gives every API answer a new random id in X-Request-Id, errors included', async () => {
		built = await buildTestApp();
		const ids = new Set<string>();
		for (const url of [
			'/api/v1/health',
			'/api/v1/health',
			'/api/v1/framework',
			'/api/v1/nothing'
		]) {
			const res = await built.app.inject({ method: 'GET', url });
			expect(res.headers['x-request-id'], url).toMatch(UUID);
			ids.add(res.headers['x-request-id'] as string);
		}
		expect(ids.size).toBe(4);
	});

	it('keeps a sane id sent by the caller, so a proxy’s log and ours line up', async () => {
		built = await buildTestApp();
		for (const sent of ['abc-123', 'req_42.retry', 'A'.repeat(64)]) {
			const res = await built.app.inject({
				method: 'GET',
				url: '/api/v1/health',
				headers: { 'x-request-id': sent }
			});
			expect(res.headers['x-request-id']).toBe(sent);
		}
	});

	it('replaces an id that is too long or holds other characters with its own', async () => {
		built = await buildTestApp();
		for (const sent of ['A'.repeat(65), 'has space', 'new\\nline', '<script>', 'a/b', '']) {
			const res = await built.app.inject({
				method: 'GET',
				url: '/api/v1/health',
				headers: { 'x-request-id': sent }
			});
			expect(res.headers['x-request-id'], sent).toMatch(UUID);
		}
	});

	it('hands the pages the same id, and the request’s logger, with the header already set', async () => {
		const seen: { id?: string; hasLog?: boolean; header?: unknown }[] = [];
		const pages: PageHandler = (req, res) => {
			const context = (req as RequestWithServices)[REQUEST_KEY];
			seen.push({
				id: context?.id,
				hasLog: typeof context?.log.error === 'function',
				header: res.getHeader('x-request-id')
			});
			res.end('page');
		};
		built = await buildTestApp({ pages });
		const res = await built.app.inject({
			method: 'GET',
			url: '/metrics/P1.01',
			headers: { host: 'localhost:3000', 'x-request-id': 'from-proxy-7' }
		});
		expect(res.body).toBe('page');
		expect(res.headers['x-request-id']).toBe('from-proxy-7');
		expect(seen).toEqual([{ id: 'from-proxy-7', hasLog: true, header: 'from-proxy-7' }]);
	});
});

describe('loggableUrl', () => {
	it('keeps the path and drops the query string, whose values are the caller’s', () => {
		expect(loggableUrl('/api/v1/values?period=2025-26-q1&partner=HP')).toBe('/api/v1/values');
		expect(loggableUrl('/sign-in?next=%2Fsubmit')).toBe('/sign-in');
		expect(loggableUrl('/submit?/confirm')).toBe('/submit');
		expect(loggableUrl('/')).toBe('/');
	});

	it('hides the secret in a submission link or a set-password link, on every path under it', () => {
		expect(loggableUrl('/link/st_link_abcdef')).toBe('/link/[secret]');
		expect(loggableUrl('/link/st_link_abcdef/template?x=1')).toBe('/link/[secret]/template');
		expect(loggableUrl('/set-password/Zm9vYmFy')).toBe('/set-password/[secret]');
		expect(loggableUrl('/set-password/Zm9vYmFy/__data.json')).toBe(
			'/set-password/[secret]/__data.json'
		);
	});

	it('leaves a path that merely starts alike alone', () => {
		expect(loggableUrl('/linked/abc')).toBe('/linked/abc');
		expect(loggableUrl('/link')).toBe('/link');
	});
});
