import { error } from '@sveltejs/kit';

import { formatNumber } from '$core/format';
import type { FigureKind, Unit } from '$core/framework';
import {
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug,
	parsePeriodSlug
} from '$core/periods';
import { partnerForHistory } from '$lib/server/submission-access';
import { submissionState } from '$lib/server/submit';
import type { PageServerLoad } from './$types';

function figureText(unit: Unit, kind: FigureKind, value: number | null): string {
	if (kind === 'nil') return 'nil (0)';
	if (kind === 'not_collected') return 'not collected';
	return formatNumber(unit, value);
}

export const load: PageServerLoad = ({ locals, params, url }) => {
	const partner = partnerForHistory(locals, locals.principal, params.partner);
	const period = parsePeriodSlug(params.period);
	if (!period) error(404, `There is no quarter "${params.period}". Go back to your submissions.`);
	const fw = locals.framework();
	const history = locals.services.history;
	const found = history.findSubmission(partner.id, period.year, period.quarter);
	const metrics = new Map(fw.metrics.map((m) => [m.id, m]));

	// Each figure's revisions, newest first, under the figure's current value.
	const figures = new Map<
		string,
		{ metricCode: string; metricName: string; areaCode: string; revisions: object[] }
	>();
	for (const r of history.revisionsFor(partner.id, period.year, period.quarter)) {
		const metric = metrics.get(r.metricId);
		if (!metric) continue;
		const key = `${metric.code}|${r.areaCode}`;
		const figure = figures.get(key) ?? {
			metricCode: metric.code,
			metricName: metric.name,
			areaCode: r.areaCode,
			revisions: []
		};
		figure.revisions.unshift({
			id: r.id,
			text: figureText(metric.unit, r.kind, r.value),
			comment: r.comment,
			at: r.createdAt,
			by: r.actorLabel,
			source: r.source,
			uploadId: r.uploadId,
			fileName: r.fileName,
			row: r.sourceRow
		});
		figures.set(key, figure);
	}
	const submitted = url.searchParams.get('submitted');
	return {
		partner: { code: partner.code, name: partner.name },
		period: {
			slug: formatPeriodSlug(period),
			label: formatPeriodLabel(period),
			prose: formatPeriodProse(period)
		},
		state: submissionState(locals, partner, period),
		events: found?.events ?? [],
		uploads: history.uploadsFor(partner.id, period.year, period.quarter),
		figures: [...figures.values()].sort(
			(a, b) => a.metricCode.localeCompare(b.metricCode) || a.areaCode.localeCompare(b.areaCode)
		) as {
			metricCode: string;
			metricName: string;
			areaCode: string;
			revisions: {
				id: number;
				text: string;
				comment: string;
				at: string;
				by: string;
				source: string;
				uploadId: number;
				fileName: string | null;
				row: number | null;
			}[];
		}[],
		confirmation: submitted === null ? null : submitted === 'unchanged' ? 'unchanged' : 'submitted'
	};
};
