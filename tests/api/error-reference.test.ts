/**
 * When the fault is ours, the API gives the caller a reference to quote and the log keeps the
 * detail, stack included, under the same id. (The pages: tests/browser/error-page.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp, type TestApp } from '../helpers/build-app.js';

type LogLine = { msg?: string; reqId?: string; err?: { message?: string; stack?: string } };

describe('a failure of ours in the API', () => {
	let built: TestApp | undefined;

	afterEach(async () => {
		await built?.close();
		built = undefined;
	});

	it('answers with the reference in the message and on its own, and logs the stack under it', async () => {
		const lines: LogLine[] = [];
		built = await buildTestApp({
			logger: { level: 'info', stream: { write: (line) => void lines.push(JSON.parse(line)) } }
		});
		built.app.get('/api/v1/kaboom', { config: { public: true } }, async () => {
			throw new Error('Kaboom: a bug');
		});
		const res = await built.app.inject({ method: 'GET', url: '/api/v1/kaboom' });
		const id = res.headers['x-request-id'] as string;
		expect(res.statusCode).toBe(500);
		expect(res.json().error.reference).toBe(id);
		expect(res.json().error.message).toMatch(new RegExp(`quote reference ${id}\\.$`));
		expect(res.body).not.toContain('Kaboom');

		const failure = lines.find((l) => l.msg === 'request failed');
		expect(failure?.reqId).toBe(id);
		expect(failure?.err?.stack).toMatch(/Kaboom: a bug\n\s+at /);
	});
});
