import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	aggregatePartnerFigures,
	type AreaScope,
	type FigureAggregate
} from '../../src/core/combine-figures.js';
import { reportablePeriods } from '../../src/core/dashboard.js';
import { createRandom } from '../../src/core/demo-figures.js';
import {
	PARTNER_AGGREGATIONS,
	UNITS,
	type FigureKind,
	type Framework,
	type Metric
} from '../../src/core/framework.js';
import {
	formatPeriodLabel,
	periodsBetween,
	type Period,
	type QuarterNumber
} from '../../src/core/periods.js';
import type { DatedAggregate } from '../../src/core/progress.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { createFigureQueries, type FigureQueries } from '../../src/db/figure-queries.js';
import { createFrameworkRepository } from '../../src/db/framework.js';
import { seedDatabase } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';
import { roundNumbers } from '../helpers/round-numbers.js';

function p(year: number, quarter: QuarterNumber): Period {
	return { year, quarter };
}

/** Every area on its own, the partnership as a whole, and the partnership-wide returns alone. */
function areaScopes(fw: Framework): AreaScope[] {
	const wide = fw.areas.find((a) => a.partnershipWide)!;
	return [
		...fw.areas.map((a) => ({ code: a.code, partnershipWide: a.partnershipWide })),
		{ code: wide.code, partnershipWide: false }
	];
}

/**
 * For every metric, quarter and area scope: what SQL aggregated, or (no row) the aggregate of no
 * figures, beside what aggregatePartnerFigures makes of the raw rows. The engine reads a missing
 * row as "no figures", so these must be equal for the pages to show what they always showed.
 */
function compareWithRawFigures(queries: FigureQueries, fw: Framework, quarters: Period[]) {
	const metricIds = fw.metrics.map((m) => m.id);
	const raw = queries.findForMetrics(metricIds, quarters[0]!.year, quarters.at(-1)!.year);
	const fromSql: Record<string, FigureAggregate> = {};
	const fromRaw: Record<string, FigureAggregate> = {};
	let answered = 0;
	for (const scope of areaScopes(fw)) {
		const rows = queries.findAggregates(metricIds, scope, quarters);
		const found = new Map(rows.map((r) => [`${r.metricId}|${r.year}|${r.quarter}`, r]));
		for (const metric of fw.metrics)
			for (const q of quarters) {
				const where = `${metric.code} ${formatPeriodLabel(q)} ${scope.code}${scope.partnershipWide ? ' (whole partnership)' : ''}`;
				const figures = raw.filter(
					(f) => f.metricId === metric.id && f.year === q.year && f.quarter === q.quarter
				);
				const expected = aggregatePartnerFigures(metric, figures, scope);
				const row = found.get(`${metric.id}|${q.year}|${q.quarter}`);
				fromSql[where] = row ? withoutKey(row) : aggregatePartnerFigures(metric, [], scope);
				fromRaw[where] = expected;
				// A row for every metric and quarter with someone to expect, and for no other.
				expect(row !== undefined, where).toBe(expected.expectedPartnerCount > 0);
				answered += expected.answeredCount;
			}
		expect(rows).toHaveLength(found.size);
	}
	expect(roundNumbers(fromSql)).toEqual(roundNumbers(fromRaw));
	return { answered };
}

function withoutKey(row: DatedAggregate): FigureAggregate {
	const { metricId: _m, year: _y, quarter: _q, ...aggregate } = row;
	return aggregate;
}

describe('createFigureQueries on the demo database', () => {
	let database: TempDatabasePath;
	let db: Db;
	let queries: FigureQueries;
	let fw: Framework;
	let quarters: Period[];

	beforeAll(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: true, today: TEST_NOW });
		queries = createFigureQueries(db);
		fw = createFrameworkRepository(db).load();
		quarters = reportablePeriods(fw.strategy.startsOn, TEST_NOW);
	});

	afterAll(() => {
		closeDatabase(db);
		database.remove();
	});

	it('aggregates every metric, quarter and area in SQL exactly as from the raw figures', () => {
		const { answered } = compareWithRawFigures(queries, fw, quarters);
		expect(answered).toBeGreaterThan(1000);
	});

	it('reads only the metrics and quarters asked for, each once', () => {
		const [first, second] = fw.metrics;
		const asked = [p(2024, 2), p(2024, 4), p(2025, 1), p(2024, 4)];
		const rows = queries.findAggregates(
			[first!.id, second!.id],
			{ code: 'HUMBER', partnershipWide: true },
			asked
		);
		expect(rows.map((r) => `${r.metricId} ${r.year} Q${r.quarter}`).sort()).toEqual(
			[first!, second!]
				.flatMap((m) => ['2024 Q2', '2024 Q4', '2025 Q1'].map((q) => `${m.id} ${q}`))
				.sort()
		);
	});

	it('reads nothing for no metrics', () => {
		const latest = quarters[quarters.length - 1]!;
		expect(queries.findAggregates([], { code: 'HUMBER', partnershipWide: true }, [latest])).toEqual(
			[]
		);
	});

	it('says whether a quarter has any figure at all', () => {
		expect(queries.hasAnyFigure(quarters[0]!)).toBe(true);
		expect(queries.hasAnyFigure({ year: 2020, quarter: 1 })).toBe(false);
	});

	it('reads the raw figures of the metrics and years asked for, and no others', () => {
		const sensitive = fw.metrics.filter((m) => m.sensitive).map((m) => m.id);
		const rows = queries.findForMetrics(sensitive, 2025, 2025);
		const inDb = db.$client
			.prepare(
				`select count(*) from figures where year = 2025 and metric_id in (${sensitive.join(',')})`
			)
			.pluck()
			.get() as number;
		expect(inDb).toBeGreaterThan(0);
		expect(rows).toHaveLength(inDb);
		expect(rows.every((r) => sensitive.includes(r.metricId) && r.year === 2025)).toBe(true);
		expect(queries.findForMetrics([], 2025, 2025)).toEqual([]);
	});
});

