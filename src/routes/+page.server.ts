import { can } from '$core/access';
import { suppressionReaderFor } from '$core/dashboard-suppression';
import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '$core/periods';
import { PRIORITY_ROLLUP_RULE } from '$core/status';
import { suppressionNote } from '$core/suppression';
import { resolveSelection } from '$lib/server/selection';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const { framework, period, area, periods, areas } = resolveSelection(locals, url);
	const threshold = locals.services.config.suppressionThreshold;
	// Small sensitive figures leave as null with `suppressed` set: the page prints [c].
	const reader = suppressionReaderFor(locals.principal, threshold);
	const overview = locals.services.dashboard.overview(framework, period, area.code, reader);
	const partnerName = new Map(framework.partners.map((p) => [p.id, p.name]));
	// Who is late is partner-level information: only for those who may see partners' figures.
	const seesPartners = can(locals.principal, 'view-partner-figures');
	return {
		periodLabel: formatPeriodLabel(period),
		periodProse: formatPeriodProse(period),
		periodSlug: formatPeriodSlug(period),
		area: { code: area.code, name: area.name },
		periods: periods.map(({ slug, label }) => ({ slug, label })),
		areas: areas.map((a) => ({ code: a.code, name: a.name })),
		empty: overview.empty,
		rollupRule: PRIORITY_ROLLUP_RULE,
		suppressionNote: suppressionNote(threshold),
		priorities: overview.priorities.map((p) => ({
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
};
