import { describe, expect, it } from 'vitest';
import {
	addQuarters,
	comparePeriods,
	defaultDeadline,
	formatFinancialYear,
	formatPeriodLabel,
	formatPeriodMonths,
	formatPeriodProse,
	formatPeriodSlug,
	hasQuarterEnded,
	isPeriod,
	isSamePeriod,
	lastCompleteQuarter,
	parseFinancialYear,
	parsePeriodLabel,
	parsePeriodSlug,
	periodContainingDate,
	periodEndDate,
	periodFromIndex,
	periodIndex,
	periodsBetween,
	periodStartDate,
	quartersOfFinancialYear,
	type Period,
	type QuarterNumber
} from './periods.js';

function period(year: number, quarter: QuarterNumber): Period {
	return { year, quarter };
}

function expectRejected(input: string): string {
	const result = parsePeriodLabel(input);
	expect(result.ok).toBe(false);
	return result.ok ? '' : result.message;
}

const Q1_2025 = period(2025, 1);

describe('parsePeriodLabel', () => {
	it.each([
		['2025-26 Q1', Q1_2025],
		['2025-26 q1', Q1_2025],
		['  2025-26   Q1  ', Q1_2025],
		['2025-26Q1', Q1_2025],
		['2025 - 26 Q1', Q1_2025],
		['2025–26 Q1', Q1_2025],
		['2025/26 Q1', Q1_2025],
		['2025/26 q1', Q1_2025],
		['Q1 2025/26', Q1_2025],
		['q1  2025/26', Q1_2025],
		['Q1 2025-26', Q1_2025],
		['Q12025-26', Q1_2025],
		['2025-26-Q1', Q1_2025],
		['2025-26-q1', Q1_2025],
		['FY2025/26 Q1', Q1_2025],
		['fy2025/26 q1', Q1_2025],
		['FY25/26 Q1', Q1_2025],
		['Fy 25/26 Q1', Q1_2025],
		['FY 2025-26 Q1', Q1_2025],
		['FY2025-26Q1', Q1_2025],
		['Q1 25/26', Q1_2025],
		['Q1 FY25/26', Q1_2025],
		['q1 fy 25/26', Q1_2025],
		['2025-2026 Q1', Q1_2025],
		['2025/2026 Q1', Q1_2025],
		['2025/2026 quarter 1', Q1_2025],
		['Apr-Jun 2025', Q1_2025],
		['APR-JUN 2025', Q1_2025],
		['apr - jun 2025', Q1_2025],
		['April to June 2025', Q1_2025],
		['april  TO june 2025', Q1_2025],
		['April-June 2025', Q1_2025],
		['Apr–Jun 2025', Q1_2025],
		['Jul-Sep 2025', period(2025, 2)],
		['July to September 2025', period(2025, 2)],
		['Jul-Sept 2025', period(2025, 2)],
		['Oct - Dec 2025', period(2025, 3)],
		['October to December 2025', period(2025, 3)],
		['Jan-Mar 2026', period(2025, 4)],
		['January to March 2026', period(2025, 4)],
		['january-march 2026', period(2025, 4)],
		['Jan-Mar 2025-26', period(2025, 4)],
		['Quarter 1 (April to June) 2025 to 2026', Q1_2025],
		['quarter 1 (april to june) 2025 to 2026', Q1_2025],
		['Quarter 1 2025 to 2026', Q1_2025],
		['Quarter 4 (January to March) 2025 to 2026', period(2025, 4)],
		['2025-26 Q2', period(2025, 2)],
		['2025-26 Q3', period(2025, 3)],
		['2025-26 Q4', period(2025, 4)],
		['1999-00 Q4', period(1999, 4)],
		['FY99/00 Q1', period(1999, 1)],
		['1999-2000 Q2', period(1999, 2)],
		['2099-00 Q1', period(2099, 1)]
	])('reads %j as the right quarter', (input, expected) => {
		expect(parsePeriodLabel(input)).toEqual({ ok: true, period: expected });
	});

	it.each([
		['2025 Q1', '2024-25 Q4', 'January to March 2025', '2025-26 Q1', 'April to June 2025'],
		['2025-Q1', '2024-25 Q4', 'January to March 2025', '2025-26 Q1', 'April to June 2025'],
		['Q1 2025', '2024-25 Q4', 'January to March 2025', '2025-26 Q1', 'April to June 2025'],
		['2025Q1', '2024-25 Q4', 'January to March 2025', '2025-26 Q1', 'April to June 2025'],
		['q1-2025', '2024-25 Q4', 'January to March 2025', '2025-26 Q1', 'April to June 2025'],
		['2025 Q2', '2025-26 Q1', 'April to June 2025', '2025-26 Q2', 'July to September 2025'],
		['2025 Q3', '2025-26 Q2', 'July to September 2025', '2025-26 Q3', 'October to December 2025'],
		['Q4 2025', '2025-26 Q3', 'October to December 2025', '2025-26 Q4', 'January to March 2026']
	])(
		'rejects the bare calendar quarter %j and names both financial-year labels',
		(input, sameMonths, sameMonthsText, financial, financialText) => {
			const message = expectRejected(input);
			expect(message).toContain(`"${input}" is ambiguous`);
			expect(message).toContain(`"${sameMonths}" for ${sameMonthsText}`);
			expect(message).toContain(`"${financial}" for ${financialText}`);
		}
	);

	it('words the calendar-quarter message exactly as the spec does', () => {
		expect(parsePeriodLabel('2025 Q1')).toEqual({
			ok: false,
			ambiguous: true,
			message:
				'"2025 Q1" is ambiguous: a calendar quarter is not a financial-year quarter. Write "2024-25 Q4" for January to March 2025, or "2025-26 Q1" for April to June 2025.'
		});
	});

	it.each(['FY2025 Q1', 'Q1 FY2025', 'FY25 Q1'])(
		'rejects %j, which names only one year of the financial year, and offers both readings',
		(input) => {
			const message = expectRejected(input);
			expect(message).toContain('ambiguous');
			expect(message).toContain('"2024-25 Q1"');
			expect(message).toContain('"2025-26 Q1"');
		}
	);

	it.each([
		'2025/27 Q1',
		'2025-25 Q1',
		'2026-25 Q1',
		'Q1 2025-2027',
		'FY25/27 Q1',
		'2025 to 2027 Q1',
		'26-2025 Q1'
	])('rejects the non-consecutive years in %j and says they must be consecutive', (input) => {
		const message = expectRejected(input);
		expect(message).toContain(`"${input}"`);
		expect(message).toContain('consecutive');
	});

	it.each([
		['Feb-Apr 2025', 'February to April'],
		['Mar-May 2025', 'March to May'],
		['April to July 2025', 'April to July'],
		['Dec-Feb 2025', 'December to February'],
		['Apr-Apr 2025', 'April to April'],
		['Feb-Apr 2025-26', 'February to April']
	])('rejects the month range %j as not a financial quarter', (input, months) => {
		const message = expectRejected(input);
		expect(message).toContain(`"${input}"`);
		expect(message).toContain(`${months} is not a financial quarter`);
		expect(message).toContain(
			'April to June, July to September, October to December and January to March'
		);
	});

	it.each(['Q5 2025-26', '2025-26 Q0', '2025-26 Q9', '2025 Q5'])(
		'rejects the quarter number in %j and says there are four quarters',
		(input) => {
			const message = expectRejected(input);
			expect(message).toContain(`"${input}"`);
			expect(message).toContain('quarters 1 to 4');
			expect(message).toMatch(/Write the quarter as "\d{4}-\d{2} Q1"\./);
		}
	);

	it.each(['banana', '2025', 'Q1', '2025-26 Q', 'Quarter one 2025-26', '2025-26 Q1 Q2', '!!'])(
		'rejects the unrecognised %j, quoting it and giving an accepted example',
		(input) => {
			const message = expectRejected(input);
			expect(message).toBe(
				`"${input}" is not a quarter we recognise. Write the quarter as "2025-26 Q1".`
			);
		}
	);

	it.each(['', '   ', '\t\n'])('rejects the empty input %j with its own message', (input) => {
		expect(parsePeriodLabel(input)).toEqual({
			ok: false,
			message: 'Enter a quarter, for example "2025-26 Q1".'
		});
	});

	it.each(['2025-26', 'FY2025/26', '2025 to 2026'])(
		'rejects the financial year %j without a quarter and shows how to add one',
		(input) => {
			const message = expectRejected(input);
			expect(message).toContain('names a financial year but not a quarter');
			expect(message).toContain('"2025-26 Q1"');
		}
	);

	it.each(['1989-90 Q1', '2101-02 Q1', 'Q1 1850/51', 'Apr-Jun 1980', '1985 Q1'])(
		'rejects %j as outside the supported years',
		(input) => {
			const message = expectRejected(input);
			expect(message).toContain(`"${input}" is outside the years this tracker covers`);
			expect(message).toContain('1990-91 to 2100-01');
		}
	);

	it('accepts the first and last supported financial years', () => {
		expect(parsePeriodLabel('1990-91 Q1')).toEqual({ ok: true, period: period(1990, 1) });
		expect(parsePeriodLabel('2100-01 Q4')).toEqual({ ok: true, period: period(2100, 4) });
	});

	it('rejects prose whose bracketed months contradict the quarter number', () => {
		const message = expectRejected('Quarter 1 (July to September) 2025 to 2026');
		expect(message).toContain('quarter 1 is April to June, not July to September');
	});

	it('rejects a single month and suggests the quarter that contains it', () => {
		expect(parsePeriodLabel('June 2025')).toEqual({
			ok: false,
			message: '"June 2025" is a single month, not a quarter. June 2025 is in "2025-26 Q1".',
			suggestion: '2025-26 Q1'
		});
		const february = parsePeriodLabel('Feb 2026');
		expect(february.ok).toBe(false);
		expect(february.ok ? undefined : february.suggestion).toBe('2025-26 Q4');
	});

	it('shortens a very long input when quoting it', () => {
		const message = expectRejected('x'.repeat(500));
		expect(message).toContain(`"${'x'.repeat(40)}…"`);
		expect(message.length).toBeLessThan(150);
	});
});

