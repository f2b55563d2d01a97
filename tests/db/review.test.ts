import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { createDeadlineQueries } from '../../src/db/deadlines.js';
import { createFiguresRepository, LockedQuarterError } from '../../src/db/figures.js';
import { createReviewRepository, type ReviewCommand } from '../../src/db/review.js';
import { seedDatabase } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

describe('review transitions in the database', () => {
	let database: TempDatabasePath;
	let db: Db;
	let hp: number;
	let p208: number;
	const id = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
	const rows = (sql: string) => db.$client.prepare(sql).all() as Record<string, unknown>[];

	beforeEach(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false, today: TEST_NOW });
		hp = id(`SELECT id FROM partners WHERE code = 'HP'`);
		p208 = id(`SELECT id FROM metrics WHERE code = 'P2.08'`);
	});

	afterEach(() => {
		closeDatabase(db);
		database.remove();
	});

	function send(value: number) {
		createFiguresRepository(db).commit(
			{
				source: 'form',
				partnerId: hp,
				fileName: null,
				contentType: null,
				content: null,
				uploadedByUserId: null,
				actorLabel: 'police@example.org',
				ip: ''
			},
			[
				{
					metricId: p208,
					partnerId: hp,
					areaCode: 'HULL',
					year: 2025,
					quarter: 1,
					kind: 'value',
					value,
					comment: '',
					sourceRow: null
				}
			]
		);
	}

	const review = () => createReviewRepository(db, () => TEST_NOW);
	const command = (over: Partial<ReviewCommand>): ReviewCommand => ({
		partnerId: hp,
		year: 2025,
		quarter: 1,
		action: 'approve',
		reason: '',
		seenVersion: 1,
		actor: { userId: null, label: 'coordinator@example.org', ip: '10.0.0.1' },
		partnerName: 'Humberside Police',
		quarterLabel: 'Q1 2025/26',
		...over
	});

	it('lets only the first of two reviewers acting on the same version win; the second is told', () => {
		send(12);
		const seen = review().findOne(hp, 2025, 1)!.version;
		const first = review().act(command({ action: 'approve', seenVersion: seen }));
		const second = review().act(
			command({ action: 'return', reason: 'Looks doubled', seenVersion: seen })
		);
		expect(first).toEqual({ ok: true, from: 'submitted', to: 'approved', version: seen + 1 });
		expect(second).toMatchObject({ ok: false, code: 'stale' });
		expect(second.ok ? '' : second.message).toContain('Nothing was changed');
		// The approval stands, with no reason from the refused return.
		expect(review().findOne(hp, 2025, 1)).toMatchObject({ status: 'approved', reason: null });
		expect(
			rows(`SELECT action, outcome FROM audit_log WHERE action LIKE 'submission.%' ORDER BY id`)
		).toEqual([
			{ action: 'submission.approve', outcome: 'success' },
			{ action: 'submission.return', outcome: 'refused' }
		]);
	});

	it('records an event and an audit entry for each transition, with the reason', () => {
		send(12);
		const r = review();
		// Version 1 on first sending; each transition and each new sending adds one.
		const returned = r.act(
			command({ action: 'return', reason: 'Hull is doubled', seenVersion: 1 })
		);
		expect(returned).toMatchObject({ ok: true, to: 'returned', version: 2 });
		send(6);
		const approved = r.act(command({ action: 'approve', seenVersion: 3 }));
		expect(approved).toMatchObject({ ok: true, from: 'submitted', to: 'approved', version: 4 });
		const reopened = r.act(command({ action: 'reopen', reason: 'Restated', seenVersion: 4 }));
		expect(reopened).toMatchObject({ ok: true, from: 'approved', to: 'returned', version: 5 });
		expect(
			rows(`SELECT from_status, to_status, reason FROM submission_events ORDER BY id`)
		).toEqual([
			{ from_status: 'not_started', to_status: 'submitted', reason: null },
			{ from_status: 'submitted', to_status: 'returned', reason: 'Hull is doubled' },
			{ from_status: 'returned', to_status: 'submitted', reason: null },
			{ from_status: 'submitted', to_status: 'approved', reason: null },
			{ from_status: 'approved', to_status: 'returned', reason: 'Restated' }
		]);
		const audit = rows(
			`SELECT action, actor_label, ip, after FROM audit_log WHERE action LIKE 'submission.%' ORDER BY id`
		);
		expect(audit.map((a) => a.action)).toEqual([
			'submission.return',
			'submission.approve',
			'submission.reopen'
		]);
		expect(JSON.parse(audit[0]!.after as string)).toMatchObject({
			status: 'returned',
			reason: 'Hull is doubled'
		});
		expect(review().findOne(hp, 2025, 1)).toMatchObject({ status: 'returned', reason: 'Restated' });
	});

	it('refuses to approve a quarter with no submission, storing only the refusal’s audit entry', () => {
		const result = review().act(command({ action: 'approve' }));
		expect(result).toMatchObject({ ok: false, code: 'nothing-sent' });
		expect(rows(`SELECT count(*) AS n FROM submissions`)).toEqual([{ n: 0 }]);
		expect(
			rows(`SELECT action, outcome, detail FROM audit_log WHERE action LIKE 'submission.%'`)
		).toEqual([
			{
				action: 'submission.approve',
				outcome: 'refused',
				detail:
					'Humberside Police has sent no figures for Q1 2025/26, so there is nothing to approve.'
			}
		]);
	});

	it('closes an approved quarter to new figures until it is reopened', () => {
		send(12);
		review().act(command({ action: 'approve', seenVersion: 1 }));
		expect(() => send(13)).toThrow(LockedQuarterError);
		review().act(command({ action: 'reopen', reason: 'Restated', seenVersion: 2 }));
		send(13);
		expect(review().findOne(hp, 2025, 1)).toMatchObject({ status: 'submitted' });
	});

	it('lists the returns waiting for review, newest quarter first', () => {
		send(12);
		const queue = review().queue(null);
		expect(queue).toEqual([
			expect.objectContaining({ partnerCode: 'HP', year: 2025, quarter: 1, status: 'submitted' })
		]);
		expect(review().queue({ year: 2025, quarter: 2 })).toEqual([]);
	});
});

describe('quarter deadlines in the database', () => {
	let database: TempDatabasePath;
	let db: Db;

	beforeEach(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
	});

	afterEach(() => {
		closeDatabase(db);
		database.remove();
	});

	it('sets, replaces and clears a quarter’s deadline, auditing each change', () => {
		const deadlines = createDeadlineQueries(db);
		const actor = { userId: null, label: 'coordinator@example.org', ip: '' };
		const q1 = { year: 2025, quarter: 1 as const };
		deadlines.setDeadline(q1, '2025-08-15', actor);
		deadlines.setDeadline(q1, '2025-08-20', actor);
		expect([...deadlines.overrides()]).toEqual([['2025|1', '2025-08-20']]);
		deadlines.setDeadline(q1, null, actor);
		expect(deadlines.overrides().size).toBe(0);
		const audit = db.$client
			.prepare(`SELECT before, after FROM audit_log WHERE action = 'deadline.set' ORDER BY id`)
			.all() as { before: string; after: string }[];
		expect(audit.map((a) => [JSON.parse(a.before).deadline, JSON.parse(a.after).deadline])).toEqual(
			[
				[null, '2025-08-15'],
				['2025-08-15', '2025-08-20'],
				['2025-08-20', null]
			]
		);
	});
});
