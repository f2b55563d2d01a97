import { describe, expect, it } from 'vitest';
import type { Direction } from './framework.js';
import {
	countStatuses,
	NO_STATUS_LABELS,
	PRIORITY_ROLLUP_RULE,
	rollUpPriorityStatus,
	STATUS_LABELS,
	statusForMetric,
	type Status
} from './status.js';

function rate(direction: Direction, actual: number | null, target: number | null, tolerance = 0.1) {
	return statusForMetric({ direction, tolerance, actual, target });
}

describe('statusForMetric', () => {
	describe('increase (target 100, tolerance 10%: the amber band is 90 to just under 100)', () => {
		it.each([
			['meets the target exactly', 100, 'green'],
			['beats the target', 120, 'green'],
			['is short by less than the tolerance', 95, 'amber'],
			['is short by exactly the tolerance (100 − 90 = 10)', 90, 'amber'],
			['is short by just over the tolerance', 89.9, 'red'],
			['is far short', 40, 'red'],
			['is zero', 0, 'red']
		])('rates an increase metric that %s', (_case, actual, expected) => {
			expect(rate('increase', actual, 100)).toEqual({ status: expected });
		});
	});

	describe('decrease (target 100, tolerance 10%: the amber band is just over 100 to 110)', () => {
		it.each([
			['meets the target exactly', 100, 'green'],
			['is under the target', 80, 'green'],
			['is zero', 0, 'green'],
			['is over by less than the tolerance', 105, 'amber'],
			['is over by exactly the tolerance (110 − 100 = 10)', 110, 'amber'],
			['is over by just more than the tolerance', 110.1, 'red'],
			['is far over', 200, 'red']
		])('rates a decrease metric that %s', (_case, actual, expected) => {
			expect(rate('decrease', actual, 100)).toEqual({ status: expected });
		});
	});

	describe('maintain (target 100, tolerance 10%: green 90–110, amber 80–120)', () => {
		it.each([
			['is on the target', 100, 'green'],
			['is above by less than the tolerance', 105, 'green'],
			['is above by exactly the tolerance', 110, 'green'],
			['is below by exactly the tolerance', 90, 'green'],
			['is above by between one and two tolerances', 115, 'amber'],
			['is below by between one and two tolerances', 85, 'amber'],
			['is above by exactly twice the tolerance', 120, 'amber'],
			['is below by exactly twice the tolerance', 80, 'amber'],
			['is above by more than twice the tolerance', 120.5, 'red'],
			['is below by more than twice the tolerance', 79, 'red']
		])('rates a maintain metric that %s', (_case, actual, expected) => {
			expect(rate('maintain', actual, 100)).toEqual({ status: expected });
		});
	});

	describe('with decimal figures exactly on a boundary', () => {
		// Binary floating point cannot hold these decimals exactly: 88 − 83.6 is computed as
		// 4.400000000000006 and 88 × 0.05 as 4.4, so a bare comparison puts the boundary on the
		// wrong side. The rule says "no more than the tolerance", so the boundary is amber.
		it.each<[string, Status, Direction, number, number, number]>([
			['an increase percentage exactly 5% short of 88%', 'amber', 'increase', 0.05, 88, 83.6],
			['an increase percentage exactly 5% short of 89%', 'amber', 'increase', 0.05, 89, 84.55],
			['an increase percentage exactly 10% short of 72%', 'amber', 'increase', 0.1, 72, 64.8],
			['an increase figure exactly 15% short of 4', 'amber', 'increase', 0.15, 4, 3.4],
			['a decrease figure exactly 10% over 4', 'amber', 'decrease', 0.1, 4, 4.4],
			['a decrease figure exactly 15% over 6', 'amber', 'decrease', 0.15, 6, 6.9],
			['a maintain figure exactly 15% over 12', 'green', 'maintain', 0.15, 12, 13.8],
			['a maintain figure exactly 30% over 12', 'amber', 'maintain', 0.15, 12, 15.6],
			// (80 + 80 + 84.2) / 3 is 81.4, computed as 81.39999999999999.
			[
				'a mean of 80, 80 and 84.2 against 81.4',
				'green',
				'increase',
				0.05,
				81.4,
				(80 + 80 + 84.2) / 3
			]
		])('rates %s as %s', (_case, expected, direction, tolerance, target, actual) => {
			expect(statusForMetric({ direction, tolerance, actual, target })).toEqual({
				status: expected
			});
		});

		it('still rates a figure a hair beyond the boundary as beyond it', () => {
			// 83.59 is 4.41 short of 88; the band is 4.4.
			expect(rate('increase', 83.59, 88, 0.05)).toEqual({ status: 'red' });
			expect(rate('decrease', 4.41, 4, 0.1)).toEqual({ status: 'red' });
		});
	});

	describe('with other tolerances', () => {
		it.each<[Direction, number, number, Status]>([
			// Tolerance 0: any shortfall at all is red.
			['increase', 0, 99.9, 'red'],
			['increase', 0, 100, 'green'],
			['decrease', 0, 100.1, 'red'],
			['maintain', 0, 100, 'green'],
			['maintain', 0, 100.1, 'red'],
			// Tolerance 15%: amber down to 85.
			['increase', 0.15, 85, 'amber'],
			['increase', 0.15, 84, 'red'],
			// Tolerance 5%: amber up to 105.
			['decrease', 0.05, 105, 'amber'],
			['decrease', 0.05, 106, 'red']
		])('rates %s against 100 with tolerance %d and actual %d as %s', (d, tol, actual, expected) => {
			expect(rate(d, actual, 100, tol)).toEqual({ status: expected });
		});
	});

	describe('against a zero target (the band is a share of the target, so it is zero wide)', () => {
		it.each<[Direction, number, Status]>([
			['increase', 0, 'green'],
			['increase', 5, 'green'],
			['increase', -1, 'red'],
			['decrease', 0, 'green'],
			['decrease', 1, 'red'],
			['decrease', 0.5, 'red'],
			['maintain', 0, 'green'],
			['maintain', 1, 'red'],
			['maintain', -1, 'red']
		])('rates %s with actual %d as %s', (direction, actual, expected) => {
			expect(rate(direction, actual, 0)).toEqual({ status: expected });
		});
	});

	describe('against a negative target (the band is a share of its size)', () => {
		// Target −10, tolerance 10%: the band is 1.
		it.each<[Direction, number, Status]>([
			['increase', -5, 'green'],
			['increase', -10, 'green'],
			['increase', -10.5, 'amber'],
			['increase', -11, 'amber'],
			['increase', -11.5, 'red'],
			['decrease', -12, 'green'],
			['decrease', -9, 'amber'],
			['decrease', -8.5, 'red'],
			['maintain', -9, 'green'],
			['maintain', -11.5, 'amber'],
			['maintain', -7, 'red']
		])('rates %s with actual %d as %s', (direction, actual, expected) => {
			expect(rate(direction, actual, -10)).toEqual({ status: expected });
		});
	});

	describe('when it cannot rate', () => {
		it.each<[number | null, number | null]>([
			[50, 100],
			[150, 100],
			[null, 100],
			[50, null],
			[null, null],
			[0, 0]
		])(
			'never rates a monitor metric (actual %s, target %s) and says it is monitored',
			(actual, target) => {
				expect(rate('monitor', actual, target)).toEqual({ status: 'none', reason: 'monitor' });
			}
		);

		it.each<Direction>(['increase', 'decrease', 'maintain'])(
			'gives no status to a %s metric without a target',
			(direction) => {
				expect(rate(direction, 120, null)).toEqual({ status: 'none', reason: 'no-target' });
			}
		);

		it.each<Direction>(['increase', 'decrease', 'maintain'])(
			'gives no status to a %s metric without data',
			(direction) => {
				expect(rate(direction, null, 100)).toEqual({ status: 'none', reason: 'no-data' });
			}
		);

		it('reports the missing target before the missing data when both are missing', () => {
			expect(rate('increase', null, null)).toEqual({ status: 'none', reason: 'no-target' });
		});

		it('rates an actual of zero as data, not as no data', () => {
			expect(rate('increase', 0, 100)).toEqual({ status: 'red' });
			expect(rate('decrease', 0, 100)).toEqual({ status: 'green' });
		});
	});
});

