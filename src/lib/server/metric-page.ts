/**
 * What the metric page shows (src/routes/metrics/[code]), worked out on the server so that a
 * hidden figure never reaches the browser: every cell in `hidden` (metric-suppression.ts) leaves
 * here as `[c]`, and a hidden chart point as a gap.
 */
import { suppressBaseline } from '$core/baseline';
import { describeChange } from '$core/change';
import {
	describeBaselineChange,
	describeChangeBrief,
	describeForecast,
	describeStatus
} from '$core/describe-progress';
import {
	describePartnerAggregation,
	describeTolerance,
	DIRECTION_WORDS,
	FORECAST_HIDDEN,
	PERIOD_AGGREGATION_WORDS,
	UNIT_WORDS
} from '$core/describe-metric';
import { formatFigure, formatNumber, formatRatePer10000, unitHeading } from '$core/format';
import { forecastQuarters } from '$core/forecast-series';
import type { Area, Baseline, Framework, Metric } from '$core/framework';
import { metricCellKey } from '$core/metric-suppression';
import { PARTNERSHIP_RETURNS, type AreaFigures, type MetricView } from '$core/metric-view';
import { formatFinancialYear, formatPeriodLabel, type Period } from '$core/periods';
import type { StatusResult } from '$core/status';
import {
	isPrimarySuppressed,
	suppressionNote,
	SUPPRESSED_SYMBOL,
	type SuppressionPolicy
} from '$core/suppression';

/** GSS symbols: not available (missing, not collected) and not applicable (no one reports it). */
const NOT_AVAILABLE = '[x]';
const NOT_APPLICABLE = '[z]';

const PARTNERSHIP_RETURNS_NAME = 'Partnership-wide returns (not split by area)';

export function presentMetricPage(input: {
	framework: Framework;
	view: MetricView;
	hidden: ReadonlySet<string>;
	policy: SuppressionPolicy;
	withReporters: boolean;
}) {
	const { framework, view, hidden, policy, withReporters } = input;
	const { metric, period, area, progress } = view;
	const unit = metric.unit;
	const show = (key: string, value: number | null) =>
		hidden.has(key) ? SUPPRESSED_SYMBOL : formatNumber(unit, value);
	const target = (value: number | null) => (value === null ? '–' : formatNumber(unit, value));

	const quarterKey = metricCellKey.quarter(period, area.code);
	const ytdKey = metricCellKey.yearToDate(period, area.code);
	const ytd = progress.yearToDate.value;
	const ytdTarget = progress.targets.yearToDate;
	const ytdHidden = hidden.has(ytdKey);
	const ytdText = show(ytdKey, ytd);
	// A rate is a multiple of its figure: hidden with it.
	const rates =
		unit === 'count'
			? {
					quarterText: formatRatePer10000(progress.ratePer10000.quarter, hidden.has(quarterKey)),
					yearToDateText: formatRatePer10000(progress.ratePer10000.yearToDate, ytdHidden)
				}
			: null;
	const baseline =
		progress.baseline && suppressBaseline(progress.baseline, metric.sensitive, policy, ytdHidden);
	// As on the overview and priority pages (dashboard-suppression.ts): a status beside a hidden
	// year to date would hint at it, so it is not rated, and the forecast (a multiple of it) goes.
	const status = shownStatus(progress.status, ytdHidden);
	const statusSentence = describeStatus({
		unit,
		direction: metric.direction,
		tolerance: metric.amberTolerance,
		actual: ytd,
		target: ytdTarget,
		status,
		actualSuppressed: ytdHidden
	});

	const series = view.series.map((p, i) => {
		const suppressed = hidden.has(metricCellKey.quarter(p.period, area.code));
		const before = view.series[i - 1];
		// A change beside a hidden figure would give it away: both quarters must be shown.
		const comparable =
			before !== undefined &&
			!suppressed &&
			!hidden.has(metricCellKey.quarter(before.period, area.code));
		return {
			label: formatPeriodLabel(p.period),
			actual: suppressed ? null : p.actual,
			actualText: suppressed ? SUPPRESSED_SYMBOL : formatNumber(unit, p.actual),
			suppressed,
			incomplete: p.actual !== null && !p.complete,
			target: p.target,
			targetText: target(p.target),
			changeText: comparable
				? describeChangeBrief(unit, describeChange(unit, before.actual, p.actual))
				: before === undefined
					? ''
					: 'Not shown'
		};
	});
	const forecast = forecastQuarters({
		periodAggregation: metric.periodAggregation,
		yearToDate: progress.yearToDate,
		forecast: ytdHidden ? null : progress.forecast,
		period,
		targetRows: metric.targets,
		areaCode: area.code
	}).map((f) => ({
		label: formatPeriodLabel(f.period),
		value: f.value,
		valueText: formatNumber(unit, f.value),
		target: f.target,
		targetText: target(f.target)
	}));
	const chartTitle =
		ytdTarget === null
			? `${metric.name}: ${ytdText} so far this year`
			: `${metric.name}: ${ytdText} against a year-to-date target of ${formatNumber(unit, ytdTarget)}`;

	return {
		summary: {
			status: status.status,
			statusReason: status.reason,
			statusSentence,
			forecastSentence: ytdHidden ? FORECAST_HIDDEN : describeForecast(unit, progress.forecast),
			quarterText: show(quarterKey, progress.quarter.value),
			quarterIncomplete: progress.quarter.value !== null && !progress.quarter.complete,
			yearToDateText: ytdText,
			yearToDateTarget: target(ytdTarget),
			annualTarget: target(progress.targets.annual),
			/** Per 10,000 residents of the area; null for a metric that is not a count. */
			ratePer10000: rates,
			/** The baseline when it is for this area, with this year set beside it in words. */
			baseline: baseline && {
				year: formatFinancialYear(baseline.baseline.year),
				valueText: formatFigure(unit, baseline.baseline.value, baseline.hidden),
				sentence: describeBaselineChange(
					unit,
					baseline.baseline,
					metric.sensitive && policy.applies
				)
			}
		},
		chart: {
			title: chartTitle,
			description: `${chartTitle}. ${statusSentence} Quarterly figures: ${series
				.map((p) => `${p.label} ${p.actualText}`)
				.join(', ')}. The same figures are in the table.`,
			points: series,
			forecast,
			anySuppressed: series.some((p) => p.suppressed)
		},
		...presentBreakdown({
			framework,
			metric,
			period,
			area,
			breakdown: view,
			hidden,
			withReporters
		}),
		register: presentRegister(framework, metric, policy),
		suppression: {
			/** True when this reader may see `[c]` on this metric. */
			applies: metric.sensitive && policy.applies,
			note: suppressionNote(policy.threshold)
		}
	};
}

