import { describe, expect, it } from 'vitest';

import { forecastQuarters } from './forecast-series.js';
import type { PeriodAggregation } from './framework.js';
import type { Forecast, YearToDate } from './progress.js';
import type { TargetRow } from './targets.js';

const ANNUAL_400: TargetRow[] = [{ year: 2026, quarter: 0, areaCode: 'HUMBER', value: 400 }];

function run(
	periodAggregation: PeriodAggregation,
	quarter: 1 | 2 | 3 | 4,
	yearToDate: YearToDate,
	forecast: Forecast | null = { value: 0, annualTarget: 400, willMeetTarget: false }
) {
	return forecastQuarters({
		periodAggregation,
		yearToDate,
		forecast,
		period: { year: 2026, quarter },
		targetRows: ANNUAL_400,
		areaCode: 'HUMBER'
	});
}

describe('forecastQuarters', () => {
	it('runs a flow on at its average quarter so far, to the end of the financial year', () => {
		// 150 in two quarters: 75 a quarter, so Q3 and Q4 at 75 and the year ends at 300.
		const points = run('sum', 2, { value: 150, complete: true, quartersWithFigures: 2 });
		expect(points).toEqual([
			{ period: { year: 2026, quarter: 3 }, value: 75, target: 100 },
			{ period: { year: 2026, quarter: 4 }, value: 75, target: 100 }
		]);
	});

	it('averages over the quarters with figures, not over the quarters elapsed', () => {
		// Q1 missing, Q2 and Q3 give 120: 60 a quarter.
		const points = run('sum', 3, { value: 120, complete: false, quartersWithFigures: 2 });
		expect(points.map((p) => p.value)).toEqual([60]);
	});

	it('holds a level or a rate where the year to date has it', () => {
		expect(
			run('last', 1, { value: 42, complete: true, quartersWithFigures: 1 }).map((p) => p.value)
		).toEqual([42, 42, 42]);
		expect(
			run('mean', 2, { value: 12.5, complete: true, quartersWithFigures: 2 }).map((p) => p.value)
		).toEqual([12.5, 12.5]);
	});

	it('gives a level its annual target as each quarter’s target', () => {
		expect(
			run('last', 3, { value: 42, complete: true, quartersWithFigures: 3 }).map((p) => p.target)
		).toEqual([400]);
	});

	it('draws nothing after the last quarter of the year', () => {
		expect(run('sum', 4, { value: 400, complete: true, quartersWithFigures: 4 })).toEqual([]);
	});

	it('draws nothing without figures this year or when the forecast is withheld', () => {
		expect(run('sum', 2, { value: null, complete: false, quartersWithFigures: 0 })).toEqual([]);
		// The year to date hidden from this reader (dashboard-suppression.ts): its multiple goes too.
		expect(run('sum', 2, { value: 3, complete: true, quartersWithFigures: 2 }, null)).toEqual([]);
	});

	it('has no quarterly target to draw when the year has no target', () => {
		const points = forecastQuarters({
			periodAggregation: 'sum',
			yearToDate: { value: 10, complete: true, quartersWithFigures: 1 },
			forecast: { value: 40, annualTarget: null, willMeetTarget: null },
			period: { year: 2026, quarter: 1 },
			targetRows: [],
			areaCode: 'HUMBER'
		});
		expect(points.map((p) => p.target)).toEqual([null, null, null]);
	});
});
