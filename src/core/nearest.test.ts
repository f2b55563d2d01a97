import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './nearest.js';

const CODES = ['P1.01', 'P1.02', 'P1.03', 'P1.06', 'P2.01', 'P4.02', 'P4.03', 'P6.01'];

describe('editDistance', () => {
	it.each<[string, string, number]>([
		['', '', 0],
		['P1.03', 'P1.03', 0],
		['', 'abc', 3],
		['abc', '', 3],
		['P1.03', 'P1.08', 1],
		['P1.3', 'P1.03', 1],
		['P1.033', 'P1.03', 1],
		['P13.0', 'P1.03', 2],
		['kitten', 'sitting', 3]
	])('from %j to %j is %d', (a, b, d) => {
		expect(editDistance(a, b)).toBe(d);
		expect(editDistance(b, a)).toBe(d);
	});
});

describe('nearest', () => {
	it.each<[string, string | null]>([
		// A dropped leading zero is the commonest slip of all.
		['P1.3', 'P1.03'],
		['p1.6', 'P1.06'],
		// One edit away from exactly one code.
		['P4.033', 'P4.03'],
		['P6.0l', 'P6.01'],
		['p2.01 ', 'P2.01'],
		// One edit away from several codes: a guess would mislead.
		['P1.0', null],
		['P7.01', null],
		['P3.01', null],
		// Too far from anything.
		['Council NRM referrals', null],
		['', null]
	])('suggests for %j: %j', (typed, suggestion) => {
		expect(nearest(typed, CODES, 1)).toBe(suggestion);
	});

	it('compares without regard to case', () => {
		expect(nearest('p4.033', CODES, 1)).toBe('P4.03');
	});

	it('uses the padded code only when it exists', () => {
		expect(nearest('P9.9', CODES, 1)).toBeNull();
	});

	it('returns the candidate as the candidates spell it', () => {
		expect(nearest('HCX', ['HCC', 'hp'], 1)).toBe('HCC');
		expect(nearest('HQ', ['HCC', 'hp'], 1)).toBe('hp');
	});

	it('allows more edits when asked', () => {
		expect(nearest('P6.1x', CODES, 1)).toBeNull();
		expect(nearest('P6.1x', CODES, 2)).toBe('P6.01');
	});

	it('suggests nothing from no candidates', () => {
		expect(nearest('P1.03', [], 3)).toBeNull();
	});
});
