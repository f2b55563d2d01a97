import { error, redirect } from '@sveltejs/kit';

import { suppressionReaderFor } from '$core/dashboard-suppression';
import { echoInput } from '$core/echo';
import { unitHeading } from '$core/format';
import type { Framework, Metric } from '$core/framework';
import { formatMetricSlug, parseMetricParam } from '$core/metric-slug';
import { buildMetricGrid, suppressMetricGrid } from '$core/metric-suppression';
import { buildMetricView } from '$core/metric-view';
import { nearest } from '$core/nearest';
import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '$core/periods';
import { buildMetricLineage } from '$lib/server/metric-lineage';
import { presentMetricPage } from '$lib/server/metric-page';
import { resolveSelection } from '$lib/server/selection';
import type { PageServerLoad } from './$types';

/** The metric named in the address, or a 404 that says what was asked for and what exists. */
function findMetric(framework: Framework, param: string): { metric: Metric; canonical: boolean } {
	const reading = parseMetricParam(param);
	const metric = reading.ok ? framework.metrics.find((m) => m.code === reading.code) : undefined;
	if (reading.ok && metric) return { metric, canonical: reading.canonical };
	const asked = reading.ok ? reading.code : param;
	const guess = nearest(
		asked.replace('-', '.'),
		framework.metrics.map((m) => m.code),
		1
	);
	error(
		404,
		`There is no metric "${echoInput(asked)}". ${
			guess
				? `Did you mean ${guess}?`
				: 'Metric codes look like P1.03; every metric is listed on the overview.'
		}`
	);
}

export const load: PageServerLoad = ({ locals, url, params }) => {
	const { metric, canonical } = findMetric(locals.framework(), params.code);
	// One address per metric: /metrics/p1-03. P1.03 as people write it lands there.
	if (!canonical) redirect(301, `/metrics/${formatMetricSlug(metric.code)}${url.search}`);

	const { framework, period, area, periods, areas } = resolveSelection(locals, url);
	const services = locals.services;
	const principal = locals.principal;
	const all = periods.map((p) => p.period);
	const figures = services.figureQueries.findForMetric(
		metric.id,
		all[0]!.year,
		all[all.length - 1]!.year
	);
	const view = buildMetricView(framework, metric, figures, all, period, area);
	const reader = suppressionReaderFor(principal, services.config.suppressionThreshold);
	const { policy, withReporters } = reader;
	// Worked out over every quarter and area the page can show, not just this view (see the module),
	// and from what this reader knows already: a partner's own figures.
	const hidden =
		metric.sensitive && policy.applies
			? suppressMetricGrid(metric, buildMetricGrid(framework, metric, figures, all, reader), policy)
			: new Set<string>();
	const priority = framework.priorities.find((p) => p.id === metric.priorityId);

	return {
		metric: {
			code: metric.code,
			slug: formatMetricSlug(metric.code),
			name: metric.name,
			unit: metric.unit,
			unitHeading: unitHeading(metric.unit),
			priority: { number: priority?.number ?? metric.priorityNumber, title: priority?.title ?? '' }
		},
		periodLabel: formatPeriodLabel(period),
		periodProse: formatPeriodProse(period),
		periodSlug: formatPeriodSlug(period),
		area: { code: area.code, name: area.name, partnershipWide: area.partnershipWide },
		periods: periods.map(({ slug, label }) => ({ slug, label })),
		areas: areas.map((a) => ({ code: a.code, name: a.name })),
		...presentMetricPage({ framework, view, hidden, policy, withReporters }),
		lineage: buildMetricLineage({
			principal,
			framework,
			metric,
			period,
			area,
			revisions: services.history.revisionsForMetric
		}),
		// Quarter figures the board was given in an issued report and that were revised since.
		restatements: services.reports
			.restatementsForMetric(framework, metric.id, principal)
			.map((r) => ({ key: `${r.reportId}`, sentence: r.sentence, periodLabel: r.periodLabel }))
	};
};
