import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildCompletenessGrid, partnersMissing } from '../../src/core/completeness.js';
import { reportablePeriods } from '../../src/core/dashboard.js';
import { generateDemoData } from '../../src/core/demo-figures.js';
import { periodsBetween, type Period } from '../../src/core/periods.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { createCompletenessQueries } from '../../src/db/completeness-queries.js';
import { createFrameworkRepository } from '../../src/db/framework.js';
import { readFrameworkFixture, seedDatabase } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

// With TEST_NOW (23 November 2026) the demo runs from 2024-25 Q1 to 2026-27 Q2.
const LATEST: Period = { year: 2026, quarter: 2 };

describe('createCompletenessQueries', () => {
	let database: TempDatabasePath;
	let db: Db;

	beforeAll(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: true, today: TEST_NOW });
	});

	afterAll(() => {
		closeDatabase(db);
		database.remove();
	});

	const countBetween = (from: Period, to: Period) =>
		db.$client
			.prepare('SELECT count(*) FROM submissions WHERE year * 4 + quarter BETWEEN ? AND ?')
			.pluck()
			.get(from.year * 4 + from.quarter, to.year * 4 + to.quarter) as number;

	it.each<[string, Period, Period]>([
		['within one financial year', { year: 2025, quarter: 2 }, { year: 2025, quarter: 4 }],
		['across a year end', { year: 2025, quarter: 3 }, { year: 2026, quarter: 1 }],
		['a single quarter', LATEST, LATEST],
		['before anything was sent', { year: 2020, quarter: 1 }, { year: 2020, quarter: 4 }]
	])('returns every submission of the quarters asked for, and no others: %s', (_c, from, to) => {
		const rows = createCompletenessQueries(db).findSubmissionsBetween(from, to);
		const wanted = new Set(periodsBetween(from, to).map((p) => `${p.year}|${p.quarter}`));
		expect(rows.every((r) => wanted.has(`${r.year}|${r.quarter}`))).toBe(true);
		expect(rows).toHaveLength(countBetween(from, to));
		// Oldest quarter first.
		const order = rows.map((r) => r.year * 4 + r.quarter);
		expect(order).toEqual([...order].sort((a, b) => a - b));
	});

	it("finds the demo's state: the partners it left out are the ones missing the latest quarter", () => {
		const fw = createFrameworkRepository(db).load();
		const quarters = periodsBetween({ year: 2025, quarter: 3 }, LATEST);
		const grid = buildCompletenessGrid({
			partners: fw.partners,
			metrics: fw.metrics,
			quarters,
			submissions: createCompletenessQueries(db).findSubmissionsBetween(quarters[0]!, LATEST),
			now: TEST_NOW
		});

		const fixture = readFrameworkFixture(HUMBER_FIXTURES);
		const demo = generateDemoData(
			fixture,
			reportablePeriods(fixture.strategy.startsOn, TEST_NOW),
			TEST_NOW
		);
		const missing = partnersMissing(grid, LATEST).map((p) => p.code);
		expect(missing.sort()).toEqual(demo.missing.map((m) => m.partner).sort());
		expect(missing).toHaveLength(4);
		// Missing partners head the grid.
		expect(
			grid.rows
				.slice(0, 4)
				.map((r) => r.partner.code)
				.sort()
		).toEqual(missing.sort());

		const latest = grid.counts.at(-1)!;
		expect(latest.expected).toBe(fixture.partners.length);
		expect(latest.states.missing).toBe(4);
		expect(latest.states.returned).toBe(1);
		expect(latest.states.approved).toBe(0);
		const returned = grid.rows.flatMap((r) => r.cells).find((c) => c.state === 'returned');
		expect(returned?.reason).toMatch(/training figure/);
		// Every earlier quarter is approved, and roughly one return in twelve came late.
		for (const c of grid.counts.slice(0, -1)) {
			expect(c.states.approved).toBe(c.expected);
			expect(c.late).toBeLessThan(c.expected / 4);
		}
	});
});
