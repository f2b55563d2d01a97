import { error } from '@sveltejs/kit';

import { suppressionReaderFor, type SuppressionReader } from '$core/dashboard-suppression';
import { formatMetricSlug } from '$core/metric-slug';
import { FORECAST_HIDDEN } from '$core/describe-metric';
import { describeBaselineChange, describeForecast, describeStatus } from '$core/describe-progress';
import { forecastQuarters } from '$core/forecast-series';
import { formatFigure, formatNumber, unitHeading } from '$core/format';
import {
	formatFinancialYear,
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug
} from '$core/periods';
import { PRIORITY_ROLLUP_RULE } from '$core/status';
import { suppressionNote } from '$core/suppression';
import { presentCommentary, saveCommentary } from '$lib/server/commentary';
import { presentBreakdown } from '$lib/server/metric-page';
import { cachedPageData } from '$lib/server/page-data';
import { resolveSelection } from '$lib/server/selection';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, params }) => {
	const selection = resolveSelection(locals, url);
	const { framework, period } = selection;
	const number = Number(params.number);
	const priority = framework.priorities.find((p) => p.number === number);
	if (!priority)
		error(
			404,
			`There is no priority ${params.number}. The strategy has priorities 1 to ${framework.priorities.length}.`
		);
	// Small sensitive figures leave as null with `suppressed` set: [c] in tables, gaps in charts.
	const reader = suppressionReaderFor(
		locals.principal,
		locals.services.config.suppressionThreshold
	);
	const figures = cachedPageData(locals, `priority/${priority.number}`, selection, reader, () =>
		priorityData(locals, selection, priority.number, reader)
	);
	// Outside the cache: whether the reader may write it is not part of the key.
	return { ...figures, commentary: presentCommentary(locals, priority.id, period) };
};

/** Everything on the page but the commentary: the same for every reader with the same key. */
function priorityData(
	locals: App.Locals,
	{ framework, period, area, periods, areas }: ReturnType<typeof resolveSelection>,
	number: number,
	reader: SuppressionReader
) {
	const threshold = reader.policy.threshold;
	const view = locals.services.dashboard.priority(framework, number, period, area.code, reader);
	// The caller found the priority in this same framework.
	if (!view) throw new Error(`Priority ${number} is not in the framework it was found in.`);

	const breakdowns = new Map(
		locals.services.dashboard
			.breakdowns(framework, view.priority.priority.id, period, area, reader)
			.map((b) => [
				b.metric.id,
				presentBreakdown({
					framework,
					metric: b.metric,
					period,
					area,
					breakdown: b.breakdown,
					hidden: b.hidden,
					// A table of every reporting partner for each metric made this page several times
					// the size of the rest, for tables most readers never open: the metric page has
					// them, one metric at a time, and the page links to it.
					withReporters: false
				})
			])
	);

	return {
		periodLabel: formatPeriodLabel(period),
		periodProse: formatPeriodProse(period),
		periodSlug: formatPeriodSlug(period),
		area: { code: area.code, name: area.name },
		periods: periods.map(({ slug, label }) => ({ slug, label })),
		areas: areas.map((a) => ({ code: a.code, name: a.name })),
		rollupRule: PRIORITY_ROLLUP_RULE,
		// Nothing in the quarter is not a quarter of zeros: the page says so (SPEC §4).
		empty: view.metrics.every((m) => m.progress.quarter.value === null && !m.suppressed.quarter),
		suppressionNote: suppressionNote(threshold),
		priority: {
			number: view.priority.priority.number,
			title: view.priority.priority.title,
			description: view.priority.priority.description,
			status: view.priority.status,
			counts: view.priority.counts
		},
		metrics: view.metrics.map(({ metric, progress, series, suppressed }) => {
			const ytd = progress.yearToDate.value;
			const ytdText = formatFigure(metric.unit, ytd, suppressed.yearToDate);
			const ytdTarget = progress.targets.yearToDate;
			const { baseline } = progress;
			const statusSentence = describeStatus({
				unit: metric.unit,
				direction: metric.direction,
				tolerance: metric.amberTolerance,
				actual: ytd,
				target: ytdTarget,
				status: progress.status,
				actualSuppressed: suppressed.yearToDate
			});
			return {
				code: metric.code,
				slug: formatMetricSlug(metric.code),
				breakdown: breakdowns.get(metric.id)!,
				partnersHref: reader.withReporters
					? `/metrics/${formatMetricSlug(metric.code)}?period=${formatPeriodSlug(period)}&area=${area.code}#partners-heading`
					: null,
				name: metric.name,
				unit: metric.unit,
				unitHeading: unitHeading(metric.unit),
				definition: metric.definition,
				countingRule: metric.countingRule,
				dataSource: metric.dataSource,
				caveats: metric.caveats,
				direction: metric.direction,
				status: progress.status.status,
				statusReason: progress.status.reason,
				statusSentence,
				forecastSentence: suppressed.yearToDate
					? FORECAST_HIDDEN
					: describeForecast(metric.unit, progress.forecast),
				quarter: progress.quarter.value,
				quarterSuppressed: suppressed.quarter,
				quarterComplete: progress.quarter.complete,
				yearToDate: ytd,
				yearToDateSuppressed: suppressed.yearToDate,
				yearToDateTarget: ytdTarget,
				annualTarget: progress.targets.annual,
				// Null when the rate is not shown at all: a metric that is not a count. A hidden figure's
				// rate was taken out with it (dashboard-suppression.ts).
				ratePer10000: metric.unit === 'count' ? progress.ratePer10000 : null,
				baseline: baseline && {
					year: formatFinancialYear(baseline.year),
					value: baseline.value,
					suppressed: suppressed.baseline,
					sentence: describeBaselineChange(
						metric.unit,
						baseline,
						metric.sensitive && reader.policy.applies
					)
				},
				chartTitle:
					ytdTarget === null
						? `${metric.name}: ${ytdText} so far this year`
						: `${metric.name}: ${ytdText} against a year-to-date target of ${formatNumber(metric.unit, ytdTarget)}`,
				series: series.map((p) => ({
					label: formatPeriodLabel(p.period),
					actual: p.actual,
					suppressed: p.suppressed,
					complete: p.complete,
					target: p.target
				})),
				forecast: forecastQuarters({
					periodAggregation: metric.periodAggregation,
					yearToDate: progress.yearToDate,
					forecast: suppressed.yearToDate ? null : progress.forecast,
					period,
					targetRows: metric.targets,
					areaCode: area.code
				}).map((f) => ({ label: formatPeriodLabel(f.period), value: f.value, target: f.target })),
				anySuppressed: series.some((p) => p.suppressed)
			};
		})
	};
}

export const actions: Actions = {
	/** A new version of the coordinator's commentary on this priority for the chosen quarter. */
	commentary: async (event) => {
		const { period, framework } = resolveSelection(event.locals, event.url);
		const priority = framework.priorities.find((p) => p.number === Number(event.params.number));
		if (!priority) error(404, `There is no priority ${event.params.number}.`);
		return saveCommentary(event, priority.id, period);
	}
};
