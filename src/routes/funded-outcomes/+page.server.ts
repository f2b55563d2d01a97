import { suppressionReaderFor } from '$core/dashboard-suppression';
import { FORECAST_HIDDEN } from '$core/describe-metric';
import { describeForecast, describeStatus } from '$core/describe-progress';
import { formatFigure, formatNumber } from '$core/format';
import { describeFundingYears, groupByFundingStream } from '$core/funded-outcomes';
import { formatMetricSlug } from '$core/metric-slug';
import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '$core/periods';
import { suppressionNote } from '$core/suppression';
import { resolveSelection } from '$lib/server/selection';
import type { PageServerLoad } from './$types';

/**
 * Each funding stream with the metrics that evidence it, for the chosen quarter and area. The
 * figures are the overview's (services.dashboard.overview), so what is hidden there (SPEC §6) is
 * hidden here, and the statuses are the dashboards' and the progress API's.
 */
export const load: PageServerLoad = ({ locals, url }) => {
	const { framework, period, area, periods, areas } = resolveSelection(locals, url);
	const threshold = locals.services.config.suppressionThreshold;
	const reader = suppressionReaderFor(locals.principal, threshold);
	const overview = locals.services.dashboard.overview(framework, period, area.code, reader);
	const priorityOf = new Map(framework.priorities.map((p) => [p.id, p.number]));
	const summaries = overview.priorities.flatMap((p) => p.metrics);
	// What the coordinator said this quarter about the priorities a stream's metrics belong to.
	const commentary = locals.services.commentary.findLatestForPeriod(period);
	const saidAbout = (priorityIds: number[]) =>
		framework.priorities
			.filter((p) => priorityIds.includes(p.id) && commentary.has(p.id))
			.map((p) => ({
				priority: p.number,
				title: p.title,
				body: commentary.get(p.id)!.body,
				author: commentary.get(p.id)!.author
			}));

	return {
		periodLabel: formatPeriodLabel(period),
		periodProse: formatPeriodProse(period),
		periodSlug: formatPeriodSlug(period),
		area: { code: area.code, name: area.name },
		periods: periods.map(({ slug, label }) => ({ slug, label })),
		areas: areas.map((a) => ({ code: a.code, name: a.name })),
		suppressionNote: suppressionNote(threshold),
		streams: groupByFundingStream(framework.fundingStreams, summaries).map(
			({ stream, metrics }) => ({
				code: stream.code,
				name: stream.name,
				funder: stream.funder,
				amount: formatNumber('gbp', stream.amountGbp),
				years: describeFundingYears(stream),
				description: stream.description,
				commentary: saidAbout([...new Set(metrics.map((m) => m.metric.priorityId))]),
				metrics: metrics.map(({ metric, progress, suppressed }) => ({
					code: metric.code,
					slug: formatMetricSlug(metric.code),
					name: metric.name,
					priority: priorityOf.get(metric.priorityId) ?? null,
					status: progress.status.status,
					statusReason: progress.status.reason,
					statusSentence: describeStatus({
						unit: metric.unit,
						direction: metric.direction,
						tolerance: metric.amberTolerance,
						actual: progress.yearToDate.value,
						target: progress.targets.yearToDate,
						status: progress.status,
						actualSuppressed: suppressed.yearToDate
					}),
					quarter: formatFigure(metric.unit, progress.quarter.value, suppressed.quarter),
					yearToDate: formatFigure(metric.unit, progress.yearToDate.value, suppressed.yearToDate),
					yearToDateTarget: formatTarget(metric.unit, progress.targets.yearToDate),
					annualTarget: formatTarget(metric.unit, progress.targets.annual),
					forecastSentence: suppressed.yearToDate
						? FORECAST_HIDDEN
						: describeForecast(metric.unit, progress.forecast),
					anySuppressed: suppressed.quarter || suppressed.yearToDate
				}))
			})
		)
	};
};

function formatTarget(unit: Parameters<typeof formatNumber>[0], target: number | null): string {
	return target === null ? '–' : formatNumber(unit, target);
}
