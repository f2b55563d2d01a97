import { describe, expect, it } from 'vitest';

import type { Area, FigureKind, Metric } from './framework.js';
import { buildMetricGrid, metricCellKey, suppressMetricGrid } from './metric-suppression.js';
import { PARTNERSHIP_RETURNS } from './metric-view.js';
import type { Period } from './periods.js';
import type { DatedFigure } from './progress.js';
import { NO_SUPPRESSION, type SuppressionPolicy } from './suppression.js';

const area = (code: string, partnershipWide = false): Area => ({
	code,
	name: code,
	population: 1000,
	populationSource: '',
	partnershipWide
});
const FRAMEWORK = {
	areas: [area('HULL'), area('ERY'), area('NEL'), area('NL'), area('HUMBER', true)]
};
const Q1: Period = { year: 2025, quarter: 1 };
const Q2: Period = { year: 2025, quarter: 2 };
const FUNDER: SuppressionPolicy = { applies: true, threshold: 5 };

function metric(overrides: Partial<Metric> = {}): Metric {
	return {
		id: 1,
		code: 'P1.01',
		priorityId: 1,
		priorityNumber: 1,
		name: 'Victims referred',
		unit: 'count',
		direction: 'monitor',
		partnerAggregation: 'sum',
		periodAggregation: 'sum',
		amberTolerance: 0.1,
		sensitive: true,
		leadPartnerId: null,
		definition: '',
		countingRule: '',
		dataSource: '',
		owner: '',
		caveats: '',
		status: 'active',
		reporters: [
			{ partnerId: 1, areaCode: 'HULL' },
			{ partnerId: 2, areaCode: 'ERY' },
			{ partnerId: 3, areaCode: 'NEL' },
			{ partnerId: 4, areaCode: 'NL' }
		],
		targets: [],
		baselines: [],
		fundingStreamIds: [],
		...overrides
	};
}

function figure(
	period: Period,
	partnerId: number,
	areaCode: string,
	value: number | null,
	kind: FigureKind = 'value'
): DatedFigure {
	return {
		metricId: 1,
		partnerId,
		areaCode,
		year: period.year,
		quarter: period.quarter,
		kind,
		value
	};
}

/** One figure per council area for a quarter, partners 1 to 4 in HULL, ERY, NEL, NL order. */
function byArea(period: Period, values: (number | null)[]): DatedFigure[] {
	return ['HULL', 'ERY', 'NEL', 'NL'].flatMap((code, i) =>
		values[i] === null ? [] : [figure(period, i + 1, code, values[i]!)]
	);
}

/** The hidden cells in words: "Q1 HULL", "YTD Q2 HUMBER", "Q1 partner 2 ERY". */
function hiddenCells(
	m: Metric,
	figures: DatedFigure[],
	options: {
		periods?: Period[];
		reporters?: boolean;
		ownPartnerId?: number;
		policy?: SuppressionPolicy;
	} = {}
): string[] {
	const periods = options.periods ?? [Q1];
	const grid = buildMetricGrid(FRAMEWORK, m, figures, periods, {
		withReporters: options.reporters ?? false,
		ownPartnerId: options.ownPartnerId ?? null
	});
	const hidden = suppressMetricGrid(m, grid, options.policy ?? FUNDER);
	const names: string[] = [];
	for (const p of periods) {
		const q = `Q${p.quarter}`;
		for (const code of ['HULL', 'ERY', 'NEL', 'NL', PARTNERSHIP_RETURNS, 'HUMBER']) {
			const label = code === PARTNERSHIP_RETURNS ? 'RETURNS' : code;
			if (hidden.has(metricCellKey.quarter(p, code))) names.push(`${q} ${label}`);
			if (hidden.has(metricCellKey.yearToDate(p, code))) names.push(`YTD ${q} ${label}`);
		}
		for (const r of m.reporters)
			if (hidden.has(metricCellKey.reporter(p, r.partnerId, r.areaCode)))
				names.push(`${q} partner ${r.partnerId} ${r.areaCode}`);
	}
	return names.sort();
}

