import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { seedDatabase, type SeedOutcome } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

const fixture = <T>(name: string): T =>
	JSON.parse(readFileSync(join(HUMBER_FIXTURES, name), 'utf8')) as T;

const priorities = fixture<unknown[]>('priorities.json');
const metrics = fixture<{ code: string; reporters: { areas: string[] }[] }[]>('metrics.json');
const partners = fixture<{ code: string }[]>('partners.json');
const areas = fixture<unknown[]>('areas.json');
const targets = fixture<{ quarters?: number[] }[]>('targets.json');
const fundingStreams = fixture<unknown[]>('funding-streams.json');

const TABLES = [
	'strategies',
	'priorities',
	'metrics',
	'metric_reporters',
	'partners',
	'areas',
	'targets',
	'baselines',
	'funding_streams',
	'funding_stream_metrics',
	'uploads',
	'figures',
	'figure_revisions',
	'submissions',
	'submission_events',
	'audit_log',
	'app_meta'
];

// With TEST_NOW (23 November 2026) the reportable quarters run from 2024-25 Q1 to 2026-27 Q2.
const LATEST = { year: 2026, quarter: 2 };

interface Seeded {
	database: TempDatabasePath;
	db: Db;
	outcome: SeedOutcome;
}

function seedFreshDatabase(): Seeded {
	const database = tempDatabasePath();
	const db = openDatabase(database.path);
	const outcome = seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: true, today: TEST_NOW });
	return { database, db, outcome };
}

function count(db: Db, sql: string, ...params: unknown[]): number {
	return db.$client
		.prepare(`SELECT count(*) FROM ${sql}`)
		.pluck()
		.get(...params) as number;
}

function tableCounts(db: Db): Record<string, number> {
	return Object.fromEntries(TABLES.map((t) => [t, count(db, t)]));
}

function findFigure(
	db: Db,
	key: { partner: string; metric: string; area: string; year: number; quarter: number }
) {
	return db.$client
		.prepare(
			`SELECT f.kind, f.value, f.comment FROM figures f
			 JOIN partners p ON p.id = f.partner_id JOIN metrics m ON m.id = f.metric_id
			 WHERE p.code = ? AND m.code = ? AND f.area_code = ? AND f.year = ? AND f.quarter = ?`
		)
		.get(key.partner, key.metric, key.area, key.year, key.quarter);
}

function submissionsOf(db: Db, period: { year: number; quarter: number }) {
	return db.$client
		.prepare(
			`SELECT p.code AS partner, s.id, s.status, s.reason FROM submissions s
			 JOIN partners p ON p.id = s.partner_id WHERE s.year = ? AND s.quarter = ?`
		)
		.all(period.year, period.quarter) as {
		partner: string;
		id: number;
		status: string;
		reason: string | null;
	}[];
}

