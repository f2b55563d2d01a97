/**
 * One metric's page (DESIGN "Metric"): its full history in the chosen area, and the chosen
 * quarter broken down by area and by reporting partner. Plain data in, plain data out; what may
 * be shown to whom is decided by the page (access.ts) and metric-suppression.ts.
 */
import { combinePartnerFigures, type CombinedFigure } from './combine-figures.js';
import type { Area, FigureKind, Framework, Metric } from './framework.js';
import { comparePeriods, type Period } from './periods.js';
import {
	computeMetricProgress,
	quarterlySeries,
	yearToDate,
	type AreaRef,
	type DatedFigure,
	type MetricProgress,
	type SeriesPoint,
	type YearToDate
} from './progress.js';
import type { StatusResult } from './status.js';
import type { PeriodTargets } from './targets.js';

/**
 * The row of the area breakdown for figures reported for the partnership as a whole rather than
 * for one council area. It is shown only when a metric has both kinds of reporter, so that the
 * rows add up to the partnership figure (and a hidden area cannot be worked out by subtraction).
 */
export const PARTNERSHIP_RETURNS = '*partnership-returns';

export interface AreaFigures {
	/** An area's code, or PARTNERSHIP_RETURNS. */
	code: string;
	role: 'area' | 'partnership-returns' | 'partnership';
	quarter: CombinedFigure;
	yearToDate: YearToDate;
	/** Null for the partnership-returns row, which has no targets of its own. */
	targets: PeriodTargets | null;
	status: StatusResult | null;
}

/** What one expected reporter sent for the quarter. "Missing is not zero": missing has no value. */
export type ReporterState = FigureKind | 'missing';

export interface ReporterFigure {
	partnerId: number;
	areaCode: string;
	state: ReporterState;
	/** The figure; 0 for a nil return; null when not collected or missing. */
	value: number | null;
	/** False for a reporter whose figure is not part of the total (not the lead partner). */
	counted: boolean;
}

export interface MetricView {
	metric: Metric;
	period: Period;
	area: Area;
	progress: MetricProgress;
	/** Quarter by quarter in the chosen area, from the first quarter to the chosen one. */
	series: SeriesPoint[];
	/** The chosen quarter in each council area, then partnership-wide returns, then the partnership. */
	areas: AreaFigures[];
	/** Each expected reporter in the chosen area (every reporter for the partnership). */
	reporters: ReporterFigure[];
}

/** A reporter belongs to an area, or to every area's view when the area is partnership-wide. */
export function reportsInArea(areaCode: string, area: AreaRef): boolean {
	return area.partnershipWide || areaCode === area.code;
}

/** Whether the metric has reporters for the partnership as a whole beside reporters by area. */
export function hasPartnershipReturnsRow(metric: Metric, framework: Pick<Framework, 'areas'>) {
	const wide = new Set(framework.areas.filter((a) => a.partnershipWide).map((a) => a.code));
	const counted = countedReporters(metric);
	return counted.some((r) => wide.has(r.areaCode)) && counted.some((r) => !wide.has(r.areaCode));
}

/** The reporters whose figures make up the total: the lead partner alone for `lead` metrics. */
export function countedReporters(metric: Metric) {
	return metric.partnerAggregation === 'lead'
		? metric.reporters.filter((r) => r.partnerId === metric.leadPartnerId)
		: metric.reporters;
}

/**
 * The figure of the partnership-wide returns alone: the reporters whose area is the
 * partnership's own, combined as the metric combines partners.
 */
export function partnershipReturnsArea(partnership: Area): AreaRef {
	return { code: partnership.code, partnershipWide: false };
}

export function buildMetricView(
	framework: Pick<Framework, 'areas'>,
	metric: Metric,
	allFigures: DatedFigure[],
	periods: Period[],
	period: Period,
	area: Area
): MetricView {
	const figures = allFigures.filter((f) => f.metricId === metric.id);
	const shown = periods.filter((p) => comparePeriods(p, period) <= 0);
	return {
		metric,
		period,
		area,
		progress: computeMetricProgress(metric, figures, metric.targets, period, area, framework.areas),
		series: quarterlySeries(metric, figures, metric.targets, shown, area),
		...buildMetricBreakdown(framework, metric, figures, period, area)
	};
}

/**
 * The chosen quarter by area and by reporting partner, as the metric page and the priority page
 * show it. `figures` must hold the metric's figures for the quarters of the year so far and the
 * quarters each is compared with (progress.ts `quartersForProgress`).
 */
export function buildMetricBreakdown(
	framework: Pick<Framework, 'areas'>,
	metric: Metric,
	allFigures: DatedFigure[],
	period: Period,
	area: Area
): Pick<MetricView, 'areas' | 'reporters'> {
	const figures = allFigures.filter((f) => f.metricId === metric.id);
	const partnership = framework.areas.find((a) => a.partnershipWide);

	const areaRow = (a: Area): AreaFigures => {
		const progress = computeMetricProgress(
			metric,
			figures,
			metric.targets,
			period,
			a,
			framework.areas
		);
		return {
			code: a.code,
			role: a.partnershipWide ? 'partnership' : 'area',
			quarter: progress.quarter,
			yearToDate: progress.yearToDate,
			targets: progress.targets,
			status: progress.status
		};
	};
	const areas = framework.areas.filter((a) => !a.partnershipWide).map(areaRow);
	if (partnership && hasPartnershipReturnsRow(metric, framework)) {
		const returns = partnershipReturnsArea(partnership);
		areas.push({
			code: PARTNERSHIP_RETURNS,
			role: 'partnership-returns',
			quarter: combinePartnerFigures(
				metric,
				figures.filter((f) => f.year === period.year && f.quarter === period.quarter),
				returns
			),
			yearToDate: yearToDate(metric, figures, period, returns),
			targets: null,
			status: null
		});
	}
	if (partnership) areas.push(areaRow(partnership));

	return { areas, reporters: reporterFigures(metric, figures, period, area, framework.areas) };
}

/** Each expected reporter's figure for a quarter, in the order of the framework's areas. */
export function reporterFigures(
	metric: Metric,
	figures: DatedFigure[],
	period: Period,
	area: AreaRef,
	areaOrder: Pick<Area, 'code'>[] = []
): ReporterFigure[] {
	const counted = new Set(countedReporters(metric).map((r) => `${r.partnerId}|${r.areaCode}`));
	const order = (code: string) => {
		const i = areaOrder.findIndex((a) => a.code === code);
		return i === -1 ? areaOrder.length : i;
	};
	return metric.reporters
		.filter((r) => reportsInArea(r.areaCode, area))
		.map((r): ReporterFigure => {
			const f = figures.find(
				(x) =>
					x.metricId === metric.id &&
					x.partnerId === r.partnerId &&
					x.areaCode === r.areaCode &&
					x.year === period.year &&
					x.quarter === period.quarter
			);
			const state: ReporterState = f ? f.kind : 'missing';
			return {
				partnerId: r.partnerId,
				areaCode: r.areaCode,
				state,
				value: state === 'nil' ? 0 : state === 'value' ? (f?.value ?? null) : null,
				counted: counted.has(`${r.partnerId}|${r.areaCode}`)
			};
		})
		.sort((a, b) => order(a.areaCode) - order(b.areaCode));
}
