import { fail, redirect } from '@sveltejs/kit';

import { validateFundingStream } from '$core/funding-stream-edit';
import { actorOf } from '$lib/server/admin';
import { attemptEdit } from '$lib/server/framework-form';
import { readFundingStreamForm } from '$lib/server/funding-stream-form';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const fw = event.locals.services.framework.load();
		const values = readFundingStreamForm(await event.request.formData());
		const checked = validateFundingStream(values, {
			streamId: null,
			streams: fw.fundingStreams
		});
		if (!checked.ok) return fail(422, { values, errors: checked.errors });
		let id = 0;
		const result = attemptEdit(() => {
			id = event.locals.services.fundingStreamEdit.createStream(checked.value, actorOf(event));
		}, 'code');
		if (!result.ok) return fail(422, { values, errors: [result.error] });
		redirect(303, `/admin/framework/funding-streams/${id}?done=created`);
	}
};
