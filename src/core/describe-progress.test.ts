import { describe, expect, it } from 'vitest';
import { describeChange } from './change.js';
import {
	describeBaselineChange,
	describeChangeBrief,
	describeChangeInWords,
	describeForecast,
	describeStatus
} from './describe-progress.js';
import type { Direction, Unit } from './framework.js';
import { statusForMetric } from './status.js';

/** Rates the figures with the real rule, then describes them, as the pages do. */
function describeRated(
	unit: Unit,
	direction: Direction,
	actual: number | null,
	target: number | null,
	tolerance = 0.1
): string {
	const status = statusForMetric({ direction, tolerance, actual, target });
	return describeStatus({ unit, direction, tolerance, actual, target, status });
}

describe('describeStatus', () => {
	it.each<[string, Unit, Direction, number, number, number, string]>([
		[
			'an increase count on track',
			'count',
			'increase',
			1234,
			1200,
			0.1,
			'1,234 against a year-to-date target of 1,200: on track.'
		],
		[
			'an increase count within tolerance',
			'count',
			'increase',
			412,
			450,
			0.1,
			'412 against a year-to-date target of 450: within tolerance, no more than 10% short of the target.'
		],
		[
			'an increase count off track',
			'count',
			'increase',
			1100,
			1500,
			0.1,
			'1,100 against a year-to-date target of 1,500: off track, more than 10% short of the target.'
		],
		[
			'a decrease count on track',
			'count',
			'decrease',
			9,
			12,
			0.15,
			'9 against a year-to-date target of 12: on track.'
		],
		[
			'a decrease duration within tolerance',
			'days',
			'decrease',
			52,
			50,
			0.1,
			'52 against a year-to-date target of 50: within tolerance, no more than 10% over the target.'
		],
		[
			'a decrease duration off track',
			'days',
			'decrease',
			60,
			50,
			0.1,
			'60 against a year-to-date target of 50: off track, more than 10% over the target.'
		],
		[
			'an increase percentage within a 5% tolerance',
			'percent',
			'increase',
			83.6,
			88,
			0.05,
			'83.6% against a year-to-date target of 88%: within tolerance, no more than 5% short of the target.'
		],
		[
			'an increase amount of money off track',
			'gbp',
			'increase',
			12500,
			15000,
			0.1,
			'£12,500 against a year-to-date target of £15,000: off track, more than 10% short of the target.'
		],
		[
			'a maintain count on track',
			'count',
			'maintain',
			13,
			12,
			0.15,
			'13 against a year-to-date target of 12: on track.'
		],
		// Maintain is amber between one and two tolerances away (100 ± 10 to 100 ± 20): 115 is 15% away.
		[
			'a maintain count within tolerance',
			'count',
			'maintain',
			115,
			100,
			0.1,
			'115 against a year-to-date target of 100: within tolerance, no more than 20% away from the target.'
		],
		[
			'a maintain count off track',
			'count',
			'maintain',
			125,
			100,
			0.1,
			'125 against a year-to-date target of 100: off track, more than 20% away from the target.'
		],
		[
			'a maintain count off track with a 15% tolerance',
			'count',
			'maintain',
			8,
			12,
			0.15,
			'8 against a year-to-date target of 12: off track, more than 30% away from the target.'
		]
	])('describes %s', (_case, unit, direction, actual, target, tolerance, expected) => {
		expect(describeRated(unit, direction, actual, target, tolerance)).toBe(expected);
	});

	it('describes a monitored metric with figures without rating it, and says why', () => {
		const text = describeRated('count', 'monitor', 1234, null);
		expect(text).toBe(
			'1,234 so far this year. This metric is monitored for its trend and has no target: a rise can mean better identification as well as more harm.'
		);
	});

	it('describes a monitored metric without figures', () => {
		expect(describeRated('count', 'monitor', null, null)).toBe(
			'No figures yet. This metric is monitored for its trend and has no target.'
		);
	});

	it('says a metric without a target this year is not rated', () => {
		expect(describeRated('percent', 'increase', 62.5, null)).toBe(
			'62.5% so far this year. No target has been set for this year, so it is not rated.'
		);
	});

	it('says there are no figures yet and names the target when there is no data', () => {
		expect(describeRated('count', 'increase', null, 1500)).toBe(
			'No figures yet this year against a year-to-date target of 1,500.'
		);
		expect(describeRated('gbp', 'increase', null, 45000)).toBe(
			'No figures yet this year against a year-to-date target of £45,000.'
		);
	});

	it('rounds the tolerance to a whole percentage', () => {
		expect(describeRated('percent', 'increase', 80, 85, 0.075)).toContain('no more than 8% short');
	});
});

