import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { createFiguresRepository } from '../../src/db/figures.js';
import { seedDatabase } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

// The triggers of migrations/0001 and 0002: the record of what happened can only be appended to.
const RECORDS = [
	{ table: 'audit_log', column: 'detail', message: 'the audit log is append-only' },
	{ table: 'figure_revisions', column: 'value', message: 'figure revisions are append-only' },
	{ table: 'uploads', column: 'actor_label', message: 'uploads are append-only' },
	{ table: 'commentary', column: 'body', message: 'commentary is append-only' },
	{
		table: 'board_reports',
		column: 'snapshot',
		message: 'an issued board report cannot be changed'
	}
];

describe('append-only records', () => {
	let database: TempDatabasePath;
	let db: Db;

	const count = (table: string) =>
		db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

	beforeEach(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false, today: TEST_NOW });
		const id = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
		const partnerId = id(`SELECT id FROM partners WHERE code = 'HP'`);
		createFiguresRepository(db).commit(
			{
				source: 'form',
				partnerId,
				fileName: null,
				contentType: null,
				content: null,
				uploadedByUserId: null,
				actorLabel: 'data.lead@humberside.police.uk',
				ip: '192.0.2.10'
			},
			[
				{
					metricId: id(`SELECT id FROM metrics WHERE code = 'P2.01'`),
					partnerId,
					areaCode: 'HULL',
					year: 2025,
					quarter: 1,
					kind: 'value',
					value: 17,
					comment: '',
					sourceRow: null
				}
			]
		);
		const at = TEST_NOW.toISOString();
		db.$client
			.prepare(
				`INSERT INTO commentary (priority_id, year, quarter, body, created_at)
				 VALUES ((SELECT min(id) FROM priorities), 2025, 1, 'Referrals rose in Hull.', ?)`
			)
			.run(at);
		db.$client
			.prepare(
				`INSERT INTO board_reports (year, quarter, issued_at, snapshot) VALUES (2025, 1, ?, '{}')`
			)
			.run(at);
	});

	afterEach(() => {
		closeDatabase(db);
		database.remove();
	});

	for (const { table, column, message } of RECORDS) {
		it(`refuses to update ${table}`, () => {
			expect(count(table)).toBeGreaterThan(0);
			expect(() =>
				db.$client.prepare(`UPDATE ${table} SET ${column} = ${column} || ' (edited)'`).run()
			).toThrow(message);
			expect(
				db.$client
					.prepare(`SELECT count(*) FROM ${table} WHERE ${column} LIKE '% (edited)'`)
					.pluck()
					.get()
			).toBe(0);
		});

		it(`refuses to delete from ${table}`, () => {
			const before = count(table);
			expect(() => db.$client.prepare(`DELETE FROM ${table}`).run()).toThrow(message);
			expect(count(table)).toBe(before);
		});
	}

	it('still lets the current figures change', () => {
		expect(db.$client.prepare(`UPDATE figures SET comment = 'checked'`).run().changes).toBe(1);
	});
});