describe('metric page suppression', () => {
	it.each<[string, (number | null)[], string[]]>([
		['nothing when no figure is from 1 to 4', [10, 0, 20, null], []],
		// 4 + 5 + 2 + 3 = 14: three unknowns in one sum cannot be told apart.
		[
			'the small figures alone when several are hidden',
			[4, 5, 2, 3],
			['Q1 HULL', 'Q1 NEL', 'Q1 NL', 'YTD Q1 HULL', 'YTD Q1 NEL', 'YTD Q1 NL']
		],
		// 3 + 10 + 20 + 30 = 63: with HULL alone hidden, 63 − 60 would give it away.
		[
			'the next smallest area too when one alone is hidden',
			[3, 10, 20, 30],
			['Q1 ERY', 'Q1 HULL', 'YTD Q1 ERY', 'YTD Q1 HULL']
		],
		// 3 + 0 + nil: every other part is known, so the total goes instead.
		[
			'the total when every other area is zero',
			[3, 0, 0, null],
			['Q1 HULL', 'Q1 HUMBER', 'YTD Q1 HULL', 'YTD Q1 HUMBER']
		],
		// 1 + 1 = 2: two hidden parts that add up to their count are each known to be 1.
		[
			'another area when the hidden ones can only be ones',
			[1, 1, 12, 30],
			['Q1 ERY', 'Q1 HULL', 'Q1 NEL', 'YTD Q1 ERY', 'YTD Q1 HULL', 'YTD Q1 NEL']
		]
	])('hides %s', (_, values, expected) => {
		expect(hiddenCells(metric(), byArea(Q1, values))).toEqual(expected);
	});

	it('hides nothing from the coordinator, or on a metric that is not sensitive', () => {
		const figures = byArea(Q1, [3, 10, 20, 30]);
		expect(hiddenCells(metric(), figures, { policy: NO_SUPPRESSION })).toEqual([]);
		expect(hiddenCells(metric({ sensitive: false }), figures)).toEqual([]);
	});

	it('hides the year to date, not an earlier quarter already on show, to protect a small quarter', () => {
		// HULL: Q1 10, Q2 3, year to date 13: 13 − 10 would give Q2 away. Q1's 10 was published
		// before Q2 came in, so hiding it now would protect nothing: the year to date goes.
		const figures = [...byArea(Q1, [10, 40, 50, 60]), ...byArea(Q2, [3, 40, 50, 60])];
		expect(hiddenCells(metric(), figures, { periods: [Q1, Q2] })).toEqual([
			'Q2 ERY',
			'Q2 HULL',
			'YTD Q2 ERY',
			'YTD Q2 HULL'
		]);
	});

	it('hides the year to date of a level with its latest quarter', () => {
		const m = metric({ periodAggregation: 'last' });
		const figures = [...byArea(Q1, [10, 40, 50, 60]), ...byArea(Q2, [3, 40, 50, 60])];
		const hidden = hiddenCells(m, figures, { periods: [Q1, Q2] });
		expect(hidden).toEqual(
			expect.arrayContaining(['Q2 HULL', 'YTD Q2 HULL', 'Q2 ERY', 'YTD Q2 ERY'])
		);
		expect(hidden).not.toContain('Q1 HULL');
	});

	it('protects a small partnership-wide return, which the areas would otherwise give away', () => {
		const m = metric({
			reporters: [
				{ partnerId: 1, areaCode: 'HULL' },
				{ partnerId: 5, areaCode: 'HUMBER' }
			]
		});
		const figures = [figure(Q1, 1, 'HULL', 10), figure(Q1, 5, 'HUMBER', 2)];
		expect(hiddenCells(m, figures)).toEqual([
			'Q1 HULL',
			'Q1 RETURNS',
			'YTD Q1 HULL',
			'YTD Q1 RETURNS'
		]);
	});

	it('hides partners’ figures with the areas they make up, for readers who see them', () => {
		const m = metric({
			reporters: [
				{ partnerId: 1, areaCode: 'HULL' },
				{ partnerId: 2, areaCode: 'HULL' },
				{ partnerId: 3, areaCode: 'ERY' }
			]
		});
		// HULL = 2 + 9 = 11, shown; partner 1's 2 is hidden, so partner 2's 9 must be as well.
		const figures = [figure(Q1, 1, 'HULL', 2), figure(Q1, 2, 'HULL', 9), figure(Q1, 3, 'ERY', 30)];
		expect(hiddenCells(m, figures, { reporters: true })).toEqual([
			'Q1 partner 1 HULL',
			'Q1 partner 2 HULL'
		]);
		expect(hiddenCells(m, figures, { reporters: false })).toEqual([]);
	});

	it('does not count a nil return as hidden: a nil is a known zero', () => {
		const m = metric({
			reporters: [
				{ partnerId: 1, areaCode: 'HULL' },
				{ partnerId: 2, areaCode: 'HULL' }
			]
		});
		const figures = [figure(Q1, 1, 'HULL', 3), figure(Q1, 2, 'HULL', 0, 'nil')];
		// HULL = 3 + nil: the total is the hidden figure, so it is hidden too (and the partnership).
		expect(hiddenCells(m, figures, { reporters: true })).toEqual([
			'Q1 HULL',
			'Q1 HUMBER',
			'Q1 partner 1 HULL',
			'YTD Q1 HULL',
			'YTD Q1 HUMBER'
		]);
	});

	it('applies only primary suppression to a maximum, whose parts cannot be worked out', () => {
		const m = metric({ partnerAggregation: 'max' });
		expect(hiddenCells(m, byArea(Q1, [3, 10, 20, 30]))).toEqual(['Q1 HULL', 'YTD Q1 HULL']);
	});
});

