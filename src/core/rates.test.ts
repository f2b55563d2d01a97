import { describe, expect, it } from 'vitest';

import type { Unit } from './framework.js';
import { populationOf, ratePer10000, ratesPer10000, type AreaPopulation } from './rates.js';

// The Humber fixture's populations (ONS mid-2022, to the nearest 100).
const HULL: AreaPopulation = { code: 'HULL', population: 268_900, partnershipWide: false };
const ERY: AreaPopulation = { code: 'ERY', population: 345_200, partnershipWide: false };
const NEL: AreaPopulation = { code: 'NEL', population: 157_400, partnershipWide: false };
const NL: AreaPopulation = { code: 'NL', population: 170_000, partnershipWide: false };
const HUMBER: AreaPopulation = { code: 'HUMBER', population: 941_500, partnershipWide: true };
const COUNCILS = [HULL, ERY, NEL, NL];

describe('populationOf', () => {
	it('gives a council area its own population', () => {
		expect(populationOf(HULL, [...COUNCILS, HUMBER])).toBe(268_900);
	});

	it('gives the partnership its own population when it has one', () => {
		const recorded = { ...HUMBER, population: 1_000_000 };
		expect(populationOf(recorded, [...COUNCILS, recorded])).toBe(1_000_000);
	});

	it('adds up the council areas for a partnership without a population of its own', () => {
		const unrecorded = { ...HUMBER, population: 0 };
		// 268,900 + 345,200 + 157,400 + 170,000
		expect(populationOf(unrecorded, [...COUNCILS, unrecorded])).toBe(941_500);
	});

	it('does not add up council areas when one of them has no population', () => {
		const unrecorded = { ...HUMBER, population: 0 };
		const areas = [HULL, ERY, { ...NEL, population: 0 }, NL, unrecorded];
		expect(populationOf(unrecorded, areas)).toBeNull();
	});

	it('knows no population for a council area recorded as 0, or an area it is not given', () => {
		expect(populationOf(HULL, [{ ...HULL, population: 0 }])).toBeNull();
		expect(populationOf({ code: 'YORK', partnershipWide: false }, COUNCILS)).toBeNull();
	});
});

describe('ratePer10000', () => {
	it.each<[string, number, number, number]>([
		['12 in 40,000 people', 12, 40_000, 3],
		['5 in 20,000', 5, 20_000, 2.5],
		['0 (a nil return) in 10,000', 0, 10_000, 0],
		['94 in the Humber’s 941,500', 94, 941_500, 0.99841],
		['27 in Hull’s 268,900', 27, 268_900, 1.00409]
	])('gives %s per 10,000 residents, unrounded', (_, count, population, rate) => {
		expect(ratePer10000('count', count, population)).toBeCloseTo(rate, 5);
	});

	it('keeps the fraction for rounding when printed: 1 in 30,000 is a third', () => {
		expect(ratePer10000('count', 1, 30_000)).toBe(1 / 3);
	});

	it.each<Unit>(['percent', 'gbp', 'days', 'ratio'])('gives no rate for a %s metric', (unit) => {
		expect(ratePer10000(unit, 40, 10_000)).toBeNull();
	});

	it('gives no rate without a figure', () => {
		expect(ratePer10000('count', null, 10_000)).toBeNull();
	});

	it.each<[string, number | null]>([
		['0, rather than dividing by zero', 0],
		['missing', null],
		['negative', -100],
		['not a number', Number.NaN]
	])('gives no rate when the population is %s', (_, population) => {
		expect(ratePer10000('count', 12, population)).toBeNull();
	});
});

describe('ratesPer10000', () => {
	it('gives the quarter’s and the year to date’s rates', () => {
		expect(ratesPer10000('count', { quarter: 30, yearToDate: 75 }, 50_000)).toEqual({
			quarter: 6,
			yearToDate: 15
		});
		expect(ratesPer10000('count', { quarter: null, yearToDate: 75 }, 50_000)).toEqual({
			quarter: null,
			yearToDate: 15
		});
		expect(ratesPer10000('percent', { quarter: 30, yearToDate: 75 }, 50_000)).toEqual({
			quarter: null,
			yearToDate: null
		});
	});
});
