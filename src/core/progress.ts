/**
 * A metric's progress for a quarter and area: the partnership figure, year to date, targets,
 * status, forecast, change, rates per 10,000 residents and the baseline. Plain data in: a metric's raw figure rows, or its figures already
 * aggregated per partner and quarter for the area (combine-figures.ts), as the dashboards read
 * them from the database. Raw rows are aggregated first, so both take the same path.
 */
import { baselineForArea, compareWithBaseline, type BaselineComparison } from './baseline.js';
import { describeChange, type Change } from './change.js';
import {
	aggregatePartnerFigures,
	combineAggregate,
	mean,
	sum,
	type AreaScope,
	type CombinedFigure,
	type CombineRule,
	type FigureAggregate,
	type PartnerFigure
} from './combine-figures.js';
import type { Baseline, Direction, PeriodAggregation } from './framework.js';
import { addQuarters, periodIndex, type Period } from './periods.js';
import { populationOf, ratesPer10000, type AreaPopulation, type RatesPer10000 } from './rates.js';
import { statusForMetric, type StatusResult } from './status.js';
import { targetsForPeriod, type PeriodTargets, type TargetRow } from './targets.js';

export interface MetricRule extends CombineRule {
	direction: Direction;
	periodAggregation: PeriodAggregation;
	amberTolerance: number;
	/** The one for the area shown is compared with (baseline.ts). */
	baselines?: readonly Baseline[];
}

export interface DatedFigure extends PartnerFigure {
	metricId: number;
	year: number;
	quarter: number;
}

/** A metric's aggregate for one quarter, as the dashboards' query returns it. */
export interface DatedAggregate extends FigureAggregate {
	metricId: number;
	year: number;
	quarter: number;
}

export type AreaRef = AreaScope;

/**
 * One metric's figures for one area, quarter by quarter, aggregated per partner. Undefined for a
 * quarter with no figures stored: every expected partner is then missing.
 */
export type QuarterAggregates = (period: Period) => FigureAggregate | undefined;

/**
 * A metric's figures as the engine takes them: its raw rows (for every area), or its aggregates
 * for the very area that is asked for.
 */
export type MetricFigures = DatedFigure[] | QuarterAggregates;

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
	/** The quarter and year to date per 10,000 residents of the area: counts only (rates.ts). */
	ratePer10000: RatesPer10000;
	/** The metric's baseline when it is for the area shown, and the change on it (baseline.ts). */
	baseline: BaselineComparison | null;
}

/** One metric's raw rows aggregated, a quarter at a time, for `area`. */
export function aggregateByQuarter(
	rule: CombineRule,
	figures: DatedFigure[],
	area: AreaRef
): QuarterAggregates {
	const byQuarter = new Map<number, DatedFigure[]>();
	for (const f of figures) {
		const key = periodIndex({ year: f.year, quarter: f.quarter as Period['quarter'] });
		const rows = byQuarter.get(key);
		if (rows) rows.push(f);
		else byQuarter.set(key, [f]);
	}
	return (period) => {
		const rows = byQuarter.get(periodIndex(period));
		return rows && aggregatePartnerFigures(rule, rows, area);
	};
}

function asAggregates(rule: CombineRule, figures: MetricFigures, area: AreaRef) {
	return Array.isArray(figures) ? aggregateByQuarter(rule, figures, area) : figures;
}

function combineFrom(
	rule: CombineRule,
	aggregates: QuarterAggregates,
	period: Period,
	area: AreaRef
): CombinedFigure {
	return combineAggregate(rule, aggregates(period) ?? aggregatePartnerFigures(rule, [], area));
}

export function combineQuarter(
	rule: MetricRule,
	figures: MetricFigures,
	period: Period,
	area: AreaRef
): CombinedFigure {
	return combineFrom(rule, asAggregates(rule, figures, area), period, area);
}

export function yearToDate(
	rule: MetricRule,
	figures: MetricFigures,
	period: Period,
	area: AreaRef
): YearToDate {
	const aggregates = asAggregates(rule, figures, area);
	const quarters: CombinedFigure[] = [];
	for (let q = 1; q <= period.quarter; q++)
		quarters.push(
			combineFrom(rule, aggregates, { year: period.year, quarter: q as Period['quarter'] }, area)
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

/**
 * The quarters computeMetricProgress reads for `period`: the year so far, the quarter before
 * and the same quarter a year before, oldest first.
 */
export function quartersForProgress(period: Period): Period[] {
	const yearSoFar: Period[] = [];
	for (let q = 1; q <= period.quarter; q++)
		yearSoFar.push({ year: period.year, quarter: q as Period['quarter'] });
	const before = [addQuarters(period, -4), addQuarters(period, -1)];
	return [...before.filter((p) => p.year < period.year), ...yearSoFar];
}

/**
 * @param areas the framework's areas: the population of `area` (rates.ts) and whether a
 *   partnership-wide baseline is for it (baseline.ts) are read from them
 */
export function computeMetricProgress(
	rule: MetricRule,
	figures: MetricFigures,
	targetRows: TargetRow[],
	period: Period,
	area: AreaRef,
	areas: readonly AreaPopulation[]
): MetricProgress {
	const aggregates = asAggregates(rule, figures, area);
	const quarter = combineFrom(rule, aggregates, period, area);
	const ytd = yearToDate(rule, aggregates, period, area);
	const targets = targetsForPeriod(rule.periodAggregation, targetRows, period, area.code);
	const status = statusForMetric({
		direction: rule.direction,
		tolerance: rule.amberTolerance,
		actual: ytd.value,
		target: targets.yearToDate
	});
	const previous = combineFrom(rule, aggregates, addQuarters(period, -1), area);
	const lastYear = combineFrom(rule, aggregates, addQuarters(period, -4), area);
	const forecast = forecastYearEnd(rule, ytd, period, targets.annual);
	const baseline = baselineForArea(rule.baselines, area, areas);
	return {
		period,
		quarter,
		yearToDate: ytd,
		targets,
		status,
		forecast,
		changeOnLastQuarter: describeChange(rule.unit, previous.value, quarter.value),
		changeOnLastYear: describeChange(rule.unit, lastYear.value, quarter.value),
		ratePer10000: ratesPer10000(
			rule.unit,
			{ quarter: quarter.value, yearToDate: ytd.value },
			populationOf(area, areas)
		),
		baseline:
			baseline &&
			compareWithBaseline(rule, baseline, {
				yearToDate: ytd.value,
				forecast: forecast?.value ?? null
			})
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
	figures: MetricFigures,
	targetRows: TargetRow[],
	periods: Period[],
	area: AreaRef
): SeriesPoint[] {
	const aggregates = asAggregates(rule, figures, area);
	return periods.map((period) => {
		const combined = combineFrom(rule, aggregates, period, area);
		return {
			period,
			actual: combined.value,
			complete: combined.complete,
			target: targetsForPeriod(rule.periodAggregation, targetRows, period, area.code).quarter
		};
	});
}
