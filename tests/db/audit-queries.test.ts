import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { appendAudit } from '../../src/db/audit.js';
import { createAuditQueries } from '../../src/db/audit-queries.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { auditLog } from '../../src/db/schema.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

describe('audit log queries', () => {
	let database: TempDatabasePath;
	let db: Db;

	beforeEach(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false, today: TEST_NOW });
	});

	afterEach(() => {
		closeDatabase(db);
		database.remove();
	});

	/** The log is append-only and stamps `at` on insert, so tests that need times set them here. */
	function insertAt(
		at: string,
		actorLabel: string,
		action: string,
		outcome: 'success' | 'failure' = 'success'
	) {
		db.insert(auditLog).values({ at, actorLabel, action, outcome, ip: '10.0.0.1' }).run();
	}

	it('lists newest first, 50 a page, with the total and page count', () => {
		for (let i = 0; i < 120; i++)
			insertAt(
				`2030-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`,
				'someone@example.org',
				'test.entry'
			);
		const queries = createAuditQueries(db);
		const first = queries.paginate({ action: 'test.entry' }, { page: 1, pageSize: 50 });
		expect(first.total).toBe(120);
		expect(first.pageCount).toBe(3);
		expect(first.entries).toHaveLength(50);
		expect(first.entries[0]!.at).toBe('2030-01-01T00:01:59.000Z');
		const last = queries.paginate({ action: 'test.entry' }, { page: 3, pageSize: 50 });
		expect(last.entries).toHaveLength(20);
		expect(last.entries.at(-1)!.at).toBe('2030-01-01T00:00:00.000Z');
		// A page past the end shows the last page rather than nothing.
		expect(queries.paginate({ action: 'test.entry' }, { page: 99, pageSize: 50 }).page).toBe(3);
	});

	it('filters by action, outcome, part of the actor and a date range', () => {
		insertAt('2030-03-01T09:00:00.000Z', 'alice@example.org', 'auth.sign-in');
		insertAt('2030-03-02T09:00:00.000Z', 'alice@example.org', 'auth.sign-in', 'failure');
		insertAt('2030-03-03T09:00:00.000Z', 'bob@example.org', 'user.create');
		const queries = createAuditQueries(db);
		const page = (filters: Parameters<typeof queries.paginate>[0]) =>
			queries.paginate(filters, { page: 1, pageSize: 50 }).entries.map((e) => e.at);

		expect(page({ actor: 'ALICE' })).toEqual([
			'2030-03-02T09:00:00.000Z',
			'2030-03-01T09:00:00.000Z'
		]);
		expect(page({ actor: 'alice', outcome: 'failure' })).toEqual(['2030-03-02T09:00:00.000Z']);
		expect(page({ action: 'user.create' })).toEqual(['2030-03-03T09:00:00.000Z']);
		expect(page({ fromAt: '2030-03-02T00:00:00.000Z', toAt: '2030-03-03T00:00:00.000Z' })).toEqual([
			'2030-03-02T09:00:00.000Z'
		]);
		expect(queries.distinctActions()).toEqual(
			expect.arrayContaining(['auth.sign-in', 'user.create'])
		);
	});

	it('treats % and _ in the actor filter as ordinary characters', () => {
		insertAt('2030-04-01T09:00:00.000Z', 'a_b@example.org', 'test.like');
		insertAt('2030-04-01T10:00:00.000Z', 'axb@example.org', 'test.like');
		const queries = createAuditQueries(db);
		const actors = (actor: string) =>
			queries
				.paginate({ actor, action: 'test.like' }, { page: 1, pageSize: 50 })
				.entries.map((e) => e.actorLabel);
		expect(actors('a_b')).toEqual(['a_b@example.org']);
		expect(actors('%')).toEqual([]);
	});

	it('includes the partner code and the before and after values', () => {
		const partnerId = db.$client
			.prepare("SELECT id FROM partners WHERE code = 'HP'")
			.pluck()
			.get() as number;
		appendAudit(db, {
			actorLabel: 'command line',
			action: 'user.update',
			partnerId,
			entityType: 'user',
			entityId: 7,
			before: { role: 'viewer' },
			after: { role: 'partner' }
		});
		const [entry] = createAuditQueries(db).paginate(
			{ action: 'user.update' },
			{ page: 1, pageSize: 50 }
		).entries;
		expect(entry).toMatchObject({
			partnerCode: 'HP',
			entityType: 'user',
			entityId: '7',
			before: { role: 'viewer' },
			after: { role: 'partner' }
		});
	});
});