describe('metric page suppression for a partner, who knows its own figures', () => {
	// Hull has two reporters, partners 1 and 2; partners 3, 4 and 5 report for the other areas.
	const shared = metric({
		reporters: [
			{ partnerId: 1, areaCode: 'HULL' },
			{ partnerId: 2, areaCode: 'HULL' },
			{ partnerId: 3, areaCode: 'ERY' },
			{ partnerId: 4, areaCode: 'NEL' },
			{ partnerId: 5, areaCode: 'NL' }
		]
	});
	const others = (period: Period) => [
		figure(period, 3, 'ERY', 10),
		figure(period, 4, 'NEL', 20),
		figure(period, 5, 'NL', 30)
	];
	/** Partner 2's return for Hull: a number, a nil return (0), or nothing at all (null). */
	const hull = (period: Period, own: number, other: number | null | 'nil'): DatedFigure[] => [
		figure(period, 1, 'HULL', own),
		...(other === null
			? []
			: other === 'nil'
				? [figure(period, 2, 'HULL', 0, 'nil')]
				: [figure(period, 2, 'HULL', other)]),
		...others(Q1)
	];
	const HULL_AND_ERY = ['Q1 ERY', 'Q1 HULL', 'YTD Q1 ERY', 'YTD Q1 HULL'];

	it.each<[string, number, number | null | 'nil', string[]]>([
		// 7 − 5 = 2: Hull would give partner 2's figure away, so it goes, and East Riding (10, the
		// next smallest area) with it, or Hull would be 67 − 10 − 20 − 30.
		['hides an area whose total less its own figure is small', 5, 2, HULL_AND_ERY],
		// 7 − 7 = 0: partner 2 counted no one, which names no one.
		['shows an area that is all its own, the others’ return nil', 7, 'nil', []],
		['shows an area that is all its own, the other return missing', 7, null, []],
		// Partner 2 has not sent a figure, as the page says: Hull's 3 is partner 1's own.
		['shows its own small figure when no one else in the area gave one', 3, null, []],
		// Partner 2's nil return is not partner 1's to know, so Hull's 3 is as small as ever.
		['hides a small area whose other return was nil', 3, 'nil', HULL_AND_ERY],
		// 7 − 2 = 5: nothing small about the others; partner 1's own 2 is no secret to it.
		['shows an area whose total less its own figure is 5 or more', 2, 5, []],
		// Nil counts as 0: the 3 is all partner 2's and small anyway.
		['hides an area that is all the others’ and small', 0, 3, HULL_AND_ERY]
	])('%s', (_, own, other, expected) => {
		expect(hiddenCells(shared, hull(Q1, own, other), { ownPartnerId: 1 })).toEqual(expected);
	});

	it('shows the funder the area it hides from the partner, when the funder’s rules allow', () => {
		const figures = hull(Q1, 5, 2);
		// The funder sees both partners' figures: 2 is hidden with 5, Hull's 7 is shown.
		expect(hiddenCells(shared, figures, { reporters: true })).toEqual([
			'Q1 partner 1 HULL',
			'Q1 partner 2 HULL'
		]);
		// Nor does a board member, who sees no partner's figure, learn anything from Hull's 7.
		expect(hiddenCells(shared, figures)).toEqual([]);
	});

	it('does not let an area the partner alone reports protect a neighbour', () => {
		// One reporter per area. Hull 3 and East Riding 2 under 37: two unknowns to the funder, but
		// partner 1 knows Hull is its own 3, and would get East Riding as 37 − 3 − 12 − 20.
		const figures = byArea(Q1, [3, 2, 12, 20]);
		expect(hiddenCells(metric(), figures)).toEqual([
			'Q1 ERY',
			'Q1 HULL',
			'YTD Q1 ERY',
			'YTD Q1 HULL'
		]);
		expect(hiddenCells(metric(), figures, { ownPartnerId: 1 })).toEqual([
			'Q1 ERY',
			'Q1 NEL',
			'YTD Q1 ERY',
			'YTD Q1 NEL'
		]);
	});

	it('hides a year to date whose total less its own figures is small', () => {
		// Only Hull reports, partners 1 and 2, so the partnership is Hull. Q1 7 (own 5, partner 2's
		// 2), Q2 6 (own 6, partner 2's nil). Q1 goes (7 − 5 = 2); Q2 is shown (6 − 6 = 0); the year
		// to date at Q2, 13 − 5 − 6 = 2, would give partner 2's 2 away, so it goes too.
		const m = metric({ reporters: shared.reporters.slice(0, 2) });
		const figures = [
			figure(Q1, 1, 'HULL', 5),
			figure(Q1, 2, 'HULL', 2),
			figure(Q2, 1, 'HULL', 6),
			figure(Q2, 2, 'HULL', 0, 'nil')
		];
		expect(hiddenCells(m, figures, { periods: [Q1, Q2], ownPartnerId: 1 })).toEqual([
			'Q1 HULL',
			'Q1 HUMBER',
			'YTD Q1 HULL',
			'YTD Q1 HUMBER',
			'YTD Q2 HULL',
			'YTD Q2 HUMBER'
		]);
		// To a board member nothing here is small.
		expect(hiddenCells(m, figures, { periods: [Q1, Q2] })).toEqual([]);
	});

	it('hides the partnership figure when the partnership less its own figures is small', () => {
		// Partner 1 reports for Hull and East Riding; partner 2 alone for North East Lincs.
		const m = metric({
			reporters: [
				{ partnerId: 1, areaCode: 'HULL' },
				{ partnerId: 1, areaCode: 'ERY' },
				{ partnerId: 2, areaCode: 'NEL' }
			]
		});
		const figures = [figure(Q1, 1, 'HULL', 10), figure(Q1, 1, 'ERY', 20), figure(Q1, 2, 'NEL', 3)];
		// North East Lincs' 3 is small to everyone; to partner 1 so is 33 − 10 − 20, so the
		// partnership goes too. Hull and East Riding are its own.
		expect(hiddenCells(m, figures, { ownPartnerId: 1 })).toEqual([
			'Q1 HUMBER',
			'Q1 NEL',
			'YTD Q1 HUMBER',
			'YTD Q1 NEL'
		]);
		// To a board member, Hull (the smaller area) protects North East Lincs instead.
		expect(hiddenCells(m, figures)).toEqual(['Q1 HULL', 'Q1 NEL', 'YTD Q1 HULL', 'YTD Q1 NEL']);
	});

	it('hides an area whose mean would give the other partner’s figure away', () => {
		// Mean of 8 and 2 is 5, shown to the funder; partner 1 gets 2 × 5 − 8 = 2.
		const m = metric({ partnerAggregation: 'mean', reporters: shared.reporters });
		const figures = hull(Q1, 8, 2);
		expect(hiddenCells(m, figures)).toEqual([]);
		expect(hiddenCells(m, figures, { ownPartnerId: 1 })).toEqual(HULL_AND_ERY);
	});

	it('shows the lead partner every figure of a metric that counts its figures alone', () => {
		// Partner 1 leads; partner 2's Hull figure (7) is not counted.
		const m = metric({
			partnerAggregation: 'lead',
			leadPartnerId: 1,
			reporters: [
				{ partnerId: 1, areaCode: 'HULL' },
				{ partnerId: 1, areaCode: 'ERY' },
				{ partnerId: 2, areaCode: 'HULL' }
			]
		});
		const figures = [figure(Q1, 1, 'HULL', 3), figure(Q1, 1, 'ERY', 20), figure(Q1, 2, 'HULL', 7)];
		expect(hiddenCells(m, figures, { ownPartnerId: 1 })).toEqual([]);
		// Partner 2's own figure is no part of Hull's: it is hidden from as from a board member.
		const fromBoard = ['Q1 ERY', 'Q1 HULL', 'YTD Q1 ERY', 'YTD Q1 HULL'];
		expect(hiddenCells(m, figures)).toEqual(fromBoard);
		expect(hiddenCells(m, figures, { ownPartnerId: 2 })).toEqual(fromBoard);
	});

	it('shows a partner its own small maximum, and hides nothing more of a maximum', () => {
		const m = metric({ partnerAggregation: 'max' });
		const figures = byArea(Q1, [3, 10, 2, 30]);
		expect(hiddenCells(m, figures)).toEqual(['Q1 HULL', 'Q1 NEL', 'YTD Q1 HULL', 'YTD Q1 NEL']);
		expect(hiddenCells(m, figures, { ownPartnerId: 1 })).toEqual(['Q1 NEL', 'YTD Q1 NEL']);
	});
});