/**
 * The chosen quarter by area and, for those who may see partners' figures, by partner: the
 * metric page's tables, and the priority page's for each metric. Hidden cells leave as `[c]`.
 */
export function presentBreakdown(input: {
	framework: Framework;
	metric: Metric;
	period: Period;
	area: Area;
	breakdown: Pick<MetricView, 'areas' | 'reporters'>;
	hidden: ReadonlySet<string>;
	withReporters: boolean;
}) {
	const { framework, metric, period, area, breakdown: view, hidden, withReporters } = input;
	const unit = metric.unit;
	const partnerById = new Map(framework.partners.map((p) => [p.id, p]));
	const areaName = (code: string) =>
		code === PARTNERSHIP_RETURNS
			? PARTNERSHIP_RETURNS_NAME
			: (framework.areas.find((a) => a.code === code)?.name ?? code);
	const areaOrder = (code: string) => framework.areas.findIndex((a) => a.code === code);
	const show = (key: string, value: number | null) =>
		hidden.has(key) ? SUPPRESSED_SYMBOL : formatNumber(unit, value);
	const target = (value: number | null) => (value === null ? '–' : formatNumber(unit, value));
	const quarterKey = metricCellKey.quarter(period, area.code);
	const shownQuarter = view.areas.find((row) => row.code === area.code)?.quarter.value ?? null;
	return {
		areaRows: view.areas.map((row) => presentAreaRow(row, period, hidden, show, areaName, target)),
		reporters: withReporters
			? {
					rows: view.reporters
						.map((r) => {
							const key = metricCellKey.reporter(period, r.partnerId, r.areaCode);
							const partner = partnerById.get(r.partnerId);
							return {
								key,
								areaCode: r.areaCode,
								partnerName: partner?.name ?? `Partner ${r.partnerId}`,
								areaName: areaName(r.areaCode),
								text: hidden.has(key)
									? SUPPRESSED_SYMBOL
									: r.state === 'value' || r.state === 'nil'
										? formatNumber(unit, r.value)
										: NOT_AVAILABLE,
								note: [
									r.state === 'nil' ? 'Nil return' : '',
									r.state === 'not_collected' ? 'Not collected' : '',
									r.state === 'missing' ? 'Not received' : '',
									r.counted ? '' : 'Not counted: only the lead partner’s figure is used'
								]
									.filter(Boolean)
									.join('. ')
							};
						})
						// In the framework's order of areas, then by partner.
						.sort(
							(a, b) =>
								areaOrder(a.areaCode) - areaOrder(b.areaCode) ||
								a.partnerName.localeCompare(b.partnerName)
						),
					totalText: show(quarterKey, shownQuarter)
				}
			: null
	};
}

