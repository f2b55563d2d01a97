import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { formatNumber } from '$core/format';
import type { FigureKind, Partner, Unit } from '$core/framework';
import {
	addQuarters,
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug,
	parsePeriodSlug,
	type Period
} from '$core/periods';
import { REVIEW_ACTIONS, type ReviewAction } from '$core/review';
import { buildReviewFigures } from '$core/review-figures';
import { OUTLIER_HISTORY_QUARTERS } from '$core/outliers';
import { actorOf } from '$lib/server/admin';
import { submissionState } from '$lib/server/submit';
import type { Actions, PageServerLoad } from './$types';

function figureText(unit: Unit, kind: FigureKind, value: number | null): string {
	if (kind === 'nil') return 'nil (0)';
	if (kind === 'not_collected') return 'not collected';
	return formatNumber(unit, value);
}

function resolve(locals: App.Locals, params: { partner: string; period: string }) {
	const partner = locals
		.framework()
		.partners.find((p) => p.code.toLowerCase() === params.partner.toLowerCase());
	if (!partner) error(404, `There is no partner "${params.partner}". Go back to the review queue.`);
	const period = parsePeriodSlug(params.period);
	if (!period) error(404, `There is no quarter "${params.period}". Go back to the review queue.`);
	return { partner, period };
}

export const load: PageServerLoad = ({ locals, params, url }) => {
	const { partner, period } = resolve(locals, params);
	const fw = locals.framework();
	const metrics = new Map(fw.metrics.map((m) => [m.id, m]));
	const found = locals.services.history.findSubmission(partner.id, period.year, period.quarter);
	const approvedAt =
		found?.events
			.filter((e) => e.toStatus === 'approved')
			.map((e) => e.at)
			.at(-1) ?? null;
	const figures = buildReviewFigures({
		period,
		revisions: locals.services.history.revisionsFor(partner.id, period.year, period.quarter),
		approvedAt,
		history: locals.services.review.historyOf(
			partner.id,
			addQuarters(period, -OUTLIER_HISTORY_QUARTERS),
			addQuarters(period, -1)
		),
		format: (id, n) => formatNumber(metrics.get(id)?.unit ?? 'count', n)
	});
	const rows = figures
		.map((f) => {
			const metric = metrics.get(f.metricId);
			const unit = metric?.unit ?? 'count';
			return {
				key: `${f.metricId}|${f.areaCode}`,
				metricCode: metric?.code ?? String(f.metricId),
				metricName: metric?.name ?? '',
				areaCode: f.areaCode,
				current: figureText(unit, f.current.kind, f.current.value),
				atApproval: f.atApproval && figureText(unit, f.atApproval.kind, f.atApproval.value),
				changed: f.changed,
				outlier: f.outlier?.reason ?? null,
				outlierDirection: f.outlier?.direction ?? null,
				comment: f.comment
			};
		})
		.sort(
			(a, b) => a.metricCode.localeCompare(b.metricCode) || a.areaCode.localeCompare(b.areaCode)
		);
	const done = url.searchParams.get('done');
	return {
		partner: { code: partner.code, name: partner.name },
		period: {
			slug: formatPeriodSlug(period),
			label: formatPeriodLabel(period),
			prose: formatPeriodProse(period)
		},
		state: submissionState(locals, partner, period),
		version: found?.submission.version ?? 0,
		approvedAt,
		events: found?.events ?? [],
		figures: rows,
		outliers: rows.filter((r) => r.outlier !== null).length,
		changed: rows.filter((r) => r.changed).length,
		done: REVIEW_ACTIONS.find((a) => a === done) ?? null
	};
};

/** One of the three review actions, as the coordinator's form sent it. */
async function review(event: RequestEvent, action: ReviewAction) {
	const { partner, period } = resolve(
		event.locals,
		event.params as Record<'partner' | 'period', string>
	);
	const form = await event.request.formData();
	const reason = String(form.get('reason') ?? '');
	const result = event.locals.services.review.act({
		partnerId: partner.id,
		year: period.year,
		quarter: period.quarter,
		action,
		reason,
		seenVersion: Number(form.get('version')),
		actor: actorOf(event),
		partnerName: partner.name,
		quarterLabel: formatPeriodLabel(period)
	});
	if (!result.ok)
		return fail(result.code === 'stale' ? 409 : 422, {
			action,
			code: result.code,
			message: result.message,
			reason
		});
	redirect(303, pageOf(partner, period) + `?done=${action}`);
}

function pageOf(partner: Partner, period: Period): string {
	return `/review/${partner.code.toLowerCase()}/${formatPeriodSlug(period)}`;
}

export const actions: Actions = {
	approve: (event) => review(event, 'approve'),
	return: (event) => review(event, 'return'),
	reopen: (event) => review(event, 'reopen')
};
