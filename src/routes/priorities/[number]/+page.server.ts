import { error } from '@sveltejs/kit';

import { describeForecast, describeStatus } from '$core/describe-progress';
import { formatNumber, unitHeading } from '$core/format';
import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '$core/periods';
import { PRIORITY_ROLLUP_RULE } from '$core/status';
import { resolveSelection } from '$lib/server/selection';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, params }) => {
	const { framework, period, area, periods, areas } = resolveSelection(locals, url);
	const number = Number(params.number);
	const view = Number.isInteger(number)
		? locals.services.dashboard.priority(framework, number, period, area.code)
		: null;
	if (!view)
		error(
			404,
			`There is no priority ${params.number}. The strategy has priorities 1 to ${framework.priorities.length}.`
		);

	return {
		periodLabel: formatPeriodLabel(period),
		periodProse: formatPeriodProse(period),
		periodSlug: formatPeriodSlug(period),
		area: { code: area.code, name: area.name },
		periods: periods.map(({ slug, label }) => ({ slug, label })),
		areas: areas.map((a) => ({ code: a.code, name: a.name })),
		rollupRule: PRIORITY_ROLLUP_RULE,
		priority: {
			number: view.priority.priority.number,
			title: view.priority.priority.title,
			description: view.priority.priority.description,
			status: view.priority.status,
			counts: view.priority.counts
		},
		metrics: view.metrics.map(({ metric, progress, series }) => {
			const ytd = progress.yearToDate.value;
			const ytdTarget = progress.targets.yearToDate;
			const statusSentence = describeStatus({
				unit: metric.unit,
				direction: metric.direction,
				tolerance: metric.amberTolerance,
				actual: ytd,
				target: ytdTarget,
				status: progress.status
			});
			return {
				code: metric.code,
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
				forecastSentence: describeForecast(metric.unit, progress.forecast),
				quarter: progress.quarter.value,
				quarterComplete: progress.quarter.complete,
				yearToDate: ytd,
				yearToDateTarget: ytdTarget,
				annualTarget: progress.targets.annual,
				chartTitle:
					ytdTarget === null
						? `${metric.name}: ${formatNumber(metric.unit, ytd)} so far this year`
						: `${metric.name}: ${formatNumber(metric.unit, ytd)} against a year-to-date target of ${formatNumber(metric.unit, ytdTarget)}`,
				series: series.map((p) => ({
					label: formatPeriodLabel(p.period),
					actual: p.actual,
					complete: p.complete,
					target: p.target
				}))
			};
		})
	};
};
