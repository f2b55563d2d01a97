import { describe, expect, it } from 'vitest';

import {
	parseTargetInput,
	validateMetric,
	type MetricEditContext,
	type MetricForm
} from './framework-edit.js';
import type { Unit } from './framework.js';

const context: MetricEditContext = {
	metricId: 7,
	metrics: [
		{ id: 7, code: 'P1.03' },
		{ id: 8, code: 'P1.04' }
	],
	priorities: [
		{ id: 11, number: 1 },
		{ id: 12, number: 2 }
	],
	partners: [
		{ id: 1, name: 'Humberside Police' },
		{ id: 2, name: 'Hull City Council' }
	],
	reporters: [{ partnerId: 1, areaCode: 'HULL' }]
};

const good: MetricForm = {
	code: 'P1.03',
	name: 'Victims referred to the NRM',
	priorityId: '11',
	unit: 'count',
	direction: 'increase',
	partnerAggregation: 'lead',
	periodAggregation: 'sum',
	amberTolerancePercent: '10',
	sensitive: true,
	leadPartnerId: '1',
	definition: ' Referrals made. ',
	countingRule: '',
	dataSource: '',
	owner: '',
	caveats: ''
};

describe('validateMetric', () => {
	it('accepts a complete metric, trimming text and turning the tolerance into a fraction', () => {
		const result = validateMetric(
			{ ...good, code: ' p1.03 ', amberTolerancePercent: '12.5' },
			context
		);
		expect(result).toEqual({
			ok: true,
			value: {
				code: 'P1.03',
				name: 'Victims referred to the NRM',
				priorityId: 11,
				unit: 'count',
				direction: 'increase',
				partnerAggregation: 'lead',
				periodAggregation: 'sum',
				amberTolerance: 0.125,
				sensitive: true,
				leadPartnerId: 1,
				definition: 'Referrals made.',
				countingRule: '',
				dataSource: '',
				owner: '',
				caveats: ''
			}
		});
	});

	it('accepts no lead partner when partners’ figures are added up', () => {
		expect(
			validateMetric({ ...good, partnerAggregation: 'sum', leadPartnerId: '' }, context).ok
		).toBe(true);
	});

	it.each<[string, Partial<MetricForm>, string, RegExp]>([
		['a code in the wrong form', { code: 'P1.3' }, 'code', /for example P1\.03 \(got "P1\.3"\)/],
		[
			'a code another metric has',
			{ code: 'P1.04' },
			'code',
			/Another metric already has the code P1\.04/
		],
		[
			'a code for another priority',
			{ code: 'P2.05' },
			'code',
			/says priority 2.*Start the code with P1/
		],
		['no name', { name: '  ' }, 'name', /Enter the metric’s name/],
		['an unknown priority', { priorityId: '99' }, 'priorityId', /Choose the priority/],
		['an unknown unit', { unit: 'people' }, 'unit', /one of "count".*\(got "people"\)/],
		['an unknown direction', { direction: 'up' }, 'direction', /\(got "up"\)/],
		[
			'an unknown partner rule',
			{ partnerAggregation: 'min' },
			'partnerAggregation',
			/\(got "min"\)/
		],
		[
			'an unknown quarter rule',
			{ periodAggregation: 'first' },
			'periodAggregation',
			/\(got "first"\)/
		],
		[
			'a tolerance over 100 %',
			{ amberTolerancePercent: '150' },
			'amberTolerancePercent',
			/0 to 100.*\(got "150"\)/
		],
		[
			'a negative tolerance',
			{ amberTolerancePercent: '-1' },
			'amberTolerancePercent',
			/\(got "-1"\)/
		],
		[
			'a tolerance that is not a number',
			{ amberTolerancePercent: 'ten' },
			'amberTolerancePercent',
			/\(got "ten"\)/
		],
		['no tolerance', { amberTolerancePercent: '' }, 'amberTolerancePercent', /\(got ""\)/],
		[
			'no lead partner for the lead rule',
			{ leadPartnerId: '' },
			'leadPartnerId',
			/Choose a lead partner/
		],
		[
			'a lead partner that does not report it',
			{ leadPartnerId: '2' },
			'leadPartnerId',
			/Hull City Council does not report this metric/
		],
		[
			'a lead partner that does not exist',
			{ leadPartnerId: '42' },
			'leadPartnerId',
			/from the list/
		]
	])('refuses %s, on the field', (_, change, field, message) => {
		const result = validateMetric({ ...good, ...change }, context);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0]!.field).toBe(field);
		expect(result.errors[0]!.message).toMatch(message);
	});

	it('reports every problem at once', () => {
		const result = validateMetric({ ...good, name: '', unit: '', direction: '' }, context);
		expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
			'name',
			'unit',
			'direction'
		]);
	});
});

describe('parseTargetInput', () => {
	it.each<[Unit, string, number | null]>([
		['count', '', null],
		['count', ' 120 ', 120],
		['count', '1,200', 1200],
		['count', '0', 0],
		['gbp', '25000.50', 25000.5],
		['percent', '100', 100],
		['percent', '0', 0],
		['ratio', '-0.5', -0.5]
	])('accepts a %s target typed as "%s"', (unit, text, value) => {
		expect(parseTargetInput(unit, text, 'annual target')).toEqual({ ok: true, value });
	});

	it.each<[Unit, string, RegExp]>([
		['count', '-5', /annual target cannot be negative \(got -5\): a count is never below zero/],
		['gbp', '-1', /cannot be negative.*sum of money/],
		['days', '-0.5', /cannot be negative.*number of days/],
		['percent', '101', /percentage, so it must be from 0 to 100 \(got 101\)/],
		['percent', '-1', /from 0 to 100 \(got -1\)/],
		['count', 'lots', /as a number, for example 120 \(got "lots"\)/],
		['count', '1e3', /\(got "1e3"\)/]
	])('refuses a %s target typed as "%s"', (unit, text, message) => {
		const result = parseTargetInput(unit, text, 'annual target');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors[0]!.message).toMatch(message);
	});
});