describe('round trips', () => {
	const samples = [
		...quartersOfFinancialYear(2024),
		...quartersOfFinancialYear(2025),
		period(1990, 1),
		period(1999, 4),
		period(2009, 2),
		period(2099, 3),
		period(2100, 4)
	];

	it.each(samples)('reads back the label of %j as the same period', (p) => {
		expect(parsePeriodLabel(formatPeriodLabel(p))).toEqual({ ok: true, period: p });
	});

	it.each(samples)('reads back the slug of %j, strictly and leniently', (p) => {
		expect(parsePeriodSlug(formatPeriodSlug(p))).toEqual(p);
		expect(parsePeriodLabel(formatPeriodSlug(p))).toEqual({ ok: true, period: p });
	});

	it.each(samples)('reads back the prose of %j as the same period', (p) => {
		expect(parsePeriodLabel(formatPeriodProse(p))).toEqual({ ok: true, period: p });
	});

	it.each(samples)('reads back the months of %j as the same period', (p) => {
		expect(parsePeriodLabel(formatPeriodMonths(p))).toEqual({ ok: true, period: p });
	});
});

describe('formatting', () => {
	it.each([
		[
			period(2025, 1),
			'2025-26 Q1',
			'2025-26-q1',
			'Quarter 1 (April to June) 2025 to 2026',
			'April to June 2025'
		],
		[
			period(2025, 2),
			'2025-26 Q2',
			'2025-26-q2',
			'Quarter 2 (July to September) 2025 to 2026',
			'July to September 2025'
		],
		[
			period(2025, 3),
			'2025-26 Q3',
			'2025-26-q3',
			'Quarter 3 (October to December) 2025 to 2026',
			'October to December 2025'
		],
		[
			period(2025, 4),
			'2025-26 Q4',
			'2025-26-q4',
			'Quarter 4 (January to March) 2025 to 2026',
			'January to March 2026'
		],
		[
			period(1999, 4),
			'1999-00 Q4',
			'1999-00-q4',
			'Quarter 4 (January to March) 1999 to 2000',
			'January to March 2000'
		]
	])('writes %j as label, slug, prose and months', (p, label, slug, prose, months) => {
		expect(formatPeriodLabel(p)).toBe(label);
		expect(formatPeriodSlug(p)).toBe(slug);
		expect(formatPeriodProse(p)).toBe(prose);
		expect(formatPeriodMonths(p)).toBe(months);
	});

	it.each([
		[1999, '1999-00'],
		[2009, '2009-10'],
		[2000, '2000-01'],
		[2025, '2025-26'],
		[2099, '2099-00']
	])('writes financial year %i as %s', (year, expected) => {
		expect(formatFinancialYear(year)).toBe(expected);
	});

	it('refuses a fractional year', () => {
		expect(() => formatFinancialYear(2025.5)).toThrow(RangeError);
	});
});