describe('describeStatus with the year to date hidden', () => {
	const base = { unit: 'count' as const, tolerance: 0.1, actual: null, target: 1.25 };
	it('says the figure is not shown and does not rate it', () => {
		const sentence = describeStatus({
			...base,
			direction: 'decrease',
			status: { status: 'none', reason: 'suppressed' },
			actualSuppressed: true
		});
		expect(sentence).toMatch(/^\[c\] so far this year: the figure is not shown/);
		expect(sentence).not.toMatch(/on track|1\.25/);
	});

	it('writes [c] for a monitored metric, not "no figures yet"', () => {
		expect(
			describeStatus({
				...base,
				direction: 'monitor',
				target: null,
				status: { status: 'none', reason: 'monitor' },
				actualSuppressed: true
			})
		).toMatch(/^\[c\] so far this year\. This metric is monitored/);
	});

	it('writes [c] where a metric without a target would show its figure', () => {
		expect(
			describeStatus({
				...base,
				direction: 'increase',
				target: null,
				status: { status: 'none', reason: 'no-target' },
				actualSuppressed: true
			})
		).toMatch(/^\[c\] so far this year\. No target/);
	});
});

describe('describeForecast', () => {
	it('says there is no forecast without figures', () => {
		expect(describeForecast('count', null)).toBe(
			'No forecast: there are no figures yet this year.'
		);
	});

	it('gives the year-end figure alone when there is nothing to judge it against', () => {
		expect(
			describeForecast('count', { value: 1280, annualTarget: null, willMeetTarget: null })
		).toBe('At the current rate the year would end at 1,280.');
	});

	it('says the target would be met, with both numbers formatted', () => {
		expect(
			describeForecast('count', { value: 2240, annualTarget: 2000, willMeetTarget: true })
		).toBe(
			'At the current rate the year would end at 2,240, against an annual target of 2,000: the target would be met.'
		);
	});

	it('says the target would not be met', () => {
		expect(
			describeForecast('percent', { value: 82.5, annualTarget: 85, willMeetTarget: false })
		).toBe(
			'At the current rate the year would end at 82.5%, against an annual target of 85%: the target would not be met.'
		);
		expect(
			describeForecast('gbp', { value: 38000, annualTarget: 45000, willMeetTarget: false })
		).toContain('£38,000, against an annual target of £45,000: the target would not be met.');
	});
});

describe('describeChangeBrief', () => {
	it.each([
		['a rise in a count', 'count', 400, 434, 'up 9%'],
		['a fall in a count', 'count', 200, 150, 'down 25%'],
		['money', 'gbp', 10000, 12500, 'up 25%'],
		['no change', 'count', 40, 40, 'No change'],
		['small counts, not over-read', 'count', 3, 5, '3 to 5: too small to compare'],
		['a count rising from zero past ten: no percentage of zero', 'count', 0, 12, 'up 12'],
		['a percentage, in points', 'percent', 62.5, 60, 'down 2.5 percentage points'],
		['days', 'days', 20, 30, 'up 50%']
	] as const)('describes %s', (_name, unit: Unit, from, to, expected) => {
		expect(describeChangeBrief(unit, describeChange(unit, from, to))).toBe(expected);
	});

	it('says there is nothing to compare when either quarter has no figure', () => {
		expect(describeChangeBrief('count', describeChange('count', null, 12))).toBe(
			'No figure to compare'
		);
	});
});

