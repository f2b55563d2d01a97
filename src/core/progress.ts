/**
 * A metric's progress for a quarter and area: the partnership figure, year to date, targets,
 * status, forecast and change. Inputs are plain rows; the data layer fetches them.
 */
import { describeChange, type Change } from './change.js';
import {
	combinePartnerFigures,
	mean,
	sum,
	type CombinedFigure,
	type CombineRule,
	type PartnerFigure
} from './combine-figures.js';
import type { Direction, PeriodAggregation } from './framework.js';
import { addQuarters, type Period } from './periods.js';
import { statusForMetric, type StatusResult } from './status.js';
import { targetsForPeriod, type PeriodTargets, type TargetRow } from './targets.js';

export interface MetricRule extends CombineRule {
	direction: Direction;
	periodAggregation: PeriodAggregation;
	amberTolerance: number;
}

export interface DatedFigure extends PartnerFigure {
	metricId: number;
	year: number;
	quarter: number;
}

export interface AreaRef {
	code: string;
	partnershipWide: boolean;
}

export interface YearToDate {
	value: number | null;
	/** True when every quarter so far has a complete figure. */
	complete: boolean;
	quartersWithFigures: number;
}

export interface Forecast {
	/** The year-end figure at the current run rate. */
	value: number;
	annualTarget: number | null;
	/** Null when there is no annual target or the metric is only monitored. */
	willMeetTarget: boolean | null;
}

export interface MetricProgress {
	period: Period;
	quarter: CombinedFigure;
	yearToDate: YearToDate;
	targets: PeriodTargets;
	/** Year to date against the year-to-date target. */
	status: StatusResult;
	forecast: Forecast | null;
	changeOnLastQuarter: Change;
	changeOnLastYear: Change;
}

export function combineQuarter(
	rule: MetricRule,
	figures: DatedFigure[],
	period: Period,
	area: AreaRef
): CombinedFigure {
	return combinePartnerFigures(
		rule,
		figures.filter((f) => f.year === period.year && f.quarter === period.quarter),
		area
	);
}

export function yearToDate(
	rule: MetricRule,
	figures: DatedFigure[],
	period: Period,
	area: AreaRef
): YearToDate {
	const quarters: CombinedFigure[] = [];
	for (let q = 1; q <= period.quarter; q++)
		quarters.push(
			combineQuarter(rule, figures, { year: period.year, quarter: q as Period['quarter'] }, area)
		);
	const withValues = quarters.filter((c) => c.value !== null).map((c) => c.value as number);
	const complete = quarters.every((c) => c.complete);
	let value: number | null = null;
	if (withValues.length > 0) {
		if (rule.periodAggregation === 'sum') value = sum(withValues);
		else if (rule.periodAggregation === 'mean') value = mean(withValues);
		else value = quarters[quarters.length - 1]?.value ?? null;
	}
	return { value, complete, quartersWithFigures: withValues.length };
}

export function forecastYearEnd(
	rule: MetricRule,
	ytd: YearToDate,
	period: Period,
	annualTarget: number | null
): Forecast | null {
	if (ytd.value === null) return null;
	// At the current run rate: a flow's year so far scaled to four quarters; a level or a rate stays where it is.
	const value =
		rule.periodAggregation === 'sum' && ytd.quartersWithFigures > 0
			? (ytd.value / ytd.quartersWithFigures) * 4
			: ytd.value;
	const status = statusForMetric({
		direction: rule.direction,
		tolerance: 0,
		actual: value,
		target: annualTarget
	});
	return {
		value,
		annualTarget,
		willMeetTarget: status.status === 'none' ? null : status.status === 'green'
	};
}

export function computeMetricProgress(
	rule: MetricRule,
	figures: DatedFigure[],
	targetRows: TargetRow[],
	period: Period,
	area: AreaRef
): MetricProgress {
	const quarter = combineQuarter(rule, figures, period, area);
	const ytd = yearToDate(rule, figures, period, area);
	const targets = targetsForPeriod(rule.periodAggregation, targetRows, period, area.code);
	const status = statusForMetric({
		direction: rule.direction,
		tolerance: rule.amberTolerance,
		actual: ytd.value,
		target: targets.yearToDate
	});
	const previous = combineQuarter(rule, figures, addQuarters(period, -1), area);
	const lastYear = combineQuarter(rule, figures, addQuarters(period, -4), area);
	return {
		period,
		quarter,
		yearToDate: ytd,
		targets,
		status,
		forecast: forecastYearEnd(rule, ytd, period, targets.annual),
		changeOnLastQuarter: describeChange(rule.unit, previous.value, quarter.value),
		changeOnLastYear: describeChange(rule.unit, lastYear.value, quarter.value)
	};
}

export interface SeriesPoint {
	period: Period;
	actual: number | null;
	complete: boolean;
	target: number | null;
}

/** Quarter by quarter, for charts and their tables. */
export function quarterlySeries(
	rule: MetricRule,
	figures: DatedFigure[],
	targetRows: TargetRow[],
	periods: Period[],
	area: AreaRef
): SeriesPoint[] {
	return periods.map((period) => {
		const combined = combineQuarter(rule, figures, period, area);
		return {
			period,
			actual: combined.value,
			complete: combined.complete,
			target: targetsForPeriod(rule.periodAggregation, targetRows, period, area.code).quarter
		};
	});
}
