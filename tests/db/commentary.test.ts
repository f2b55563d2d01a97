import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp, type TestApp } from '../helpers/build-app.js';

/** Commentary keeps every save: the newest is the commentary, the rest its history. */
describe('commentary', () => {
	let t: TestApp;
	const q2 = { year: 2025, quarter: 2 } as const;

	beforeEach(async () => {
		t = await buildTestApp({ seed: 'framework' });
	});
	afterEach(async () => {
		await t.close();
	});

	it('keeps each save as a version, newest first, and audits each one', () => {
		const priorityId = t.services.framework.load().priorities[0]!.id;
		const actor = { actorUserId: null, actorLabel: 'coordinator@example.org', ip: '127.0.0.1' };
		t.services.commentary.create(
			{ priorityId, period: q2, body: 'First.', authorUserId: null },
			actor
		);
		t.services.commentary.create(
			{ priorityId, period: q2, body: 'Second.', authorUserId: null },
			actor
		);
		t.services.commentary.create(
			{ priorityId, period: { year: 2025, quarter: 3 }, body: 'Next quarter.', authorUserId: null },
			actor
		);

		expect(t.services.commentary.findVersions(priorityId, q2).map((v) => v.body)).toEqual([
			'Second.',
			'First.'
		]);
		expect(t.services.commentary.findLatestForPeriod(q2).get(priorityId)?.body).toBe('Second.');
		const audited = t.services.db.$client
			.prepare(`SELECT actor_label AS who FROM audit_log WHERE action = 'commentary.save'`)
			.all();
		expect(audited).toEqual([
			{ who: 'coordinator@example.org' },
			{ who: 'coordinator@example.org' },
			{ who: 'coordinator@example.org' }
		]);
	});

	it('finds the partners’ comments on their current figures for the quarter, and no empty ones', () => {
		const id = (sql: string) => t.services.db.$client.prepare(sql).pluck().get() as number;
		const hp = id(`SELECT id FROM partners WHERE code = 'HP'`);
		const p201 = id(`SELECT id FROM metrics WHERE code = 'P2.01'`);
		const p202 = id(`SELECT id FROM metrics WHERE code = 'P2.02'`);
		const figure = (metricId: number, value: number, comment: string) => ({
			metricId,
			partnerId: hp,
			areaCode: 'HULL',
			year: 2025,
			quarter: 2,
			kind: 'value' as const,
			value,
			comment,
			sourceRow: null
		});
		const meta = {
			source: 'form' as const,
			partnerId: hp,
			fileName: null,
			contentType: null,
			content: null,
			uploadedByUserId: null,
			actorLabel: 'police@example.org',
			ip: ''
		};
		t.services.figures.commit(meta, [
			figure(p201, 30, 'Operation Aidant week'),
			figure(p202, 9, '')
		]);
		t.services.figures.commit(meta, [figure(p201, 31, 'Operation Aidant week, corrected')]);

		expect(t.services.commentary.findPartnerComments([p201, p202], q2)).toEqual([
			{
				metricId: p201,
				partnerId: hp,
				areaCode: 'HULL',
				comment: 'Operation Aidant week, corrected'
			}
		]);
	});
});
