import { describe, expect, it } from 'vitest';

import {
	baselineForArea,
	compareWithBaseline,
	suppressBaseline,
	type BaselineComparison
} from './baseline.js';
import type { Baseline } from './framework.js';
import { NO_SUPPRESSION, type SuppressionPolicy } from './suppression.js';

const AREAS = [
	{ code: 'HULL', partnershipWide: false },
	{ code: 'ERY', partnershipWide: false },
	{ code: 'HUMBER', partnershipWide: true }
];
const HULL = AREAS[0]!;
const ERY = AREAS[1]!;
const HUMBER = AREAS[2]!;

const humberBaseline = (value: number): Baseline => ({ areaCode: 'HUMBER', year: 2023, value });

describe('baselineForArea', () => {
	const hull: Baseline = { areaCode: 'HULL', year: 2023, value: 70 };
	const ery: Baseline = { areaCode: 'ERY', year: 2024, value: 40 };

	it('gives a partnership-wide baseline to the partnership', () => {
		expect(baselineForArea([humberBaseline(240)], HUMBER, AREAS)).toEqual(humberBaseline(240));
	});

	it('gives a partnership-wide baseline to any partnership-wide area', () => {
		const wide = { code: 'REGION', partnershipWide: true };
		expect(baselineForArea([humberBaseline(240)], wide, AREAS)).toEqual(humberBaseline(240));
	});

	it('does not give a partnership-wide baseline to a council area', () => {
		expect(baselineForArea([humberBaseline(240)], HULL, AREAS)).toBeNull();
	});

	it('gives a council’s baseline to that council alone', () => {
		expect(baselineForArea([hull], HULL, AREAS)).toEqual(hull);
		expect(baselineForArea([hull], ERY, AREAS)).toBeNull();
		expect(baselineForArea([hull], HUMBER, AREAS)).toBeNull();
	});

	it('gives each area its own baseline when a metric has one per area', () => {
		const all = [humberBaseline(240), hull, ery];
		expect(baselineForArea(all, HULL, AREAS)).toEqual(hull);
		expect(baselineForArea(all, ERY, AREAS)).toEqual(ery);
		expect(baselineForArea(all, HUMBER, AREAS)).toEqual(humberBaseline(240));
		// Whatever order they are stored in.
		expect(baselineForArea([ery, hull, humberBaseline(240)], HUMBER, AREAS)).toEqual(
			humberBaseline(240)
		);
	});

	it('gives nothing for a metric without a baseline', () => {
		expect(baselineForArea([], HUMBER, AREAS)).toBeNull();
		expect(baselineForArea(null, HUMBER, AREAS)).toBeNull();
		expect(baselineForArea(undefined, HUMBER, AREAS)).toBeNull();
	});
});

describe('compareWithBaseline', () => {
	it('sets a flow’s year-end forecast beside its baseline year', () => {
		// 240 in 2023-24; this year would end at 280: up 40, 40 / 240 = 16.7 %.
		const comparison = compareWithBaseline(
			{ unit: 'count', periodAggregation: 'sum' },
			humberBaseline(240),
			{ yearToDate: 210, forecast: 280 }
		);
		expect(comparison).toMatchObject({
			areaCode: 'HUMBER',
			year: 2023,
			value: 240,
			comparedWith: 'forecast',
			change: { kind: 'compared', from: 240, to: 280, difference: 40 }
		});
		expect(comparison.change.kind === 'compared' && comparison.change.percent).toBeCloseTo(
			16.667,
			3
		);
	});

	it.each(['last', 'mean'] as const)(
		'sets the year to date of a metric whose quarters combine by %s beside its baseline',
		(periodAggregation) => {
			// 60 % in 2023-24, 65 % so far: 5 points up, 5 / 60 = 8.3 %.
			const comparison = compareWithBaseline(
				{ unit: 'percent', periodAggregation },
				humberBaseline(60),
				{ yearToDate: 65, forecast: 65 }
			);
			expect(comparison.comparedWith).toBe('year-to-date');
			expect(comparison.change).toMatchObject({
				kind: 'compared',
				from: 60,
				to: 65,
				difference: 5
			});
		}
	);

	it('gives the difference without a percentage on a baseline of 0', () => {
		// 0 in 2023-24 to 12 this year: 12 more, and no percentage of nothing.
		expect(
			compareWithBaseline({ unit: 'count', periodAggregation: 'sum' }, humberBaseline(0), {
				yearToDate: 6,
				forecast: 12
			}).change
		).toEqual({ kind: 'compared', from: 0, to: 12, difference: 12, percent: null });
		expect(
			compareWithBaseline({ unit: 'percent', periodAggregation: 'last' }, humberBaseline(0), {
				yearToDate: 0,
				forecast: 0
			}).change
		).toEqual({ kind: 'compared', from: 0, to: 0, difference: 0, percent: null });
	});

	it('calls two small counts too small to compare', () => {
		// 6 in 2023-24, 2 so far, 8 at the year's end: both under 10.
		expect(
			compareWithBaseline({ unit: 'count', periodAggregation: 'sum' }, humberBaseline(6), {
				yearToDate: 2,
				forecast: 8
			}).change
		).toEqual({ kind: 'too-small', from: 6, to: 8, difference: 2 });
	});

	it('makes no comparison before this year has a figure', () => {
		expect(
			compareWithBaseline({ unit: 'count', periodAggregation: 'sum' }, humberBaseline(240), {
				yearToDate: null,
				forecast: null
			}).change
		).toEqual({ kind: 'none' });
	});
});

describe('suppressBaseline', () => {
	const FUNDER: SuppressionPolicy = { applies: true, threshold: 5 };
	const comparison = (value: number): BaselineComparison => ({
		areaCode: 'HUMBER',
		year: 2023,
		value,
		comparedWith: 'forecast',
		change: { kind: 'compared', from: value, to: 40, difference: 40 - value, percent: null }
	});

	it('hides a sensitive metric’s small baseline, and the change that would give it away', () => {
		expect(suppressBaseline(comparison(3), true, FUNDER, false)).toEqual({
			baseline: { ...comparison(3), value: null, change: { kind: 'none' } },
			hidden: true
		});
	});

	it('shows the small baseline to the coordinator, and when the metric is not sensitive', () => {
		expect(suppressBaseline(comparison(3), true, NO_SUPPRESSION, false)).toEqual({
			baseline: comparison(3),
			hidden: false
		});
		expect(suppressBaseline(comparison(3), false, FUNDER, false)).toEqual({
			baseline: comparison(3),
			hidden: false
		});
	});

	it('keeps a baseline of 0 or of 5 and more, as the primary rule does', () => {
		for (const value of [0, 5, 60])
			expect(suppressBaseline(comparison(value), true, FUNDER, false).hidden).toBe(false);
	});

	it('drops the change, not the baseline, when the year to date is hidden', () => {
		expect(suppressBaseline(comparison(60), true, FUNDER, true)).toEqual({
			baseline: { ...comparison(60), change: { kind: 'none' } },
			hidden: false
		});
	});
});
