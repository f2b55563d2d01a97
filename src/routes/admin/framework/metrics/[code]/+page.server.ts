import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { parseTargetInput, validateMetric } from '$core/framework-edit';
import type { Framework } from '$core/framework';
import { formatFinancialYear, periodContainingDate } from '$core/periods';
import { actorOf, textField, type FieldError } from '$lib/server/admin';
import { attemptEdit, readMetricForm } from '$lib/server/framework-form';
import type { Actions, PageServerLoad } from './$types';

const DONE_STATES = ['saved', 'targets', 'reporters', 'retired'] as const;

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

const targetField = (year: number, areaCode: string) => `target-${year}-${areaCode}`;

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
	const years = targetYears(event);
	const annual = (year: number, areaCode: string) =>
		metric.targets.find((t) => t.year === year && t.quarter === 0 && t.areaCode === areaCode)
			?.value ?? null;
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
			reporters: metric.reporters.map((r) => `${r.partnerId}:${r.areaCode}`),
			hasQuarterlyTargets: metric.targets.some((t) => t.quarter !== 0)
		},
		priorities: fw.priorities.map((p) => ({ id: p.id, number: p.number, title: p.title })),
		partners: partnerChoices(fw),
		areas: fw.areas.map((a) => ({ code: a.code, name: a.name })),
		targetYears: years.map((year) => ({
			year,
			label: formatFinancialYear(year),
			targets: fw.areas.map((a) => ({
				field: targetField(year, a.code),
				areaName: a.name,
				value: annual(year, a.code)
			}))
		})),
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
		const result = attemptEdit(() => edit.updateMetric(metric.id, checked.value, actor), 'name');
		if (!result.ok) return fail(422, { form: 'update', values, errors: [result.error] });
		redirect(303, `/admin/framework/metrics/${checked.value.code}?done=saved`);
	},

	targets: async (event) => {
		const { fw, metric } = findMetric(event);
		const form = await event.request.formData();
		const errors: FieldError[] = [];
		const targetValues: Record<string, string> = {};
		const changes: { year: number; areaCode: string; value: number | null }[] = [];
		for (const year of targetYears(event))
			for (const area of fw.areas) {
				const field = targetField(year, area.code);
				const text = textField(form, field);
				targetValues[field] = text;
				const label = `annual target for ${area.name} in ${formatFinancialYear(year)}`;
				const parsed = parseTargetInput(metric.unit, text, label);
				if (!parsed.ok) errors.push({ field, message: parsed.errors[0]!.message });
				else changes.push({ year, areaCode: area.code, value: parsed.value });
			}
		if (errors.length) return fail(422, { form: 'targets', targetValues, errors });
		const { edit, actor } = editor(event);
		for (const change of changes) {
			const result = attemptEdit(
				() => edit.setTarget(metric.id, { ...change, quarter: 0 }, actor),
				targetField(change.year, change.areaCode)
			);
			if (!result.ok) return fail(422, { form: 'targets', targetValues, errors: [result.error] });
		}
		redirect(303, `/admin/framework/metrics/${metric.code}?done=targets#targets`);
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

	delete: (event) => {
		const { metric } = findMetric(event);
		const { edit, actor } = editor(event);
		const result = attemptEdit(() => edit.deleteMetric(metric.id, actor), 'delete');
		if (!result.ok) return fail(409, { form: 'delete', errors: [result.error] });
		redirect(303, `/admin/framework?deleted=${encodeURIComponent(metric.code)}`);
	}
};
