import { fail, redirect } from '@sveltejs/kit';

import { nextPriorityNumber, validatePriority } from '$core/priority-edit';
import { actorOf } from '$lib/server/admin';
import { attemptEdit } from '$lib/server/framework-form';
import { readPriorityForm } from '$lib/server/priority-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	number: nextPriorityNumber(locals.services.framework.load().priorities)
});

export const actions: Actions = {
	default: async (event) => {
		const fw = event.locals.services.framework.load();
		const values = readPriorityForm(await event.request.formData());
		const checked = validatePriority(values, { priorityId: null, priorities: fw.priorities });
		if (!checked.ok) return fail(422, { values, errors: checked.errors });
		let number = 0;
		const result = attemptEdit(() => {
			number = event.locals.services.priorityEdit.createPriority(checked.value, actorOf(event));
		}, 'title');
		if (!result.ok) return fail(422, { values, errors: [result.error] });
		redirect(303, `/admin/framework/priorities/${number}?done=created`);
	}
};
