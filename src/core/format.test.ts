import { describe, expect, it } from 'vitest';
import type { Unit } from './framework.js';
import {
	formatFigure,
	formatNumber,
	formatRatePer10000,
	NOT_AVAILABLE,
	unitHeading
} from './format.js';

describe('formatNumber', () => {
	it.each<[Unit, number, string]>([
		['count', 0, '0'],
		['count', 7, '7'],
		['count', 1234, '1,234'],
		['count', 1234567, '1,234,567'],
		['count', -1234, '-1,234'],
		// Averages of counts can be fractional: one decimal place.
		['count', 12.5, '12.5'],
		['count', 1234.56, '1,234.6'],
		['days', 12, '12'],
		['days', 1500, '1,500'],
		['days', 12.34, '12.3'],
		['percent', 45, '45%'],
		['percent', 45.5, '45.5%'],
		['percent', 83.64, '83.6%'],
		['percent', 100, '100%'],
		['percent', 0, '0%'],
		['percent', 1234.5, '1,234.5%'],
		['gbp', 45000, '£45,000'],
		['gbp', 0, '£0'],
		['gbp', 1234567, '£1,234,567'],
		// Pounds are shown whole: 12,499.6 rounds to 12,500.
		['gbp', 12499.6, '£12,500'],
		['ratio', 1.5, '1.5'],
		['ratio', 0.333333, '0.33'],
		['ratio', 2, '2'],
		['ratio', 1234.567, '1,234.57']
	])('formats a %s of %d as %j', (unit, value, expected) => {
		expect(formatNumber(unit, value)).toBe(expected);
	});

	it.each<Unit>(['count', 'percent', 'gbp', 'days', 'ratio'])(
		'shows a missing %s figure as the "not available" symbol [x]',
		(unit) => {
			expect(formatNumber(unit, null)).toBe('[x]');
			expect(formatNumber(unit, Number.NaN)).toBe('[x]');
			expect(formatNumber(unit, Number.POSITIVE_INFINITY)).toBe('[x]');
			expect(formatNumber(unit, Number.NEGATIVE_INFINITY)).toBe('[x]');
		}
	);

	it('uses the Government Statistical Service symbol for "not available"', () => {
		expect(NOT_AVAILABLE).toBe('[x]');
	});
});

describe('formatFigure', () => {
	it('writes [c] for a hidden figure and formats a shown one', () => {
		expect(formatFigure('count', null, true)).toBe('[c]');
		expect(formatFigure('count', 1234, false)).toBe('1,234');
		expect(formatFigure('count', null, false)).toBe(NOT_AVAILABLE);
	});
});

describe('formatRatePer10000', () => {
	it.each<[number, string]>([
		[3, '3'],
		[2.5, '2.5'],
		// 14 in 941,500 people: 0.1487 per 10,000.
		[0.148699, '0.15'],
		[1 / 3, '0.33'],
		[0.004, '0'],
		[1234.567, '1,234.57']
	])('writes a rate of %d as %j, to two decimal places at most', (value, expected) => {
		expect(formatRatePer10000(value, false)).toBe(expected);
	});

	it('writes [c] for the rate of a hidden figure and [x] for no rate', () => {
		expect(formatRatePer10000(null, true)).toBe('[c]');
		expect(formatRatePer10000(null, false)).toBe('[x]');
	});
});

describe('unitHeading', () => {
	it.each<[Unit, string]>([
		['count', 'number'],
		['percent', '%'],
		['gbp', '£'],
		['days', 'days'],
		['ratio', 'ratio']
	])('heads a %s column with %j', (unit, expected) => {
		expect(unitHeading(unit)).toBe(expected);
	});
});
