/**
 * An approved quarter is closed to its partner through every door (issue 6, "Bad input"): the
 * submit page's upload (the import service call the page makes), the API and the command line
 * each refuse a change with a message that says what to do, store nothing, and audit the refusal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import {
	buildTestApp,
	createTestApiToken,
	partnerIdOf,
	TEST_NOW,
	type TestApp
} from '../helpers/build-app.js';

const LOCKED_MESSAGE =
	'2025-26 Q1 is closed for Humberside Police: its figures were approved. Ask the coordinator to reopen the quarter if a figure needs correcting.';
const FIRST = 'metric_code,area,value\r\nP2.01,HULL,12\r\n';
const CHANGED = 'metric_code,area,value\r\nP2.01,HULL,13\r\n';

describe('a partner changing an approved quarter', () => {
	let built: TestApp;
	let token: { authorization: string; id: number };
	let hp: number;

	const refusals = () =>
		built.services.db.$client
			.prepare(
				`SELECT actor_label, after FROM audit_log
				 WHERE action = 'figures.import' AND outcome = 'refused' ORDER BY id`
			)
			.all() as { actor_label: string; after: string }[];
	const hullFigure = () =>
		built.services.db.$client
			.prepare(
				`SELECT value FROM figures WHERE partner_id = ? AND area_code = 'HULL' AND year = 2025 AND quarter = 1`
			)
			.pluck()
			.get(hp);

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework' });
		token = createTestApiToken(built.services, 'HP');
		hp = partnerIdOf(built.services, 'HP');
		const sent = await built.app.inject({
			method: 'POST',
			url: '/api/v1/imports?period=2025-26-q1&dryRun=false',
			headers: { authorization: token.authorization, 'content-type': 'text/csv' },
			payload: FIRST
		});
		expect(sent.statusCode, sent.body).toBe(200);
		const approved = built.services.review.act({
			partnerId: hp,
			year: 2025,
			quarter: 1,
			action: 'approve',
			reason: '',
			seenVersion: built.services.review.findOne(hp, 2025, 1)!.version,
			actor: { userId: null, label: 'coordinator@example.org', ip: '' },
			partnerName: 'Humberside Police',
			quarterLabel: '2025-26 Q1'
		});
		expect(approved.ok).toBe(true);
	});

	afterAll(async () => {
		await built.close();
	});

	it('is refused on the submit page’s upload, and audited', () => {
		const before = refusals().length;
		const result = built.services.imports.importFile({
			principal: { kind: 'token', tokenId: token.id, partnerId: hp, label: 'police@example.org' },
			framework: built.services.framework.load(),
			partnerCode: 'HP',
			period: '2025-26 Q1',
			dryRun: false,
			source: 'file',
			ip: '10.0.0.5',
			bytes: Buffer.from(CHANGED),
			fileName: 'hp-q1.csv',
			contentType: 'text/csv'
		});
		expect(result.summary.ok).toBe(false);
		expect(result.summary.errors.map((e) => e.message)).toContain(LOCKED_MESSAGE);
		expect(hullFigure()).toBe(12);
		expect(refusals()).toHaveLength(before + 1);
		expect(JSON.parse(refusals().at(-1)!.after)).toMatchObject({
			source: 'file',
			codes: ['locked-period']
		});
	});

	it('is refused by the API with 422 and the reason, and audited', async () => {
		const before = refusals().length;
		const res = await built.app.inject({
			method: 'POST',
			url: '/api/v1/imports?period=2025-26-q1&dryRun=false',
			headers: { authorization: token.authorization, 'content-type': 'text/csv' },
			payload: CHANGED
		});
		expect(res.statusCode).toBe(422);
		expect(res.body).toContain(LOCKED_MESSAGE);
		expect(hullFigure()).toBe(12);
		expect(refusals()).toHaveLength(before + 1);
		expect(JSON.parse(refusals().at(-1)!.after)).toMatchObject({
			source: 'api',
			codes: ['locked-period']
		});
	});

	it('is refused and audited even as a preview, so the coordinator sees who tried', () => {
		const before = refusals().length;
		const result = built.services.imports.importFile({
			principal: { kind: 'token', tokenId: token.id, partnerId: hp, label: 'police@example.org' },
			framework: built.services.framework.load(),
			partnerCode: 'HP',
			period: '2025-26 Q1',
			dryRun: true,
			source: 'file',
			ip: '10.0.0.5',
			bytes: Buffer.from(CHANGED),
			fileName: 'hp-q1.csv',
			contentType: 'text/csv'
		});
		expect(result.summary.errors.map((e) => e.message)).toContain(LOCKED_MESSAGE);
		expect(refusals()).toHaveLength(before + 1);
		expect(JSON.parse(refusals().at(-1)!.after)).toMatchObject({
			dryRun: true,
			codes: ['locked-period']
		});
	});

	it('is refused by the command line with exit 1 and the reason, and audited', async () => {
		const file = join(built.dir, 'hp-q1.csv');
		writeFileSync(file, CHANGED);
		const out: string[] = [];
		const err: string[] = [];
		const before = refusals().length;
		const code = await runCli(['import', file, '--partner', 'HP', '--period', '2025-26 Q1'], {
			out: (t) => out.push(t),
			err: (t) => err.push(t),
			env: {
				DATABASE_PATH: built.services.config.databasePath,
				LOG_LEVEL: 'silent'
			},
			now: () => new Date(TEST_NOW)
		});
		expect(code).toBe(1);
		expect(out.join('') + err.join('')).toContain(LOCKED_MESSAGE);
		expect(hullFigure()).toBe(12);
		expect(refusals()).toHaveLength(before + 1);
		expect(JSON.parse(refusals().at(-1)!.after)).toMatchObject({
			source: 'cli',
			codes: ['locked-period']
		});
	});
});
