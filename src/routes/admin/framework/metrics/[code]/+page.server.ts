import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { validateMetric } from '$core/framework-edit';
import type { Framework } from '$core/framework';
import { formatFinancialYear, periodContainingDate } from '$core/periods';
import { actorOf, textField } from '$lib/server/admin';
import { attemptEdit, readMetricForm } from '$lib/server/framework-form';
import {
	TARGET_QUARTERS,
	baselineField,
	readBaselines,
	readYearTargets,
	targetField,
	targetLabel
} from '$lib/server/metric-targets-form';
import type { Actions, PageServerLoad } from './$types';

const DONE_STATES = [
	'created',
	'saved',
	'targets',
	'baselines',
	'reporters',
	'retired',
	'reinstated'
] as const;

/** The details form's fields that a refusal from the editor can name; others go on the name. */
const DETAIL_FIELDS = new Set(['code', 'unit']);

function findMetric(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const fw = event.locals.services.framework.load();
	const metric = fw.metrics.find((m) => m.code === event.params.code);
	if (!metric)
		error(
			404,
			'There is no metric with that code. Check the address, or choose one from the list.'
		);
	return { fw, metric };
}

/** The current financial year and the next, whose targets the page edits. */
function targetYears(event: Pick<RequestEvent, 'locals'>): number[] {
	const current = periodContainingDate(event.locals.services.now()).year;
	return [current, current + 1];
}

function editor(event: RequestEvent) {
	const actor = actorOf(event);
	return {
		edit: event.locals.services.frameworkEdit,
		actor: { userId: actor.userId, label: actor.label, ip: actor.ip }
	};
}

function partnerChoices(fw: Framework) {
	return fw.partners.filter((p) => p.active).map((p) => ({ id: p.id, name: p.name }));
}

