import { fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { nextMetricCode, validateNewMetric, type MetricForm } from '$core/framework-edit';
import type { Framework } from '$core/framework';
import { actorOf } from '$lib/server/admin';
import { attemptEdit, readMetricForm } from '$lib/server/framework-form';
import type { Actions, PageServerLoad } from './$types';

function newMetricContext(fw: Framework) {
	return {
		metrics: fw.metrics,
		priorities: fw.priorities,
		partners: fw.partners
			.filter((p) => p.active)
			.map((p) => ({ id: p.id, name: p.name, areaCode: p.areaCode }))
	};
}

/** A blank metric for the chosen priority, with the next free code and the usual choices. */
function startingValues(fw: Framework, priorityNumber: number): MetricForm {
	const priority = fw.priorities.find((p) => p.number === priorityNumber) ?? fw.priorities[0];
	return {
		code: priority
			? nextMetricCode(
					priority.number,
					fw.metrics.map((m) => m.code)
				)
			: '',
		name: '',
		priorityId: priority ? String(priority.id) : '',
		unit: 'count',
		direction: 'increase',
		partnerAggregation: 'sum',
		periodAggregation: 'sum',
		amberTolerancePercent: '10',
		sensitive: false,
		leadPartnerId: '',
		definition: '',
		countingRule: '',
		dataSource: '',
		owner: '',
		caveats: ''
	};
}

export const load: PageServerLoad = ({ locals, url }) => {
	const fw = locals.services.framework.load();
	const context = newMetricContext(fw);
	return {
		values: startingValues(fw, Number(url.searchParams.get('priority'))),
		priorities: fw.priorities.map((p) => ({ id: p.id, number: p.number, title: p.title })),
		partners: context.partners.map((p) => ({ id: p.id, name: p.name }))
	};
};

export const actions: Actions = {
	default: async (event: RequestEvent) => {
		const fw = event.locals.services.framework.load();
		const values = readMetricForm(await event.request.formData());
		const checked = validateNewMetric(values, newMetricContext(fw));
		if (!checked.ok) return fail(422, { values, errors: checked.errors });
		const actor = actorOf(event);
		const result = attemptEdit(
			() =>
				event.locals.services.frameworkEdit.createMetric(checked.value, {
					userId: actor.userId,
					label: actor.label,
					ip: actor.ip
				}),
			(field) => (field === 'code' ? 'code' : 'name')
		);
		if (!result.ok) return fail(422, { values, errors: [result.error] });
		redirect(303, `/admin/framework/metrics/${result.value.code}?done=created`);
	}
};
