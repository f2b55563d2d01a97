import { describe, expect, it } from 'vitest';

import {
	checkQuarterlyTargets,
	nextMetricCode,
	parseBaselineInput,
	parseTargetInput,
	validateMetric,
	validateNewMetric,
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

describe('validateNewMetric', () => {
	const newContext = {
		metrics: context.metrics,
		priorities: context.priorities,
		partners: [
			{ id: 1, name: 'Humberside Police', areaCode: 'HUMBER' },
			{ id: 2, name: 'Hull City Council', areaCode: 'HULL' }
		]
	};

	it('starts a lead partner as the only reporter, for its own area', () => {
		const result = validateNewMetric({ ...good, code: 'P1.05', leadPartnerId: '2' }, newContext);
		expect(result).toMatchObject({
			ok: true,
			value: {
				attributes: { code: 'P1.05', leadPartnerId: 2 },
				reporters: [{ partnerId: 2, areaCode: 'HULL' }]
			}
		});
	});

	it('starts with no reporters when partners’ figures are added up without a lead', () => {
		const result = validateNewMetric(
			{ ...good, code: 'P1.05', partnerAggregation: 'sum', leadPartnerId: '' },
			newContext
		);
		expect(result).toMatchObject({ ok: true, value: { reporters: [] } });
	});

	it('refuses a code another metric has, naming it', () => {
		const result = validateNewMetric({ ...good, code: 'p1.04' }, newContext);
		expect(result).toEqual({
			ok: false,
			errors: [
				{
					field: 'code',
					message: expect.stringMatching(/Another metric already has the code P1\.04/)
				}
			]
		});
	});
});

describe('nextMetricCode', () => {
	it('suggests the code after the priority’s highest', () => {
		expect(nextMetricCode(1, ['P1.01', 'P1.07', 'P2.09'])).toBe('P1.08');
	});

	it('suggests the first code for a priority without metrics', () => {
		expect(nextMetricCode(3, ['P1.01'])).toBe('P3.01');
	});
});

describe('checkQuarterlyTargets', () => {
	it('accepts a flow’s four quarters that add up to its annual target', () => {
		expect(checkQuarterlyTargets('sum', 100, [20, 30, 25, 25], 'Hull')).toBeNull();
		expect(checkQuarterlyTargets('sum', 0.3, [0.1, 0.1, 0.05, 0.05], 'Hull')).toBeNull();
	});

	it('refuses a flow’s four quarters that do not add up to its annual target', () => {
		expect(checkQuarterlyTargets('sum', 120, [20, 30, 25, 25], 'Hull in 2026-27')).toMatch(
			/quarterly targets for Hull in 2026-27 add up to 100, but the annual target is 120/
		);
	});

	it('leaves quarters alone when one is empty, there is no annual target, or the year is a level', () => {
		expect(checkQuarterlyTargets('sum', 120, [20, null, 25, 25], 'Hull')).toBeNull();
		expect(checkQuarterlyTargets('sum', null, [20, 30, 25, 25], 'Hull')).toBeNull();
		expect(checkQuarterlyTargets('last', 80, [60, 70, 75, 80], 'Hull')).toBeNull();
	});
});

describe('parseBaselineInput', () => {
	it('reads a financial year and a value', () => {
		expect(parseBaselineInput('count', { year: '2023/24', value: '1,240' }, 'Hull')).toEqual({
			ok: true,
			value: { year: 2023, value: 1240 }
		});
	});

	it('reads both empty as no baseline', () => {
		expect(parseBaselineInput('count', { year: ' ', value: '' }, 'Hull')).toEqual({
			ok: true,
			value: null
		});
	});

	it.each<[Unit, string, string, string, RegExp]>([
		['count', '', '12', 'year', /financial year the baseline for Hull describes/],
		['count', '2023', '12', 'year', /as a financial year, for example 2023-24 \(got "2023"\)/],
		['count', '2023-24', '', 'value', /Enter the baseline for Hull, or clear its year/],
		['count', '2023-24', '-3', 'value', /baseline for Hull cannot be negative/],
		['percent', '2023-24', '120', 'value', /from 0 to 100 \(got 120\)/],
		['gbp', '2023-24', 'lots', 'value', /as a number/]
	])(
		'refuses a %s baseline of year "%s" and value "%s" on its %s',
		(unit, year, value, field, message) => {
			const result = parseBaselineInput(unit, { year, value }, 'Hull');
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
		}
	);
});
