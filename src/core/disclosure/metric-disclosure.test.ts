import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
	COUNCIL_CODES,
	figuresByArea,
	HUMBER_AREAS,
	quartersOf,
	testArea,
	testFigure,
	testMetric
} from '../../../tests/helpers/metric-builders.js';
import type { Metric } from '../framework.js';
import {
	buildMetricGrid,
	metricAuditOptions,
	metricCellKey,
	metricCellPeriod,
	suppressMetricGrid,
	type GridReader
} from '../metric-suppression.js';
import type { Period } from '../periods.js';
import type { DatedFigure } from '../progress.js';
import { suppressGroups, type SuppressionPolicy } from '../suppression.js';
import { auditGrid } from './grid-audit.js';

const POLICY: SuppressionPolicy = { applies: true, threshold: 5 };
const BOARD: GridReader = { withReporters: false, ownPartnerId: null };
const RETURNS_PARTNER = 9;

/** P1.06 as the probe found it: four councils and the partnership-wide returns of partner 9. */
const P106 = testMetric({
	reporters: [
		...COUNCIL_CODES.map((areaCode, i) => ({ partnerId: i + 1, areaCode })),
		{ partnerId: RETURNS_PARTNER, areaCode: 'HUMBER' }
	]
});
const [Q1, Q2] = quartersOf(2024, 2) as [Period, Period];
/** Hull and East Riding 1 a quarter, NEL and NL 0, the partnership-wide returns 9. */
const PROBE_FIGURES: DatedFigure[] = [Q1, Q2].flatMap((q) => [
	...figuresByArea(q, [1, 1, 0, 0]),
	testFigure(q, RETURNS_PARTNER, 'HUMBER', 9)
]);

function audit(
	metric: Metric,
	figures: DatedFigure[],
	periods: Period[],
	reader: GridReader,
	hidden?: Set<string>
) {
	const grid = buildMetricGrid(HUMBER_AREAS, metric, figures, periods, reader);
	const shown = hidden ?? suppressMetricGrid(metric, grid, POLICY);
	return {
		grid,
		hidden: shown,
		narrow: auditGrid(grid, shown, metricAuditOptions(metric, POLICY, grid))
	};
}

describe('disclosure control of a metric page', () => {
	it('the rules alone leave the probe’s P1.06 readable: every hidden quarter is 1', () => {
		const grid = buildMetricGrid(HUMBER_AREAS, P106, PROBE_FIGURES, [Q1, Q2], BOARD);
		const rulesOnly = suppressGroups(grid.values, grid.groups, true, POLICY, {
			periodOf: metricCellPeriod,
			known: grid.known
		});
		const { narrow } = audit(P106, PROBE_FIGURES, [Q1, Q2], BOARD, rulesOnly);
		expect(narrow.map((n) => n.key)).toContain(metricCellKey.quarter(Q2, 'HULL'));
	});

	it('hides enough more of the probe’s P1.06 that no hidden figure can be narrowed', () => {
		const { narrow, hidden } = audit(P106, PROBE_FIGURES, [Q1, Q2], BOARD);
		expect(narrow).toEqual([]);
		expect(hidden.has(metricCellKey.quarter(Q2, 'HULL'))).toBe(true);
	});

	it('protects a partner’s view, which knows its own figures, as well as the board’s', () => {
		const partner: GridReader = { withReporters: false, ownPartnerId: 1 };
		const figures = [Q1, Q2].flatMap((q) => figuresByArea(q, [5, 2, 7, 0]));
		expect(audit(testMetric(), figures, [Q1, Q2], partner).narrow).toEqual([]);
	});

	it('protects the funder, who also sees each partner’s own figure', () => {
		const funder: GridReader = { withReporters: true, ownPartnerId: null };
		const twoInHull = testMetric({
			reporters: [...testMetric().reporters, { partnerId: 5, areaCode: 'HULL' }]
		});
		const figures = [
			...[Q1, Q2].flatMap((q) => figuresByArea(q, [1, 3, 12, 0])),
			testFigure(Q1, 5, 'HULL', 1),
			testFigure(Q2, 5, 'HULL', 8)
		];
		expect(audit(twoInHull, figures, [Q1, Q2], funder).narrow).toEqual([]);
	});
});

/** A random sensitive metric's year: areas, partners in them, quarters, small counts, nil, missing. */
const scenario = fc
	.record({
		councils: fc.integer({ min: 1, max: 4 }),
		extraPartners: fc.integer({ min: 0, max: 2 }),
		returns: fc.boolean(),
		quarters: fc.integer({ min: 1, max: 4 }),
		lead: fc.boolean(),
		seed: fc.array(
			fc.oneof(
				{ weight: 5, arbitrary: fc.integer({ min: 1, max: 4 }) },
				{ weight: 2, arbitrary: fc.constant(0) },
				{ weight: 1, arbitrary: fc.constant(null) },
				{ weight: 1, arbitrary: fc.constant('missing' as const) },
				{ weight: 3, arbitrary: fc.integer({ min: 5, max: 40 }) }
			),
			{ minLength: 40, maxLength: 40 }
		),
		reader: fc.integer({ min: -2, max: 6 })
	})
	.map((s) => {
		const councils = COUNCIL_CODES.slice(0, s.councils);
		const framework = { areas: [...councils.map((c) => testArea(c)), testArea('HUMBER', true)] };
		const reporters: Metric['reporters'] = councils.map((areaCode, i) => ({
			partnerId: i + 1,
			areaCode
		}));
		for (let i = 0; i < s.extraPartners; i++)
			reporters.push({ partnerId: 10 + i, areaCode: councils[i % councils.length]! });
		if (s.returns) reporters.push({ partnerId: RETURNS_PARTNER, areaCode: 'HUMBER' });
		const metric = testMetric({
			reporters,
			partnerAggregation: s.lead ? 'lead' : 'sum',
			leadPartnerId: s.lead ? 1 : null
		});
		const periods = quartersOf(2025, s.quarters as 1 | 2 | 3 | 4);
		let next = 0;
		const figures = periods.flatMap((p) =>
			reporters.flatMap((r): DatedFigure[] => {
				const v = s.seed[next++ % s.seed.length]!;
				if (v === 'missing') return [];
				if (v === null) return [testFigure(p, r.partnerId, r.areaCode, null, 'not_collected')];
				return [testFigure(p, r.partnerId, r.areaCode, v, v === 0 ? 'nil' : 'value')];
			})
		);
		// -2 the funder, -1 a board member, else a partner (one that may not report at all).
		const reader: GridReader =
			s.reader === -2
				? { withReporters: true, ownPartnerId: null }
				: s.reader === -1
					? BOARD
					: { withReporters: false, ownPartnerId: reporters[s.reader]?.partnerId ?? 99 };
		return { framework, metric, periods, figures, reader };
	});

describe('disclosure control over generated metrics', () => {
	it('leaves no hidden figure any reader can narrow to fewer than three values', () => {
		fc.assert(
			fc.property(scenario, ({ framework, metric, periods, figures, reader }) => {
				const grid = buildMetricGrid(framework, metric, figures, periods, reader);
				const hidden = suppressMetricGrid(metric, grid, POLICY);
				expect(auditGrid(grid, hidden, metricAuditOptions(metric, POLICY, grid))).toEqual([]);
			}),
			{ numRuns: 150 }
		);
	});
});
