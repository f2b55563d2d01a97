/**
 * A large file full of mistakes (issue 14): the check lists the first 1,000 problems and counts
 * the rest by kind, and other requests are answered while it runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp, createTestApiToken, type TestApp } from '../../../helpers/build-app.js';

let built: TestApp;
let token: string;

beforeAll(async () => {
	built = await buildTestApp({ seed: 'framework' });
	token = createTestApiToken(built.services, 'HP').authorization;
});
afterAll(async () => {
	await built.close();
});

/** Rows with mistakes: most name a metric that does not exist, every fifth a value that is none. */
function badFile(rows: number): string {
	const lines = ['metric_code,period,area,value'];
	for (let i = 0; i < rows; i++)
		lines.push(
			i % 5
				? `PX.${String(i % 97).padStart(2, '0')},2025-26 Q1,HUMBER,1`
				: 'P2.06,2025-26 Q1,HUMBER,lots'
		);
	return `${lines.join('\n')}\n`;
}

const importFile = (csv: string) =>
	built.app.inject({
		method: 'POST',
		url: '/api/v1/imports?dryRun=true',
		headers: { authorization: token, 'content-type': 'text/csv' },
		payload: csv
	});

describe('a file with a mistake on every row', () => {
	it('lists the first 1,000 problems and counts the rest by kind', async () => {
		const res = await importFile(badFile(30_000));
		expect(res.statusCode).toBe(422);
		const summary = res.json() as {
			errorCount: number;
			errors: { code: string; message: string }[];
		};
		// Every fifth row's metric is real, so its value and its partner are checked too: two more.
		expect(summary.errorCount).toBe(36_000);
		expect(summary.errors).toHaveLength(1001);
		expect(summary.errors.at(-1)!.message).toMatch(
			/^And 35,000 more problems not listed \(\d[\d,]* unknown-metric(, \d[\d,]* [a-z-]+)+\)\./
		);
		expect(res.body.length).toBeLessThan(400_000);
	});

	it('lets other requests through while it is checked', async () => {
		const finished: string[] = [];
		const upload = importFile(badFile(60_000)).then(() => finished.push('import'));
		// Sent once the check has started: answered between its slices, not after them all (a
		// check that held the event loop would hold this timer too, until it had finished).
		await new Promise((resolve) => setTimeout(resolve, 20));
		const health = built.app
			.inject({ method: 'GET', url: '/api/v1/health' })
			.then(() => finished.push('health'));
		await Promise.all([upload, health]);
		expect(finished).toEqual(['health', 'import']);
	});
});
