import {
	suppressionReaderFor,
	type ShownOverview,
	type SuppressionReader
} from '$core/dashboard-suppression';
import { describeChangeBrief } from '$core/describe-progress';
import {
	addQuarters,
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug,
	isSamePeriod
} from '$core/periods';
import { quarterChanges } from '$core/quarter-changes';
import { PRIORITY_ROLLUP_RULE, STATUS_LABELS } from '$core/status';
import { suppressionNote } from '$core/suppression';
import { cachedPageData } from '$lib/server/page-data';
import { resolveSelection } from '$lib/server/selection';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const selection = resolveSelection(locals, url);
	const threshold = locals.services.config.suppressionThreshold;
	// Small sensitive figures leave as null with `suppressed` set: the page prints [c].
	const reader = suppressionReaderFor(locals.principal, threshold);
	return cachedPageData(locals, 'overview', selection, reader, () =>
		overviewData(locals, selection, reader)
	);
};

function overviewData(
	locals: App.Locals,
	{ framework, period, area, periods, areas }: ReturnType<typeof resolveSelection>,
	reader: SuppressionReader
) {
	const threshold = reader.policy.threshold;
	const history = locals.services.dashboard.overviewHistory(framework, period, area.code, reader);
	const overview = history[history.length - 1]!;
	const before = history[history.length - 2];
	const previous = before && isSamePeriod(before.period, addQuarters(period, -1)) ? before : null;
	const metricsOf = (o: ShownOverview) => o.priorities.flatMap((p) => p.metrics);
	const changes = quarterChanges(metricsOf(overview), previous ? metricsOf(previous) : []);
	const metricByCode = new Map(metricsOf(overview).map((m) => [m.metric.code, m.metric]));
	const partnerName = new Map(framework.partners.map((p) => [p.id, p.name]));
	// Who is late is partner-level information: only for those who may see partners' figures.
	const seesPartners = reader.withReporters;
	return {
		periodLabel: formatPeriodLabel(period),
		periodProse: formatPeriodProse(period),
		periodSlug: formatPeriodSlug(period),
		area: { code: area.code, name: area.name },
		periods: periods.map(({ slug, label }) => ({ slug, label })),
		areas: areas.map((a) => ({ code: a.code, name: a.name })),
		empty: overview.empty,
		rollupRule: PRIORITY_ROLLUP_RULE,
		changes: previous && {
			since: formatPeriodLabel(previous.period),
			statusMoves: changes.statusMoves.map((move) => ({
				code: move.code,
				name: metricByCode.get(move.code)?.name ?? '',
				from: move.from,
				to: move.to,
				words: `${STATUS_LABELS[move.from].toLowerCase()} to ${STATUS_LABELS[move.to].toLowerCase()}`
			})),
			movers: changes.movers.map((mover) => {
				const metric = metricByCode.get(mover.code)!;
				return {
					code: mover.code,
					name: metric.name,
					words: describeChangeBrief(metric.unit, mover.change)
				};
			})
		},
		suppressionNote: suppressionNote(threshold),
		priorities: overview.priorities.map((p, index) => ({
			trend: history.map((o) => {
				const { green, amber, red } = o.priorities[index]!.counts;
				const rated = green + amber + red;
				return {
					label: formatPeriodLabel(o.period),
					onTrack: green,
					rated,
					share: rated === 0 ? null : (green / rated) * 100
				};
			}),
			number: p.priority.number,
			title: p.priority.title,
			status: p.status,
			counts: p.counts,
			metrics: p.metrics.map(({ metric, progress, suppressed }) => ({
				code: metric.code,
				name: metric.name,
				unit: metric.unit,
				direction: metric.direction,
				quarter: progress.quarter.value,
				quarterSuppressed: suppressed.quarter,
				quarterComplete: progress.quarter.complete,
				missingPartners: seesPartners
					? progress.quarter.missingPartnerIds
							.map((id) => partnerName.get(id) ?? '')
							.sort((a, b) => a.localeCompare(b))
					: [],
				yearToDate: progress.yearToDate.value,
				yearToDateSuppressed: suppressed.yearToDate,
				yearToDateTarget: progress.targets.yearToDate,
				annualTarget: progress.targets.annual,
				status: progress.status.status,
				statusReason: progress.status.reason
			}))
		}))
	};
}
