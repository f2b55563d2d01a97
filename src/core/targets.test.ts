import { describe, expect, it } from 'vitest';
import type { QuarterNumber } from './periods.js';
import { targetsForPeriod, type PeriodTargets, type TargetRow } from './targets.js';

function annual(year: number, value: number, areaCode = 'HUMBER'): TargetRow {
	return { year, quarter: 0, areaCode, value };
}

function quarterly(year: number, values: number[], areaCode = 'HUMBER'): TargetRow[] {
	return values.map((value, i) => ({ year, quarter: i + 1, areaCode, value }));
}

function q(quarter: QuarterNumber, year = 2025) {
	return { year, quarter };
}

describe('targetsForPeriod', () => {
	describe('a sum metric without quarterly targets', () => {
		const rows = [annual(2025, 400)];

		it.each<[QuarterNumber, PeriodTargets]>([
			// A quarter of 400 each quarter; the year to date is 400 × q / 4.
			[1, { quarter: 100, yearToDate: 100, annual: 400 }],
			[2, { quarter: 100, yearToDate: 200, annual: 400 }],
			[3, { quarter: 100, yearToDate: 300, annual: 400 }],
			[4, { quarter: 100, yearToDate: 400, annual: 400 }]
		])('takes the annual target pro rata in quarter %i', (quarter, expected) => {
			expect(targetsForPeriod('sum', rows, q(quarter), 'HUMBER')).toEqual(expected);
		});

		it('keeps fractions rather than rounding them', () => {
			// 90 / 4 = 22.5 a quarter; 90 × 3 / 4 = 67.5 by the end of Q3.
			expect(targetsForPeriod('sum', [annual(2025, 90)], q(3), 'HUMBER')).toEqual({
				quarter: 22.5,
				yearToDate: 67.5,
				annual: 90
			});
		});
	});

	describe('a sum metric with quarterly targets', () => {
		const rows = [annual(2025, 2000), ...quarterly(2025, [500, 425, 550, 525])];

		it.each<[QuarterNumber, PeriodTargets]>([
			[1, { quarter: 500, yearToDate: 500, annual: 2000 }],
			// 500 + 425
			[2, { quarter: 425, yearToDate: 925, annual: 2000 }],
			// 500 + 425 + 550
			[3, { quarter: 550, yearToDate: 1475, annual: 2000 }],
			[4, { quarter: 525, yearToDate: 2000, annual: 2000 }]
		])('adds up the quarterly targets so far in quarter %i', (quarter, expected) => {
			expect(targetsForPeriod('sum', rows, q(quarter), 'HUMBER')).toEqual(expected);
		});

		it('falls back to the pro rata year to date when a quarter so far has no quarterly target', () => {
			const partial = [
				annual(2025, 400),
				{ year: 2025, quarter: 2, areaCode: 'HUMBER', value: 150 }
			];
			expect(targetsForPeriod('sum', partial, q(1), 'HUMBER')).toEqual({
				quarter: 100,
				yearToDate: 100,
				annual: 400
			});
			// Q2 has its own target, but Q1 has none, so the year to date is 400 × 2 / 4.
			expect(targetsForPeriod('sum', partial, q(2), 'HUMBER')).toEqual({
				quarter: 150,
				yearToDate: 200,
				annual: 400
			});
		});
	});

	describe('a last metric (a level)', () => {
		it.each<QuarterNumber>([1, 2, 3, 4])(
			'takes the annual target itself in quarter %i when there are no quarterly targets',
			(quarter) => {
				expect(targetsForPeriod('last', [annual(2025, 85)], q(quarter), 'HUMBER')).toEqual({
					quarter: 85,
					yearToDate: 85,
					annual: 85
				});
			}
		);

		it.each<[QuarterNumber, number]>([
			[1, 108],
			[2, 110],
			[3, 112],
			[4, 115]
		])('takes quarter %i’s own target as the level to reach by then: %i', (quarter, level) => {
			const rows = [annual(2025, 115), ...quarterly(2025, [108, 110, 112, 115])];
			expect(targetsForPeriod('last', rows, q(quarter), 'HUMBER')).toEqual({
				quarter: level,
				yearToDate: level,
				annual: 115
			});
		});
	});

	describe('a mean metric (a rate)', () => {
		it.each<QuarterNumber>([1, 2, 3, 4])(
			'takes the annual target itself in quarter %i when there are no quarterly targets',
			(quarter) => {
				expect(targetsForPeriod('mean', [annual(2025, 90)], q(quarter), 'HUMBER')).toEqual({
					quarter: 90,
					yearToDate: 90,
					annual: 90
				});
			}
		);

		it.each<[QuarterNumber, number, number]>([
			[1, 82, 82],
			// (82 + 84) / 2
			[2, 84, 83],
			// (82 + 84 + 86) / 3
			[3, 86, 84],
			// (82 + 84 + 86 + 88) / 4
			[4, 88, 85]
		])(
			'averages the quarterly targets so far in quarter %i (quarter %i, year to date %i)',
			(quarter, quarterTarget, ytd) => {
				const rows = [annual(2025, 85), ...quarterly(2025, [82, 84, 86, 88])];
				expect(targetsForPeriod('mean', rows, q(quarter), 'HUMBER')).toEqual({
					quarter: quarterTarget,
					yearToDate: ytd,
					annual: 85
				});
			}
		);
	});

	describe('areas', () => {
		const rows = [
			annual(2025, 95),
			annual(2025, 36, 'HULL'),
			annual(2025, 24, 'ERY'),
			...quarterly(2025, [20, 25, 25, 25])
		];

		it('uses an area’s own target when it has one', () => {
			// 36 × 2 / 4 = 18
			expect(targetsForPeriod('sum', rows, q(2), 'HULL')).toEqual({
				quarter: 9,
				yearToDate: 18,
				annual: 36
			});
		});

		it('gives no target for an area without one, rather than the partnership’s', () => {
			expect(targetsForPeriod('sum', rows, q(2), 'NEL')).toEqual({
				quarter: null,
				yearToDate: null,
				annual: null
			});
		});

		it('uses the partnership’s own target for the partnership, not the areas’ total', () => {
			// The quarterly targets belong to HUMBER only: 20 + 25.
			expect(targetsForPeriod('sum', rows, q(2), 'HUMBER')).toEqual({
				quarter: 25,
				yearToDate: 45,
				annual: 95
			});
		});

		it('does not lend the partnership’s quarterly targets to an area', () => {
			// ERY has only an annual target, so it is pro rata: 24 / 4 = 6 a quarter.
			expect(targetsForPeriod('sum', rows, q(1), 'ERY')).toEqual({
				quarter: 6,
				yearToDate: 6,
				annual: 24
			});
		});
	});

	describe('years', () => {
		const rows = [annual(2024, 300), ...quarterly(2024, [60, 70, 80, 90]), annual(2025, 400)];

		it.each(['sum', 'last', 'mean'] as const)(
			'gives nulls for a %s metric in a year without a target',
			(aggregation) => {
				expect(targetsForPeriod(aggregation, rows, q(1, 2026), 'HUMBER')).toEqual({
					quarter: null,
					yearToDate: null,
					annual: null
				});
			}
		);

		it('takes the targets of the period’s own financial year only', () => {
			expect(targetsForPeriod('sum', rows, q(2, 2024), 'HUMBER')).toEqual({
				quarter: 70,
				yearToDate: 130,
				annual: 300
			});
			// 2024's quarterly targets do not leak into 2025, which is pro rata: 400 × 2 / 4.
			expect(targetsForPeriod('sum', rows, q(2, 2025), 'HUMBER')).toEqual({
				quarter: 100,
				yearToDate: 200,
				annual: 400
			});
		});

		it('gives nulls when there are no target rows at all', () => {
			expect(targetsForPeriod('sum', [], q(4), 'HUMBER')).toEqual({
				quarter: null,
				yearToDate: null,
				annual: null
			});
		});
	});
});