describe('createFigureQueries on generated frameworks', () => {
	const QUARTERS = periodsBetween(p(2025, 3), p(2026, 4));

	/**
	 * The Humber areas and partners with a dozen made-up metrics: every unit and every way of
	 * combining partners, partners reporting for several areas (the partnership's own included),
	 * a lead partner who sometimes reports nothing, and figures that are numbers, nil returns, not
	 * collected, absent, or sent by someone who is not expected to send them.
	 */
	function generate(db: Db, seed: number) {
		const random = createRandom(seed);
		const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
		const base = createFrameworkRepository(db).load();
		const partnerIds = base.partners.slice(0, 8).map((p) => p.id);
		const areaCodes = base.areas.map((a) => a.code);
		const sql = db.$client;
		const insertMetric = sql.prepare(
			`insert into metrics (code, priority_id, name, unit, direction, partner_aggregation,
				period_aggregation, lead_partner_id) values (?, ?, ?, ?, 'increase', ?, 'sum', ?)`
		);
		const insertReporter = sql.prepare(
			'insert into metric_reporters (metric_id, partner_id, area_code) values (?, ?, ?)'
		);
		const insertFigure = sql.prepare(
			`insert into figures (metric_id, partner_id, area_code, year, quarter, kind, value,
				current_revision_id, updated_at) values (?, ?, ?, ?, ?, ?, ?, 0, '2027-01-01')`
		);
		sql.transaction(() => {
			for (let i = 0; i < 12; i++) {
				const metricId = Number(
					insertMetric.run(
						`P6.${String(50 + i)}`,
						base.priorities[5]!.id,
						`Generated ${i}`,
						UNITS[i % UNITS.length],
						PARTNER_AGGREGATIONS[i % PARTNER_AGGREGATIONS.length],
						pick(partnerIds)
					).lastInsertRowid
				);
				const reporters = new Set<string>();
				for (const partnerId of partnerIds)
					for (const areaCode of areaCodes)
						if (random() < 0.3) {
							insertReporter.run(metricId, partnerId, areaCode);
							reporters.add(`${partnerId}|${areaCode}`);
						}
				for (const q of QUARTERS)
					for (const partnerId of partnerIds)
						for (const areaCode of areaCodes) {
							// Most figures from expected reporters; a few from anyone else.
							const expected = reporters.has(`${partnerId}|${areaCode}`);
							if (random() > (expected ? 0.8 : 0.05)) continue;
							const kind = pick<FigureKind>(['value', 'value', 'value', 'nil', 'not_collected']);
							const value =
								kind === 'value' ? Math.round(random() * 10000) / 10 : kind === 'nil' ? 0 : null;
							insertFigure.run(metricId, partnerId, areaCode, q.year, q.quarter, kind, value);
						}
			}
		})();
		return createFrameworkRepository(db).load();
	}

	it.each([1, 2, 3, 4, 5])(
		'aggregates in SQL exactly as from the raw figures (seed %d)',
		(seed) => {
			const database = tempDatabasePath();
			const db = openDatabase(database.path);
			try {
				seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false, today: TEST_NOW });
				const fw = generate(db, seed);
				const generated = fw.metrics.filter((m: Metric) => m.name.startsWith('Generated'));
				expect(generated).toHaveLength(12);
				const { answered } = compareWithRawFigures(createFigureQueries(db), fw, QUARTERS);
				expect(answered).toBeGreaterThan(100);
			} finally {
				closeDatabase(db);
				database.remove();
			}
		}
	);
});
