/**
 * The forecast as a chart draws it: the quarters left in the financial year at the current run
 * rate, so that the line ends where the page's year-end forecast (progress.ts `forecastYearEnd`)
 * says the year will. A flow (`sum`) runs on at its average quarter so far; a level or a rate
 * (`mean`, `last`) stays where the year to date has it.
 */
import type { PeriodAggregation } from './framework.js';
import { addQuarters, type Period } from './periods.js';
import type { Forecast, YearToDate } from './progress.js';
import { targetsForPeriod, type TargetRow } from './targets.js';

export interface ForecastPoint {
	period: Period;
	value: number;
	/** The quarter's own target, drawn on beside the forecast. */
	target: number | null;
}

export function forecastQuarters(input: {
	periodAggregation: PeriodAggregation;
	yearToDate: YearToDate;
	/** Null when there is nothing to forecast from, or the year to date is hidden from the reader. */
	forecast: Forecast | null;
	period: Period;
	targetRows: TargetRow[];
	areaCode: string;
}): ForecastPoint[] {
	const { periodAggregation, yearToDate, forecast, period, targetRows, areaCode } = input;
	if (forecast === null || yearToDate.value === null || yearToDate.quartersWithFigures === 0)
		return [];
	const perQuarter =
		periodAggregation === 'sum'
			? yearToDate.value / yearToDate.quartersWithFigures
			: yearToDate.value;
	const points: ForecastPoint[] = [];
	for (let q = period.quarter + 1; q <= 4; q++) {
		const next = addQuarters(period, q - period.quarter);
		points.push({
			period: next,
			value: perQuarter,
			target: targetsForPeriod(periodAggregation, targetRows, next, areaCode).quarter
		});
	}
	return points;
}