describe('rollUpPriorityStatus', () => {
	it.each<[string, Status[], Status]>([
		['nothing at all', [], 'none'],
		['only unrated metrics', ['none', 'none', 'none'], 'none'],
		['every rated metric green', ['green', 'green', 'green'], 'green'],
		[
			'every rated metric green, ignoring unrated ones',
			['green', 'none', 'green', 'none'],
			'green'
		],
		['one green metric', ['green'], 'green'],
		['one amber among greens', ['green', 'green', 'amber'], 'amber'],
		['only ambers', ['amber', 'amber'], 'amber'],
		// 1 of 3 rated is red: exactly a third.
		['exactly a third red', ['green', 'green', 'red'], 'red'],
		// 3 of 9 rated: exactly a third.
		[
			'three reds in nine',
			['red', 'red', 'red', 'green', 'green', 'green', 'green', 'amber', 'amber'],
			'red'
		],
		['more than a third red', ['red', 'red', 'green'], 'red'],
		['every rated metric red', ['red', 'red'], 'red'],
		['one red metric alone', ['red'], 'red'],
		// 1 of 4 rated is red: under a third, so amber even though the rest are green.
		['under a third red, the rest green', ['green', 'green', 'green', 'red'], 'amber'],
		// 2 of 7 = 28.6 %.
		['two reds in seven', ['red', 'red', 'green', 'green', 'green', 'amber', 'amber'], 'amber'],
		// 1 of 2 rated is red; counting the three unrated metrics would make it 1 of 5.
		['one red in two rated among five metrics', ['green', 'red', 'none', 'none', 'none'], 'red'],
		// 1 of 4 rated: unrated metrics do not dilute or add.
		['one red in four rated among six', ['green', 'amber', 'green', 'red', 'none', 'none'], 'amber']
	])('rolls up %s as %s', (_case, statuses, expected) => {
		expect(rollUpPriorityStatus(statuses)).toBe(expected);
	});

	it('states the rule it applies in words', () => {
		expect(PRIORITY_ROLLUP_RULE).toContain('a third or more');
		expect(PRIORITY_ROLLUP_RULE).toContain('Monitoring metrics');
	});
});

describe('countStatuses', () => {
	it('counts each status, including the ones that do not occur', () => {
		expect(countStatuses(['green', 'red', 'green', 'none', 'green', 'none'])).toEqual({
			green: 3,
			amber: 0,
			red: 1,
			none: 2
		});
	});

	it('counts nothing as zero of each', () => {
		expect(countStatuses([])).toEqual({ green: 0, amber: 0, red: 0, none: 0 });
	});

	it('counts every status once when each appears once', () => {
		expect(countStatuses(['amber', 'none', 'red', 'green'])).toEqual({
			green: 1,
			amber: 1,
			red: 1,
			none: 1
		});
	});
});

describe('status labels', () => {
	it('labels each status and each reason for no status in words', () => {
		expect(STATUS_LABELS).toEqual({
			green: 'On track',
			amber: 'Within tolerance',
			red: 'Off track',
			none: 'Not rated'
		});
		expect(NO_STATUS_LABELS).toEqual({
			monitor: 'Monitoring',
			'no-target': 'No target',
			'no-data': 'No data',
			suppressed: 'Not shown'
		});
	});
});