function presentAreaRow(
	row: AreaFigures,
	period: MetricView['period'],
	hidden: ReadonlySet<string>,
	show: (key: string, value: number | null) => string,
	areaName: (code: string) => string,
	target: (value: number | null) => string
) {
	const q = row.quarter;
	const ytdKey = metricCellKey.yearToDate(period, row.code);
	const status = row.status && shownStatus(row.status, hidden.has(ytdKey));
	const noReporters = q.expectedPartnerCount === 0;
	const gaps = [
		q.missingPartnerIds.length
			? `${q.missingPartnerIds.length} of ${q.expectedPartnerCount} not received`
			: '',
		q.notCollectedPartnerIds.length
			? `${q.notCollectedPartnerIds.length} of ${q.expectedPartnerCount} not collected`
			: ''
	].filter(Boolean);
	return {
		code: row.code,
		role: row.role,
		name: areaName(row.code),
		quarterText: noReporters
			? NOT_APPLICABLE
			: show(metricCellKey.quarter(period, row.code), q.value),
		quarterNote: noReporters
			? 'No partner reports for this area'
			: gaps.length
				? `${q.value === null ? '' : 'Incomplete: '}${gaps.join(', ')}`
				: q.allNil
					? 'Nil returns'
					: '',
		yearToDateText: noReporters ? NOT_APPLICABLE : show(ytdKey, row.yearToDate.value),
		yearToDateTarget: row.targets ? target(row.targets.yearToDate) : '',
		status: status?.status ?? null,
		statusReason: status?.reason
	};
}

function shownStatus(status: StatusResult, yearToDateHidden: boolean): StatusResult {
	return yearToDateHidden && status.status !== 'none'
		? { status: 'none', reason: 'suppressed' }
		: status;
}

/** "60 in 2023-24", with the area named when it is not the partnership as a whole. */
function describeBaseline(
	framework: Framework,
	metric: Metric,
	baseline: Baseline,
	policy: SuppressionPolicy
): string {
	const area: Area | undefined = framework.areas.find((a) => a.code === baseline.areaCode);
	const value = isPrimarySuppressed(baseline.value, metric.sensitive, policy)
		? SUPPRESSED_SYMBOL
		: formatNumber(metric.unit, baseline.value);
	const where = area && !area.partnershipWide ? `, ${area.name}` : '';
	return `${value} in ${formatFinancialYear(baseline.year)}${where}`;
}

/** The definitions-register entry (SPEC §2), every field in words. */
function presentRegister(framework: Framework, metric: Metric, policy: SuppressionPolicy) {
	const partnerName = (id: number | null) =>
		framework.partners.find((p) => p.id === id)?.name ?? null;
	const lead = partnerName(metric.leadPartnerId);
	const reporters = [...new Set(metric.reporters.map((r) => r.partnerId))]
		.map((id) => partnerName(id) ?? `Partner ${id}`)
		.sort((a, b) => a.localeCompare(b));
	return {
		definition: metric.definition,
		countingRule: metric.countingRule,
		dataSource: metric.dataSource,
		owner: metric.owner,
		caveats: metric.caveats,
		unit: `${UNIT_WORDS[metric.unit]} (${unitHeading(metric.unit)})`,
		direction: DIRECTION_WORDS[metric.direction],
		partners: describePartnerAggregation(metric.partnerAggregation, metric.unit, lead),
		quarters: PERIOD_AGGREGATION_WORDS[metric.periodAggregation],
		leadPartner: lead ?? 'None: every reporting partner’s figure counts',
		reporters,
		tolerance: describeTolerance(metric.direction, metric.amberTolerance),
		fundingStreams: framework.fundingStreams
			.filter((s) => metric.fundingStreamIds.includes(s.id))
			.map((s) => `${s.name} (${s.funder})`),
		baseline: metric.baselines.length
			? metric.baselines.map((b) => describeBaseline(framework, metric, b, policy)).join('; ')
			: 'None recorded',
		sensitive: metric.sensitive,
		status: metric.status
	};
}
