/**
 * The body of `GET /api/v1/progress`: the overview as a reader may see it (the very
 * ShownOverview the overview page is built from), in JSON.
 *
 * Hidden figures (SPEC §6) are `null` with `suppressed: true`, never a string in a number's place,
 * so a client reads every figure as a number or null; `suppression.symbol` is what to print in
 * its place (`[c]`, as the pages do). `null` with `suppressed: false` means there is no figure.
 */
import type { ShownMetricSummary, ShownOverview } from '../core/dashboard-suppression.js';
import type { Change } from '../core/change.js';
import { FORECAST_HIDDEN } from '../core/describe-metric.js';
import {
	describeBaselineChange,
	describeChangeInWords,
	describeForecast,
	describeStatus
} from '../core/describe-progress.js';
import type { Framework } from '../core/framework.js';
import {
	addQuarters,
	formatFinancialYear,
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug,
	type Period
} from '../core/periods.js';
import {
	NO_STATUS_LABELS,
	PRIORITY_ROLLUP_RULE,
	STATUS_LABELS,
	type Status
} from '../core/status.js';
import { SUPPRESSED_SYMBOL, suppressionNote, type SuppressionPolicy } from '../core/suppression.js';

export interface ProgressReader {
	policy: SuppressionPolicy;
	/** Whether the reader may see which partners are missing (access.ts `view-partner-figures`). */
	seesPartners: boolean;
}

export function presentProgress(
	framework: Framework,
	overview: ShownOverview,
	reader: ProgressReader
) {
	const partnerCode = new Map(framework.partners.map((p) => [p.id, p.code]));
	// In a stable order a client can diff quarter by quarter: by partner code.
	const codes = (ids: number[]) =>
		ids.map((id) => partnerCode.get(id) ?? String(id)).sort((a, b) => a.localeCompare(b));
	const { period, area } = overview;
	return {
		period: {
			label: formatPeriodLabel(period),
			slug: formatPeriodSlug(period),
			prose: formatPeriodProse(period)
		},
		area: { code: area.code, name: area.name, partnershipWide: area.partnershipWide },
		/** True when no partner has sent any figure for this quarter: every actual is null. */
		empty: overview.empty,
		rollupRule: PRIORITY_ROLLUP_RULE,
		suppression: { symbol: SUPPRESSED_SYMBOL, note: suppressionNote(reader.policy.threshold) },
		priorities: overview.priorities.map((p) => ({
			number: p.priority.number,
			title: p.priority.title,
			status: p.status,
			statusLabel: STATUS_LABELS[p.status],
			counts: p.counts,
			metrics: p.metrics.map((m) => presentMetric(m, period, reader, codes))
		}))
	};
}

function presentMetric(
	{ metric, progress, suppressed }: ShownMetricSummary,
	period: Period,
	reader: ProgressReader,
	codes: (ids: number[]) => string[]
) {
	const { quarter, yearToDate, targets, status, forecast, ratePer10000, baseline } = progress;
	const mayBeHidden = metric.sensitive && reader.policy.applies;
	const change = (change: Change, quarters: number) => {
		const comparedWith = formatPeriodLabel(addQuarters(period, -quarters));
		return {
			comparedWith,
			...changeFigures(change),
			description: describeChangeInWords(metric.unit, change, comparedWith, mayBeHidden)
		};
	};
	return {
		code: metric.code,
		name: metric.name,
		unit: metric.unit,
		direction: metric.direction,
		sensitive: metric.sensitive,
		quarter: {
			actual: quarter.value,
			suppressed: suppressed.quarter,
			target: targets.quarter,
			/** Every expected partner sent a figure or a nil return. */
			complete: quarter.complete,
			...(reader.seesPartners
				? {
						missingPartners: codes(quarter.missingPartnerIds),
						notCollectedPartners: codes(quarter.notCollectedPartnerIds)
					}
				: {})
		},
		yearToDate: {
			actual: yearToDate.value,
			suppressed: suppressed.yearToDate,
			target: targets.yearToDate,
			complete: yearToDate.complete
		},
		annualTarget: targets.annual,
		status: status.status,
		statusLabel: statusLabel(status.status, status.reason),
		/** Why a metric is not rated: `monitor`, `no-target`, `no-data` or `suppressed`. */
		statusReason: status.reason ?? null,
		statusDescription: describeStatus({
			unit: metric.unit,
			direction: metric.direction,
			tolerance: metric.amberTolerance,
			actual: yearToDate.value,
			target: targets.yearToDate,
			status,
			actualSuppressed: suppressed.yearToDate
		}),
		forecast: forecast && {
			value: forecast.value,
			annualTarget: forecast.annualTarget,
			willMeetTarget: forecast.willMeetTarget
		},
		forecastDescription: suppressed.yearToDate
			? FORECAST_HIDDEN
			: describeForecast(metric.unit, forecast),
		changeOnLastQuarter: change(progress.changeOnLastQuarter, 1),
		changeOnLastYear: change(progress.changeOnLastYear, 4),
		/**
		 * The quarter and year to date per 10,000 residents of the area, unrounded: null for a metric
		 * that is not a count, a figure that is null or hidden (`suppressed` above), or an area
		 * without a population.
		 */
		ratePer10000: { quarter: ratePer10000.quarter, yearToDate: ratePer10000.yearToDate },
		/**
		 * The metric's baseline when it is for this area (a partnership-wide one only for the
		 * partnership), set beside the year-end forecast (`comparedWith: "forecast"`, for flows) or
		 * the year to date (for levels and averages).
		 */
		baseline: baseline && {
			year: formatFinancialYear(baseline.year),
			area: baseline.areaCode,
			value: baseline.value,
			suppressed: suppressed.baseline,
			comparedWith: baseline.comparedWith === 'forecast' ? 'forecast' : 'yearToDate',
			change: {
				...changeFigures(baseline.change),
				description: describeBaselineChange(metric.unit, baseline, mayBeHidden)
			}
		}
	};
}

/** A change's figures, every field there, null where it does not apply. */
function changeFigures(change: Change) {
	return {
		kind: change.kind,
		from: change.kind === 'none' ? null : change.from,
		to: change.kind === 'none' ? null : change.to,
		difference: change.kind === 'none' ? null : change.difference,
		percent: change.kind === 'compared' ? change.percent : null
	};
}

function statusLabel(status: Status, reason: keyof typeof NO_STATUS_LABELS | undefined): string {
	return status === 'none' && reason ? NO_STATUS_LABELS[reason] : STATUS_LABELS[status];
}
