import { describe, expect, it } from 'vitest';
import { describeChange, SMALL_COUNT, type Change } from './change.js';
import type { Unit } from './framework.js';

describe('describeChange', () => {
	it.each<[string, number, number, number]>([
		['3 to 7', 3, 7, 4],
		['7 to 3', 7, 3, -4],
		['9 to 9', 9, 9, 0],
		['0 to 5', 0, 5, 5],
		['5 to 0', 5, 0, -5],
		['1 to 9', 1, 9, 8],
		['−5 to 5', -5, 5, 10]
	])(
		'calls the change between two counts under 10 (%s) too small to compare',
		(_c, from, to, difference) => {
			expect(describeChange('count', from, to)).toEqual({
				kind: 'too-small',
				from,
				to,
				difference
			});
		}
	);

	it.each<[string, number, number, number, number | null]>([
		// One of the two reaches 10, so a percentage is meaningful: 1 / 9 = 11.1 %.
		['9 to 10', 9, 10, 1, (1 / 9) * 100],
		// 10 to 9: −1 / 10 = −10 %.
		['10 to 9', 10, 9, -1, -10],
		// 40 to 30: −10 / 40 = −25 %.
		['40 to 30', 40, 30, -10, -25],
		// 200 to 250: +50 / 200 = +25 %.
		['200 to 250', 200, 250, 50, 25],
		// 4 to 12: +8 / 4 = +200 %.
		['4 to 12', 4, 12, 8, 200],
		['12 to 12', 12, 12, 0, 0],
		// From zero a percentage is undefined: the difference alone.
		['0 to 12', 0, 12, 12, null],
		// −20 to −10: +10 / |−20| = +50 %.
		['−20 to −10', -20, -10, 10, 50]
	])(
		'compares the counts %s as a difference and a percentage',
		(_c, from, to, difference, percent) => {
			const change = describeChange('count', from, to);
			expect(change).toMatchObject({ kind: 'compared', from, to, difference });
			if (percent === null) expect(change).toHaveProperty('percent', null);
			else expect(change.kind === 'compared' ? change.percent : NaN).toBeCloseTo(percent, 10);
		}
	);

	it.each<[Unit, number, number, Change]>([
		// Small percentages are shares, not counts of people: 3 % to 6 % is +100 %.
		['percent', 3, 6, { kind: 'compared', from: 3, to: 6, difference: 3, percent: 100 }],
		['percent', 0, 5, { kind: 'compared', from: 0, to: 5, difference: 5, percent: null }],
		['percent', 8, 2, { kind: 'compared', from: 8, to: 2, difference: -6, percent: -75 }],
		['gbp', 5, 8, { kind: 'compared', from: 5, to: 8, difference: 3, percent: 60 }],
		['days', 2, 4, { kind: 'compared', from: 2, to: 4, difference: 2, percent: 100 }],
		['ratio', 0.5, 0.25, { kind: 'compared', from: 0.5, to: 0.25, difference: -0.25, percent: -50 }]
	])('never calls a change in %s from %d to %d too small', (unit, from, to, expected) => {
		expect(describeChange(unit, from, to)).toEqual(expected);
	});

	it.each<[number | null, number | null]>([
		[null, 12],
		[12, null],
		[null, null]
	])('describes no change when a figure is missing (from %s to %s)', (from, to) => {
		expect(describeChange('count', from, to)).toEqual({ kind: 'none' });
		expect(describeChange('percent', from, to)).toEqual({ kind: 'none' });
	});

	it('draws the small-count line at 10', () => {
		expect(SMALL_COUNT).toBe(10);
	});
});
