/**
 * A metric's rules in words, for its definitions-register entry (SPEC §2): what the unit is,
 * which way is better, how partners' figures and quarters combine, and where amber ends.
 */
import { isAdditiveUnit } from './combine-figures.js';
import type { Direction, PartnerAggregation, PeriodAggregation, Unit } from './framework.js';

export const UNIT_WORDS: Record<Unit, string> = {
	count: 'A count (a number of people, cases or events)',
	percent: 'A percentage',
	gbp: 'An amount in pounds (£)',
	days: 'A number of days',
	ratio: 'A ratio'
};

export const DIRECTION_WORDS: Record<Direction, string> = {
	increase: 'Higher is better',
	decrease: 'Lower is better',
	maintain: 'Best kept at the target: a figure well above or well below it is off track',
	monitor:
		'Monitored for its trend, never rated: a rise could be good or bad (more identified can mean better detection)'
};

export const PERIOD_AGGREGATION_WORDS: Record<PeriodAggregation, string> = {
	sum: 'The year’s figure is the quarters added up (a flow, such as referrals)',
	last: 'The year’s figure is the latest quarter’s (a level, such as a share of staff trained)',
	mean: 'The year’s figure is the average of its quarters'
};

/**
 * How partners' figures make the partnership's. Percentages, days and ratios cannot be added up,
 * so a `sum` of them is an average (combine-figures.ts).
 */
export function describePartnerAggregation(
	aggregation: PartnerAggregation,
	unit: Unit,
	leadPartnerName: string | null
): string {
	switch (aggregation) {
		case 'sum':
			return isAdditiveUnit(unit)
				? 'Partners’ figures are added up'
				: 'The average of partners’ figures (they cannot be added up)';
		case 'mean':
			return 'The average of partners’ figures';
		case 'max':
			return 'The highest of partners’ figures';
		case 'lead':
			return `The lead partner’s figure alone (${leadPartnerName ?? 'no lead partner set'}), so that people known to several agencies are counted once`;
	}
}

/** Where a figure stops being on track and starts being off track, in the metric's direction. */
export function describeTolerance(direction: Direction, tolerance: number): string {
	const pct = `${Math.round(tolerance * 100)}%`;
	switch (direction) {
		case 'increase':
			return `Within tolerance when no more than ${pct} short of the target`;
		case 'decrease':
			return `Within tolerance when no more than ${pct} over the target`;
		case 'maintain':
			return `On track within ${pct} either side of the target; within tolerance within ${Math.round(tolerance * 200)}%`;
		case 'monitor':
			return 'Not used: the metric is not rated';
	}
}

/** Said instead of the forecast when the year to date is hidden: the forecast would give it away. */
export const FORECAST_HIDDEN =
	'No forecast is shown: it would give away the year-to-date figure, which is not shown ([c]).';