describe('parsePeriodSlug', () => {
	it.each([
		['2025-26-q1', period(2025, 1)],
		['2025-26-q4', period(2025, 4)],
		['1999-00-q2', period(1999, 2)]
	])('reads the slug %j', (slug, expected) => {
		expect(parsePeriodSlug(slug)).toEqual(expected);
	});

	it.each([
		'2025-26-Q1',
		'2025-26 Q1',
		'2025/26-q1',
		'2025-26-q5',
		'2025-26-q0',
		'2025-27-q1',
		'2025-2026-q1',
		' 2025-26-q1',
		'2025-26-q1/',
		'1989-90-q1',
		''
	])('rejects the non-canonical slug %j', (slug) => {
		expect(parsePeriodSlug(slug)).toBeNull();
	});
});

describe('parseFinancialYear', () => {
	it.each([
		['2025-26', 2025],
		['2025/26', 2025],
		['FY2025/26', 2025],
		['fy 25/26', 2025],
		['2025-2026', 2025],
		['2025 to 2026', 2025],
		[' 1999-00 ', 1999],
		['2099/2100', 2099]
	])('reads %j as %i', (input, expected) => {
		expect(parseFinancialYear(input)).toBe(expected);
	});

	it.each(['2025', '2025/27', '2025-26 Q1', 'banana', '', '1850-51'])('rejects %j', (input) => {
		expect(parseFinancialYear(input)).toBeNull();
	});
});