describe('seedDatabase with the framework and the demo data', () => {
	let seeded: Seeded;
	let db: Db;

	beforeAll(() => {
		seeded = seedFreshDatabase();
		db = seeded.db;
	});

	afterAll(() => {
		closeDatabase(seeded.db);
		seeded.database.remove();
	});

	it("loads the fixture's framework", () => {
		expect(seeded.outcome.framework).toBe('loaded');
		expect(count(db, 'strategies')).toBe(1);
		expect(count(db, 'priorities')).toBe(6);
		expect(priorities).toHaveLength(6);
		expect(count(db, 'metrics')).toBe(metrics.length);
		expect(count(db, 'partners')).toBe(partners.length);
		expect(count(db, 'areas')).toBe(areas.length);
		expect(count(db, 'funding_streams')).toBe(fundingStreams.length);
		// One row per annual target, plus one per quarterly target where a target has them.
		expect(count(db, 'targets')).toBe(
			targets.length + targets.reduce((n, t) => n + (t.quarters?.length ?? 0), 0)
		);
		expect(count(db, 'metric_reporters')).toBe(
			metrics.reduce((n, m) => n + m.reporters.reduce((k, r) => k + r.areas.length, 0), 0)
		);
	});

	it('loads a known number of demo returns and figures, each return as one upload', () => {
		expect(seeded.outcome).toMatchObject({ demo: 'loaded', returns: 276, figures: 1374 });
		expect(count(db, 'uploads')).toBe(276);
		expect(count(db, `uploads WHERE source = 'seed'`)).toBe(276);
		expect(count(db, 'figures')).toBe(1374);
		expect(count(db, 'figure_revisions')).toBe(1374);
		expect(count(db, `audit_log WHERE action = 'figures.import'`)).toBe(276);
		expect(count(db, `audit_log WHERE action = 'demo.seed'`)).toBe(1);
	});

	it('gives the same figures on another fresh database', () => {
		const other = seedFreshDatabase();
		try {
			expect(tableCounts(other.db)).toEqual(tableCounts(db));
			const all = (d: Db) =>
				d.$client
					.prepare(
						`SELECT metric_id, partner_id, area_code, year, quarter, kind, value, comment
						 FROM figures ORDER BY metric_id, partner_id, area_code, year, quarter`
					)
					.all();
			expect(all(other.db)).toEqual(all(db));
		} finally {
			closeDatabase(other.db);
			other.database.remove();
		}
	});

	it('stores known figures, nil returns as 0 and figures not collected as null', () => {
		expect(
			findFigure(db, { partner: 'SA', metric: 'P1.01', area: 'HULL', year: 2025, quarter: 1 })
		).toEqual({ kind: 'value', value: 4, comment: '' });
		expect(
			findFigure(db, { partner: 'WI', metric: 'P1.03', area: 'HUMBER', year: 2026, quarter: 1 })
		).toEqual({ kind: 'value', value: 95.9, comment: '' });
		expect(
			findFigure(db, { partner: 'GLAA', metric: 'P2.07', area: 'HUMBER', year: 2024, quarter: 1 })
		).toEqual({ kind: 'nil', value: 0, comment: '' });
		expect(
			findFigure(db, { partner: 'NELC', metric: 'P2.08', area: 'NEL', year: 2024, quarter: 1 })
		).toEqual({
			kind: 'not_collected',
			value: null,
			comment: 'System change this quarter: figure not available.'
		});
	});

	it('includes nil returns and figures not collected, never as a missing number', () => {
		expect(count(db, `figures WHERE kind = 'nil'`)).toBeGreaterThan(0);
		expect(count(db, `figures WHERE kind = 'nil' AND value IS NOT 0`)).toBe(0);
		expect(count(db, `figures WHERE kind = 'not_collected'`)).toBeGreaterThan(0);
		expect(count(db, `figures WHERE kind = 'not_collected' AND value IS NOT NULL`)).toBe(0);
		expect(count(db, `figures WHERE kind = 'value' AND value IS NULL`)).toBe(0);
	});

	it('leaves four partners without a submission for the latest quarter', () => {
		const submitted = new Set(submissionsOf(db, LATEST).map((s) => s.partner));
		const missing = partners.map((p) => p.code).filter((code) => !submitted.has(code));
		expect(missing.sort()).toEqual(['GLAA', 'HCC', 'HNYICB', 'VS']);
		expect(
			count(
				db,
				'figures WHERE year = ? AND quarter = ? AND partner_id IN (SELECT id FROM partners WHERE code = ?)',
				LATEST.year,
				LATEST.quarter,
				'VS'
			)
		).toBe(0);
	});

	it('approves every submission of the earlier quarters, with an event for each', () => {
		const earlier = db.$client
			.prepare(
				`SELECT status, count(*) AS n FROM submissions WHERE year * 4 + quarter < ? GROUP BY status`
			)
			.all(LATEST.year * 4 + LATEST.quarter);
		expect(earlier).toEqual([{ status: 'approved', n: 9 * partners.length }]);
		expect(count(db, `submission_events WHERE to_status = 'approved'`)).toBe(9 * partners.length);
	});

	it('returns one latest-quarter submission with a reason and leaves the rest submitted', () => {
		const latest = submissionsOf(db, LATEST);
		const returned = latest.filter((s) => s.status === 'returned');
		expect(returned).toHaveLength(1);
		expect(returned[0]!.reason).toMatch(/^The training figure is three times last quarter/);
		expect(latest.filter((s) => s.status === 'submitted')).toHaveLength(latest.length - 1);
		const event = db.$client
			.prepare(
				`SELECT from_status, to_status, reason FROM submission_events WHERE submission_id = ? AND to_status = 'returned'`
			)
			.get(returned[0]!.id);
		expect(event).toEqual({
			from_status: 'submitted',
			to_status: 'returned',
			reason: returned[0]!.reason
		});
	});

	it('changes nothing when run again', () => {
		const before = tableCounts(db);
		const again = seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: true, today: TEST_NOW });
		expect(again).toEqual({ framework: 'already-there', demo: 'already-there' });
		expect(tableCounts(db)).toEqual(before);
		expect(count(db, `audit_log WHERE action = 'demo.seed'`)).toBe(1);
	});
});

describe('seedDatabase without the demo data', () => {
	it('loads the framework alone, and the demo data later exactly once', () => {
		const database = tempDatabasePath();
		const db = openDatabase(database.path);
		try {
			expect(
				seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false, today: TEST_NOW })
			).toEqual({ framework: 'loaded', demo: 'not-asked' });
			expect(count(db, 'figures')).toBe(0);
			expect(count(db, 'uploads')).toBe(0);

			const later = seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: true, today: TEST_NOW });
			expect(later).toMatchObject({ framework: 'already-there', demo: 'loaded', figures: 1374 });
			expect(count(db, 'priorities')).toBe(6);
			expect(count(db, `audit_log WHERE action = 'framework.seed'`)).toBe(1);
		} finally {
			closeDatabase(db);
			database.remove();
		}
	});
});