export const load: PageServerLoad = (event) => {
	const { fw, metric } = findMetric(event);
	const targetOf = (year: number, quarter: number, areaCode: string) =>
		metric.targets.find((t) => t.year === year && t.quarter === quarter && t.areaCode === areaCode)
			?.value ?? null;
	const baselineOf = (areaCode: string) => metric.baselines.find((b) => b.areaCode === areaCode);
	return {
		metric: {
			id: metric.id,
			code: metric.code,
			name: metric.name,
			priorityId: metric.priorityId,
			unit: metric.unit,
			direction: metric.direction,
			partnerAggregation: metric.partnerAggregation,
			periodAggregation: metric.periodAggregation,
			amberTolerance: metric.amberTolerance,
			sensitive: metric.sensitive,
			leadPartnerId: metric.leadPartnerId,
			definition: metric.definition,
			countingRule: metric.countingRule,
			dataSource: metric.dataSource,
			owner: metric.owner,
			caveats: metric.caveats,
			status: metric.status,
			reporters: metric.reporters.map((r) => `${r.partnerId}:${r.areaCode}`)
		},
		priorities: fw.priorities.map((p) => ({ id: p.id, number: p.number, title: p.title })),
		partners: partnerChoices(fw),
		areas: fw.areas.map((a) => ({ code: a.code, name: a.name })),
		targetYears: targetYears(event).map((year) => ({
			year,
			label: formatFinancialYear(year),
			rows: fw.areas.map((a) => ({
				areaName: a.name,
				cells: TARGET_QUARTERS.map((quarter) => ({
					field: targetField(year, a.code, quarter),
					label: targetLabel(quarter, a.name, year),
					value: targetOf(year, quarter, a.code)
				}))
			}))
		})),
		baselines: fw.areas.map((a) => {
			const b = baselineOf(a.code);
			return {
				areaName: a.name,
				inputs: [
					{
						field: baselineField(a.code, 'year'),
						label: `Baseline year for ${a.name}`,
						value: b ? formatFinancialYear(b.year) : '',
						numeric: false
					},
					{
						field: baselineField(a.code, 'value'),
						label: `Baseline value for ${a.name}`,
						value: b ? String(b.value) : '',
						numeric: true
					}
				]
			};
		}),
		done: DONE_STATES.find((d) => d === event.url.searchParams.get('done')) ?? null
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { fw, metric } = findMetric(event);
		const values = readMetricForm(await event.request.formData());
		const checked = validateMetric(values, {
			metricId: metric.id,
			metrics: fw.metrics,
			priorities: fw.priorities,
			partners: partnerChoices(fw),
			reporters: metric.reporters
		});
		if (!checked.ok) return fail(422, { form: 'update', values, errors: checked.errors });
		const { edit, actor } = editor(event);
		const result = attemptEdit(
			() => edit.updateMetric(metric.id, checked.value, actor),
			(field) => (DETAIL_FIELDS.has(field) ? field : 'name')
		);
		if (!result.ok) return fail(422, { form: 'update', values, errors: [result.error] });
		redirect(303, `/admin/framework/metrics/${checked.value.code}?done=saved`);
	},

	/** One year's targets: annual and quarterly, for every area, saved together. */
	targets: async (event) => {
		const { fw, metric } = findMetric(event);
		const form = await event.request.formData();
		const year = Number(textField(form, 'year'));
		if (!targetYears(event).includes(year))
			error(400, 'Targets can be set here for this financial year and the next only.');
		const read = readYearTargets(form, metric, year, fw.areas);
		const failed = (errors: typeof read.errors) =>
			fail(422, { form: 'targets', year, targetValues: read.typed, errors });
		if (read.errors.length) return failed(read.errors);
		const { edit, actor } = editor(event);
		const result = attemptEdit(
			() => edit.setTargets(metric.id, read.changes, actor),
			targetField(year, fw.areas[0]!.code, 0)
		);
		if (!result.ok) return failed([result.error]);
		redirect(303, `/admin/framework/metrics/${metric.code}?done=targets#targets-${year}`);
	},

	baselines: async (event) => {
		const { fw, metric } = findMetric(event);
		const read = readBaselines(await event.request.formData(), metric.unit, fw.areas);
		const failed = (errors: typeof read.errors) =>
			fail(422, { form: 'baselines', baselineValues: read.typed, errors });
		if (read.errors.length) return failed(read.errors);
		const { edit, actor } = editor(event);
		const result = attemptEdit(
			() => edit.setBaselines(metric.id, read.changes, actor),
			baselineField(fw.areas[0]!.code, 'value')
		);
		if (!result.ok) return failed([result.error]);
		redirect(303, `/admin/framework/metrics/${metric.code}?done=baselines#baselines`);
	},

	reporters: async (event) => {
		const { fw, metric } = findMetric(event);
		const chosen = (await event.request.formData())
			.getAll('reporter')
			.filter((v): v is string => typeof v === 'string');
		const reporters = chosen.flatMap((value) => {
			const [partner, areaCode] = value.split(':');
			const partnerId = Number(partner);
			return fw.partners.some((p) => p.id === partnerId) &&
				fw.areas.some((a) => a.code === areaCode)
				? [{ partnerId, areaCode: areaCode! }]
				: [];
		});
		const { edit, actor } = editor(event);
		const result = attemptEdit(() => edit.setReporters(metric.id, reporters, actor), 'reporters');
		if (!result.ok) return fail(422, { form: 'reporters', chosen, errors: [result.error] });
		redirect(303, `/admin/framework/metrics/${metric.code}?done=reporters#reporters`);
	},

	retire: async (event) => {
		const { metric } = findMetric(event);
		const reason = textField(await event.request.formData(), 'reason');
		const { edit, actor } = editor(event);
		const result = attemptEdit(() => edit.retireMetric(metric.id, reason, actor), 'reason');
		if (!result.ok) return fail(422, { form: 'retire', reason, errors: [result.error] });
		redirect(303, `/admin/framework/metrics/${metric.code}?done=retired`);
	},

	reinstate: async (event) => {
		const { metric } = findMetric(event);
		const reason = textField(await event.request.formData(), 'reinstateReason');
		const { edit, actor } = editor(event);
		const result = attemptEdit(
			() => edit.reinstateMetric(metric.id, reason, actor),
			'reinstateReason'
		);
		if (!result.ok) return fail(422, { form: 'reinstate', reason, errors: [result.error] });
		redirect(303, `/admin/framework/metrics/${metric.code}?done=reinstated`);
	},

	delete: (event) => {
		const { metric } = findMetric(event);
		const { edit, actor } = editor(event);
		const result = attemptEdit(() => edit.deleteMetric(metric.id, actor), 'delete');
		if (!result.ok) return fail(409, { form: 'delete', errors: [result.error] });
		redirect(303, `/admin/framework?deleted=${encodeURIComponent(metric.code)}`);
	}
};
