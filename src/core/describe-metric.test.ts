import { describe, expect, it } from 'vitest';

import {
	describePartnerAggregation,
	describeTolerance,
	DIRECTION_WORDS,
	PERIOD_AGGREGATION_WORDS,
	UNIT_WORDS
} from './describe-metric.js';
import {
	DIRECTIONS,
	PERIOD_AGGREGATIONS,
	UNITS,
	type PartnerAggregation,
	type Unit
} from './framework.js';

describe('describePartnerAggregation', () => {
	it.each<[PartnerAggregation, Unit, string | null, string]>([
		['sum', 'count', null, 'Partners’ figures are added up'],
		['sum', 'gbp', null, 'Partners’ figures are added up'],
		['sum', 'percent', null, 'The average of partners’ figures (they cannot be added up)'],
		['sum', 'days', null, 'The average of partners’ figures (they cannot be added up)'],
		['mean', 'count', null, 'The average of partners’ figures'],
		['max', 'count', null, 'The highest of partners’ figures'],
		[
			'lead',
			'count',
			'The Salvation Army',
			'The lead partner’s figure alone (The Salvation Army), so that people known to several agencies are counted once'
		],
		[
			'lead',
			'count',
			null,
			'The lead partner’s figure alone (no lead partner set), so that people known to several agencies are counted once'
		]
	])('describes %s of %s (lead %s)', (aggregation, unit, lead, words) => {
		expect(describePartnerAggregation(aggregation, unit, lead)).toBe(words);
	});
});

describe('describeTolerance', () => {
	it.each([
		['increase', 0.1, 'Within tolerance when no more than 10% short of the target'],
		['decrease', 0.05, 'Within tolerance when no more than 5% over the target'],
		['maintain', 0.1, 'On track within 10% either side of the target; within tolerance within 20%'],
		['monitor', 0.1, 'Not used: the metric is not rated']
	] as const)('describes %s with a tolerance of %s', (direction, tolerance, words) => {
		expect(describeTolerance(direction, tolerance)).toBe(words);
	});
});

describe('word tables', () => {
	it('have words for every unit, direction and way of combining quarters', () => {
		for (const unit of UNITS) expect(UNIT_WORDS[unit]).toMatch(/^[A-Z]/);
		for (const direction of DIRECTIONS) expect(DIRECTION_WORDS[direction]).toMatch(/^[A-Z]/);
		for (const a of PERIOD_AGGREGATIONS) expect(PERIOD_AGGREGATION_WORDS[a]).toMatch(/^The year/);
	});
});
