/**
 * Counts per 10,000 residents (SPEC §2), so that areas of different sizes can be set side by
 * side: 30 referrals in North East Lincolnshire are more than 30 in the East Riding, which has
 * twice the people. Only counts have a rate: a percentage, a sum of money or a number of days per
 * resident means nothing. Rates are kept unrounded; they are rounded only when printed (format.ts).
 */
import { sum, type AreaScope } from './combine-figures.js';
import type { Area, Unit } from './framework.js';

export const RATE_BASE = 10_000;

export type AreaPopulation = Pick<Area, 'code' | 'population' | 'partnershipWide'>;

/** A metric's figures for a quarter and area per 10,000 residents; null where there is no rate. */
export interface RatesPer10000 {
	quarter: number | null;
	yearToDate: number | null;
}

export const NO_RATES: RatesPer10000 = { quarter: null, yearToDate: null };

/** A population of 0 (or none recorded) is unknown, not empty: no area has no residents. */
function isKnownPopulation(population: number | null | undefined): population is number {
	return typeof population === 'number' && Number.isFinite(population) && population > 0;
}

/**
 * The residents of `area`, as `areas` (the framework's) record them. The partnership-wide area
 * has its own population (the Humber fixture records the ONS figure, which is the four councils'
 * added up); without one it is the council areas' added up, and unknown if any of those is, as a
 * sum short of an area would overstate the rate.
 */
export function populationOf(area: AreaScope, areas: readonly AreaPopulation[]): number | null {
	const own = areas.find((a) => a.code === area.code)?.population;
	if (isKnownPopulation(own)) return own;
	if (!area.partnershipWide) return null;
	const councils = areas.filter((a) => !a.partnershipWide).map((a) => a.population);
	return councils.length > 0 && councils.every(isKnownPopulation) ? sum(councils) : null;
}

/** A count per 10,000 residents: null for other units, no figure or an unknown population. */
export function ratePer10000(
	unit: Unit,
	value: number | null,
	population: number | null
): number | null {
	if (unit !== 'count' || value === null || !isKnownPopulation(population)) return null;
	// Multiplied first: a whole count times 10,000 is exact, so 30 in 50,000 is 6, not 5.999….
	return (value * RATE_BASE) / population;
}

export function ratesPer10000(
	unit: Unit,
	figures: { quarter: number | null; yearToDate: number | null },
	population: number | null
): RatesPer10000 {
	return {
		quarter: ratePer10000(unit, figures.quarter, population),
		yearToDate: ratePer10000(unit, figures.yearToDate, population)
	};
}
