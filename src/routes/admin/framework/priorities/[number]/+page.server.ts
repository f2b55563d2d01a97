import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { validatePriority } from '$core/priority-edit';
import { actorOf, parseId } from '$lib/server/admin';
import { attemptEdit } from '$lib/server/framework-form';
import { readPriorityForm } from '$lib/server/priority-form';
import type { Actions, PageServerLoad } from './$types';

const DONE_STATES = ['created', 'saved'] as const;

function findPriority(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const fw = event.locals.services.framework.load();
	const number = parseId(event.params.number);
	const priority = fw.priorities.find((p) => p.number === number);
	if (!priority)
		error(
			404,
			'There is no priority with that number. Check the address, or choose one from the framework.'
		);
	return { fw, priority };
}

export const load: PageServerLoad = (event) => {
	const { fw, priority } = findPriority(event);
	const last = fw.priorities.at(-1);
	return {
		priority,
		metrics: fw.metrics
			.filter((m) => m.priorityId === priority.id)
			.map((m) => ({ code: m.code, name: m.name, status: m.status })),
		isLast: last?.id === priority.id,
		lastNumber: last?.number ?? priority.number,
		done: DONE_STATES.find((d) => d === event.url.searchParams.get('done')) ?? null
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { fw, priority } = findPriority(event);
		const values = readPriorityForm(await event.request.formData());
		const checked = validatePriority(values, {
			priorityId: priority.id,
			priorities: fw.priorities
		});
		if (!checked.ok) return fail(422, { form: 'update', values, errors: checked.errors });
		const result = attemptEdit(
			() =>
				event.locals.services.priorityEdit.updatePriority(
					priority.id,
					checked.value,
					actorOf(event)
				),
			'title'
		);
		if (!result.ok) return fail(422, { form: 'update', values, errors: [result.error] });
		redirect(303, `/admin/framework/priorities/${priority.number}?done=saved`);
	},

	delete: (event) => {
		const { priority } = findPriority(event);
		const result = attemptEdit(
			() => event.locals.services.priorityEdit.deletePriority(priority.id, actorOf(event)),
			'delete'
		);
		if (!result.ok) return fail(409, { form: 'delete', errors: [result.error] });
		redirect(303, `/admin/framework?deletedPriority=${priority.number}`);
	}
};