describe('ordering and arithmetic', () => {
	it('sorts periods chronologically across financial years', () => {
		const shuffled = [
			period(2025, 1),
			period(2024, 4),
			period(2025, 3),
			period(2024, 1),
			period(2025, 2)
		];
		expect([...shuffled].sort(comparePeriods)).toEqual([
			period(2024, 1),
			period(2024, 4),
			period(2025, 1),
			period(2025, 2),
			period(2025, 3)
		]);
	});

	it.each([
		[period(2024, 4), period(2025, 1), -1],
		[period(2025, 1), period(2024, 4), 1],
		[period(2025, 2), period(2025, 2), 0],
		[period(2024, 1), period(2025, 1), -1]
	])('compares %j with %j by sign %i', (a, b, sign) => {
		expect(Math.sign(comparePeriods(a, b))).toBe(sign);
	});

	it.each([
		[period(2024, 4), 1, period(2025, 1)],
		[period(2025, 1), -1, period(2024, 4)],
		[period(2025, 1), 0, period(2025, 1)],
		[period(2025, 3), 2, period(2026, 1)],
		[period(2025, 1), 4, period(2026, 1)],
		[period(2025, 1), -4, period(2024, 1)],
		[period(2025, 2), -6, period(2023, 4)],
		[period(2025, 4), 9, period(2028, 1)]
	])('moves %j by %i quarters to %j', (start, n, expected) => {
		expect(addQuarters(start, n)).toEqual(expected);
	});

	it('refuses to move by a fraction of a quarter', () => {
		expect(() => addQuarters(Q1_2025, 0.5)).toThrow(RangeError);
	});

	it('numbers consecutive quarters with consecutive indexes across the year boundary', () => {
		expect(periodIndex(period(2024, 4)) + 1).toBe(periodIndex(period(2025, 1)));
		expect(periodIndex(period(2025, 1))).toBe(2025 * 4);
	});

	it.each(periodsBetween(period(2023, 1), period(2026, 4)))('recovers %j from its index', (p) => {
		expect(periodFromIndex(periodIndex(p))).toEqual(p);
	});

	it('lists the quarters between two periods inclusively and in order', () => {
		expect(periodsBetween(period(2024, 3), period(2025, 2))).toEqual([
			period(2024, 3),
			period(2024, 4),
			period(2025, 1),
			period(2025, 2)
		]);
	});

	it('lists a single quarter when both ends are the same', () => {
		expect(periodsBetween(Q1_2025, Q1_2025)).toEqual([Q1_2025]);
	});

	it('lists nothing when the range runs backwards', () => {
		expect(periodsBetween(period(2025, 2), Q1_2025)).toEqual([]);
	});

	it('lists the four quarters of a financial year in order', () => {
		expect(quartersOfFinancialYear(2025)).toEqual([
			period(2025, 1),
			period(2025, 2),
			period(2025, 3),
			period(2025, 4)
		]);
	});

	it('treats periods with the same year and quarter as the same', () => {
		expect(isSamePeriod(period(2025, 1), { year: 2025, quarter: 1 })).toBe(true);
		expect(isSamePeriod(period(2025, 1), period(2025, 2))).toBe(false);
		expect(isSamePeriod(period(2025, 1), period(2024, 1))).toBe(false);
	});

	it.each([
		[{ year: 2025, quarter: 1 }, true],
		[{ year: 2025, quarter: 5 }, false],
		[{ year: 2025.5, quarter: 1 }, false],
		[{ year: 1850, quarter: 1 }, false],
		[{ year: '2025', quarter: 1 }, false],
		[{ quarter: 1 }, false],
		[null, false],
		['2025-26 Q1', false]
	])('recognises %j as a period: %s', (value, expected) => {
		expect(isPeriod(value)).toBe(expected);
	});
});

