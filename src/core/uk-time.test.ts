import { describe, expect, it } from 'vitest';

import { formatUkDate, formatUkDateTime, parseIsoDate, ukDayStartUtc } from './uk-time';

describe('formatUkDateTime', () => {
	it('shows winter times as GMT and summer times as BST', () => {
		expect(formatUkDateTime('2026-11-23T14:05:09.123Z')).toBe('23 Nov 2026, 14:05');
		expect(formatUkDateTime('2026-07-01T14:05:09.123Z')).toBe('1 Jul 2026, 15:05');
	});

	it('adds seconds when asked', () => {
		expect(formatUkDateTime('2026-11-23T14:05:09.123Z', { seconds: true })).toBe(
			'23 Nov 2026, 14:05:09'
		);
	});

	it('returns text that is not a timestamp unchanged', () => {
		expect(formatUkDateTime('not a date')).toBe('not a date');
	});
});

describe('formatUkDate', () => {
	it('gives the UK day, which can differ from the UTC day in summer', () => {
		expect(formatUkDate('2026-06-30T23:30:00Z')).toBe('1 July 2026');
		expect(formatUkDate('2026-12-31T23:30:00Z')).toBe('31 December 2026');
	});
});

describe('ukDayStartUtc', () => {
	it('starts a winter day at midnight UTC and a summer day an hour earlier', () => {
		expect(ukDayStartUtc('2026-11-23')).toBe('2026-11-23T00:00:00.000Z');
		expect(ukDayStartUtc('2026-07-01')).toBe('2026-06-30T23:00:00.000Z');
	});

	it('handles the days the clocks change', () => {
		// Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
		expect(ukDayStartUtc('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
		expect(ukDayStartUtc('2026-03-30')).toBe('2026-03-29T23:00:00.000Z');
		expect(ukDayStartUtc('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
		expect(ukDayStartUtc('2026-10-26')).toBe('2026-10-26T00:00:00.000Z');
	});

	it('moves to a later day across month and year ends', () => {
		expect(ukDayStartUtc('2026-12-31', 1)).toBe('2027-01-01T00:00:00.000Z');
	});

	it('refuses dates that do not exist', () => {
		expect(ukDayStartUtc('2026-02-30')).toBeNull();
		expect(ukDayStartUtc('23/11/2026')).toBeNull();
		expect(parseIsoDate('2026-13-01')).toBeNull();
		expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
	});
});
