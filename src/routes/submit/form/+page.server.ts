import { error, fail, redirect } from '@sveltejs/kit';

import { formatNumber, unitHeading } from '$core/format';
import { formatFigureCell, templateRows } from '$core/import-template';
import {
	addQuarters,
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug,
	type Period
} from '$core/periods';
import { figureKeyString } from '$core/figure-changes';
import type { Partner } from '$core/framework';
import { isImportTargetError } from '$lib/server/import-errors';
import { clientAddress } from '$lib/server/request';
import { resolveSubmitTarget, submissionState } from '$lib/server/submit';
import type { Actions, PageServerLoad } from './$types';

/** The form's rows: one per metric and area the partner reports, in template order. */
function formRows(locals: App.Locals, partner: Partner, period: Period) {
	const fw = locals.framework();
	const current = locals.services.figures.findForPeriod([partner.id], period);
	const previousPeriod = addQuarters(period, -1);
	const previous = locals.services.figures.findForPeriod([partner.id], previousPeriod);
	return templateRows(fw, [partner], period, current).map((row, index) => {
		const last = previous.get(
			figureKeyString({
				metricId: row.metric.id,
				partnerId: partner.id,
				areaCode: row.areaCode,
				year: previousPeriod.year,
				quarter: previousPeriod.quarter
			})
		);
		return {
			index,
			metricCode: row.metric.code,
			metricName: row.metric.name,
			unit: unitHeading(row.metric.unit),
			areaCode: row.areaCode,
			areaName: fw.areas.find((a) => a.code === row.areaCode)?.name ?? row.areaCode,
			target: row.target === null ? null : formatNumber(row.metric.unit, row.target),
			lastQuarter: last
				? last.kind === 'value'
					? formatNumber(row.metric.unit, last.value)
					: last.kind === 'nil'
						? 'nil'
						: 'not collected'
				: null,
			value: formatFigureCell(row.current),
			comment: row.current?.comment ?? ''
		};
	});
}

function requirePartner(locals: App.Locals, url: URL) {
	const target = resolveSubmitTarget(locals, url, locals.principal);
	if (!target.partner) redirect(303, `/submit?period=${formatPeriodSlug(target.period)}`);
	return { ...target, partner: target.partner };
}

export const load: PageServerLoad = ({ locals, url }) => {
	const target = requirePartner(locals, url);
	return {
		partner: { code: target.partner.code, name: target.partner.name },
		period: {
			slug: formatPeriodSlug(target.period),
			label: formatPeriodLabel(target.period),
			prose: formatPeriodProse(target.period),
			previous: formatPeriodLabel(addQuarters(target.period, -1))
		},
		state: submissionState(locals, target.partner, target.period),
		rows: formRows(locals, target.partner, target.period)
	};
};

/** A cell written for the import's CSV reader: quoted when it holds a comma, quote or line break. */
function csvCell(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const actions: Actions = {
	default: async (event) => {
		const target = requirePartner(event.locals, event.url);
		const rows = formRows(event.locals, target.partner, target.period);
		const form = await event.request.formData();
		const entered = rows.map((r) => ({
			value: String(form.get(`value-${r.index}`) ?? ''),
			comment: String(form.get(`comment-${r.index}`) ?? '')
		}));
		// The form is a CSV in the template's long format, so it meets exactly the rules a file does.
		const text = [
			'metric_code,area,value,comment',
			...rows.map((r, i) =>
				[r.metricCode, r.areaCode, entered[i]!.value, entered[i]!.comment].map(csvCell).join(',')
			)
		].join('\n');
		let result;
		try {
			result = event.locals.services.imports.importText({
				principal: event.locals.principal,
				framework: event.locals.framework(),
				partnerCode: target.partner.code,
				period: formatPeriodLabel(target.period),
				dryRun: false,
				source: 'form',
				ip: clientAddress(event),
				text
			});
		} catch (err) {
			if (isImportTargetError(err))
				error(404, 'There is nothing to submit for that partner and quarter.');
			throw err;
		}
		if (!result.summary.ok) {
			const errors = result.summary.errors.map((e) => {
				const row = e.row === null ? null : rows[e.row - 2];
				if (!row)
					return {
						field: 'figures',
						message:
							e.code === 'no-figures'
								? 'Enter at least one figure. Leave a box empty if the figure is not available yet.'
								: e.message
					};
				const field = e.column === 'comment' ? `comment-${row.index}` : `value-${row.index}`;
				const detail = e.message.replace(/^Row \d+, [^:]+: /, '');
				return { field, message: `${row.metricCode} ${row.areaName}: ${detail}` };
			});
			return fail(422, { errors, entered });
		}
		redirect(
			303,
			`/submissions/${target.partner.code.toLowerCase()}/${formatPeriodSlug(target.period)}?submitted=${result.uploadId ?? 'unchanged'}`
		);
	}
};