describe('dates', () => {
	it.each([
		[period(2025, 1), '2025-04-01', '2025-06-30'],
		[period(2025, 2), '2025-07-01', '2025-09-30'],
		[period(2025, 3), '2025-10-01', '2025-12-31'],
		[period(2025, 4), '2026-01-01', '2026-03-31'],
		[period(2023, 4), '2024-01-01', '2024-03-31'],
		[period(1999, 4), '2000-01-01', '2000-03-31']
	])('starts %j on %s and ends it on %s', (p, start, end) => {
		expect(periodStartDate(p)).toBe(start);
		expect(periodEndDate(p)).toBe(end);
	});

	it.each([
		['2025-04-01', period(2025, 1)],
		['2025-06-30', period(2025, 1)],
		['2025-07-01', period(2025, 2)],
		['2025-09-30', period(2025, 2)],
		['2025-10-01', period(2025, 3)],
		['2025-12-31', period(2025, 3)],
		['2026-01-01', period(2025, 4)],
		['2024-02-29', period(2023, 4)],
		['2026-03-31', period(2025, 4)],
		['2026-04-01', period(2026, 1)]
	])('places %s in %j', (date, expected) => {
		expect(periodContainingDate(date)).toEqual(expected);
	});

	it('reads a Date by its UTC calendar date', () => {
		expect(periodContainingDate(new Date('2025-03-31T23:59:59Z'))).toEqual(period(2024, 4));
		expect(periodContainingDate(new Date('2025-04-01T00:00:00Z'))).toEqual(period(2025, 1));
		expect(periodContainingDate(new Date('2025-04-01T00:30:00+01:00'))).toEqual(period(2024, 4));
	});

	it.each(['2025-02-30', '2025-13-01', '2025-4-1', '01/04/2025', '2025-04-01T00:00:00Z', ''])(
		'refuses the malformed date %j',
		(date) => {
			expect(() => periodContainingDate(date)).toThrow(RangeError);
		}
	);

	it('refuses an invalid Date', () => {
		expect(() => periodContainingDate(new Date('nonsense'))).toThrow(RangeError);
	});

	it.each([
		[period(2025, 1), undefined, '2025-07-30'],
		[period(2025, 2), undefined, '2025-10-30'],
		[period(2025, 3), undefined, '2026-01-30'],
		[period(2025, 4), undefined, '2026-04-30'],
		[period(2025, 1), 0, '2025-06-30'],
		[period(2025, 1), 1, '2025-07-01'],
		[period(2025, 3), 45, '2026-02-14'],
		[period(2023, 3), 60, '2024-02-29']
	])('sets the deadline of %j with %s days to %s', (p, days, expected) => {
		expect(defaultDeadline(p, days)).toBe(expected);
	});

	it.each([-1, 1.5, Number.NaN])('refuses a deadline offset of %s days', (days) => {
		expect(() => defaultDeadline(Q1_2025, days)).toThrow(RangeError);
	});

	it.each([
		['2025-03-31', period(2024, 3)],
		['2025-04-01', period(2024, 4)],
		['2025-06-30', period(2024, 4)],
		['2025-07-01', period(2025, 1)],
		['2025-12-31', period(2025, 2)],
		['2026-01-01', period(2025, 3)],
		['2026-03-31', period(2025, 3)],
		['2026-04-01', period(2025, 4)]
	])('on %s finds the last complete quarter to be %j', (today, expected) => {
		expect(lastCompleteQuarter(today)).toEqual(expected);
	});

	it('finds the last complete quarter from a Date', () => {
		expect(lastCompleteQuarter(new Date('2025-07-01T00:00:00Z'))).toEqual(period(2025, 1));
		expect(lastCompleteQuarter(new Date('2025-06-30T23:59:59Z'))).toEqual(period(2024, 4));
	});

	it.each([
		[period(2025, 1), '2025-06-30', false],
		[period(2025, 1), '2025-07-01', true],
		[period(2025, 1), '2025-04-01', false],
		[period(2025, 1), '2024-12-31', false],
		[period(2024, 4), '2025-03-31', false],
		[period(2024, 4), '2025-04-01', true],
		[period(2025, 3), '2026-01-01', true],
		[period(2020, 2), '2025-05-01', true]
	])('knows whether %j has ended on %s: %s', (p, today, expected) => {
		expect(hasQuarterEnded(p, today)).toBe(expected);
	});

	it('agrees with lastCompleteQuarter on every day of a year', () => {
		let checked = 0;
		for (let day = 0; day < 366; day++) {
			const today = new Date(Date.UTC(2025, 2, 1 + day));
			const last = lastCompleteQuarter(today);
			expect(hasQuarterEnded(last, today)).toBe(true);
			expect(hasQuarterEnded(addQuarters(last, 1), today)).toBe(false);
			expect(periodEndDate(last) < today.toISOString().slice(0, 10)).toBe(true);
			checked++;
		}
		expect(checked).toBe(366);
	});
});