describe('describeChangeInWords', () => {
	const words = (unit: Unit, from: number | null, to: number | null, mayBeHidden = false) =>
		describeChangeInWords(unit, describeChange(unit, from, to), '2025-26 Q4', mayBeHidden);

	it('gives a rise or fall as a whole percentage, with both figures', () => {
		// 50 → 56 is 6 more: 12 %.
		expect(words('count', 50, 56)).toBe('Up 12% on 2025-26 Q4, from 50 to 56.');
		// £1,200 → £900 is £300 less: 25 %.
		expect(words('gbp', 1200, 900)).toBe('Down 25% on 2025-26 Q4, from £1,200 to £900.');
		// 1,000 → 1,004 is 0.4 %, which would round to none.
		expect(words('count', 1000, 1004)).toBe('Up less than 1% on 2025-26 Q4, from 1,000 to 1,004.');
	});

	it('gives a change in a percentage as percentage points', () => {
		expect(words('percent', 60, 65)).toBe('Up 5 percentage points on 2025-26 Q4, from 60% to 65%.');
		expect(words('percent', 71.5, 70.5)).toBe(
			'Down 1 percentage point on 2025-26 Q4, from 71.5% to 70.5%.'
		);
	});

	it('gives a rise from zero by how much, as no percentage of zero exists', () => {
		expect(words('count', 0, 12)).toBe('Up 12 on 2025-26 Q4, from 0 to 12.');
	});

	it('says when nothing changed', () => {
		expect(words('count', 40, 40)).toBe('No change on 2025-26 Q4: 40 both times.');
	});

	it('gives two counts under 10 as too small to compare, not as a percentage', () => {
		expect(words('count', 3, 6)).toBe('3 in 2025-26 Q4, 6 now: too small to compare.');
	});

	it('says why there is no comparison, and that a figure may be hidden when it may', () => {
		expect(words('count', null, 12)).toBe(
			'No comparison with 2025-26 Q4: one of the two quarters has no figure.'
		);
		expect(words('count', null, 12, true)).toBe(
			'No comparison with 2025-26 Q4: one of the two quarters has no figure, or one that is not shown ([c]).'
		);
	});
});

describe('describeBaselineChange', () => {
	const forecast = { year: 2023, comparedWith: 'forecast' as const };
	const yearToDate = { year: 2023, comparedWith: 'year-to-date' as const };

	it.each<[string, Unit, typeof forecast | typeof yearToDate, number, number, string]>([
		[
			'a forecast above the baseline',
			'count',
			forecast,
			240,
			280,
			'The year-end forecast of 280 is up 17% on the 2023-24 baseline of 240.'
		],
		[
			'a forecast below the baseline',
			'count',
			forecast,
			60,
			56,
			'The year-end forecast of 56 is down 7% on the 2023-24 baseline of 60.'
		],
		[
			'a percentage in points',
			'percent',
			yearToDate,
			60,
			65,
			'The year to date of 65% is up 5 percentage points on the 2023-24 baseline of 60%.'
		],
		[
			'a rise from a baseline of 0 by its difference',
			'count',
			forecast,
			0,
			12,
			'The year-end forecast of 12 is up 12 on the 2023-24 baseline of 0.'
		],
		[
			'no change',
			'gbp',
			yearToDate,
			5000,
			5000,
			'The year to date of £5,000 is the same as the 2023-24 baseline.'
		],
		[
			'two small counts',
			'count',
			forecast,
			6,
			8,
			'The year-end forecast of 8 against the 2023-24 baseline of 6: too small to compare.'
		]
	])('describes %s', (_, unit, side, from, to, expected) => {
		expect(describeBaselineChange(unit, { ...side, change: describeChange(unit, from, to) })).toBe(
			expected
		);
	});

	it('says why there is no comparison, naming [c] only where a figure may be hidden', () => {
		const none = { ...forecast, change: { kind: 'none' as const } };
		expect(describeBaselineChange('count', none)).toBe(
			'No comparison with the 2023-24 baseline: there is no figure this year yet.'
		);
		expect(describeBaselineChange('count', none, true)).toBe(
			'No comparison with the 2023-24 baseline: there is no figure this year yet, or one of the two is not shown ([c]).'
		);
	});
});
