import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { validateFundingStream } from '$core/funding-stream-edit';
import { formatFinancialYear } from '$core/periods';
import { actorOf, parseId } from '$lib/server/admin';
import { attemptEdit } from '$lib/server/framework-form';
import { readFundingStreamForm } from '$lib/server/funding-stream-form';
import type { Actions, PageServerLoad } from './$types';

const DONE_STATES = ['created', 'saved', 'metrics'] as const;

function findStream(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const fw = event.locals.services.framework.load();
	const id = parseId(event.params.id);
	const stream = fw.fundingStreams.find((s) => s.id === id);
	if (!stream)
		error(
			404,
			'There is no funding stream with that address. Choose one from the list of funding streams.'
		);
	return { fw, stream };
}

export const load: PageServerLoad = (event) => {
	const { fw, stream } = findStream(event);
	return {
		stream: {
			id: stream.id,
			code: stream.code,
			name: stream.name,
			funder: stream.funder,
			// As typed: plain digits read back exactly as they were saved.
			amount: String(stream.amountGbp),
			firstYear: formatFinancialYear(stream.firstYear),
			lastYear: formatFinancialYear(stream.lastYear),
			description: stream.description,
			metricIds: stream.metricIds
		},
		// Active metrics may be linked; a retired one is listed only while it is still linked.
		priorities: fw.priorities
			.map((p) => ({
				number: p.number,
				title: p.title,
				metrics: fw.metrics
					.filter(
						(m) =>
							m.priorityId === p.id && (m.status === 'active' || stream.metricIds.includes(m.id))
					)
					.map((m) => ({ id: m.id, code: m.code, name: m.name, retired: m.status === 'retired' }))
			}))
			.filter((p) => p.metrics.length > 0),
		done: DONE_STATES.find((d) => d === event.url.searchParams.get('done')) ?? null
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { fw, stream } = findStream(event);
		const values = readFundingStreamForm(await event.request.formData());
		const checked = validateFundingStream(values, {
			streamId: stream.id,
			streams: fw.fundingStreams
		});
		if (!checked.ok) return fail(422, { form: 'update', values, errors: checked.errors });
		const result = attemptEdit(
			() =>
				event.locals.services.fundingStreamEdit.updateStream(
					stream.id,
					checked.value,
					actorOf(event)
				),
			'code'
		);
		if (!result.ok) return fail(422, { form: 'update', values, errors: [result.error] });
		redirect(303, `/admin/framework/funding-streams/${stream.id}?done=saved`);
	},

	metrics: async (event) => {
		const { stream } = findStream(event);
		const chosen = (await event.request.formData())
			.getAll('metric')
			.filter((v): v is string => typeof v === 'string');
		const ids = chosen.map((v) => parseId(v) ?? 0);
		const result = attemptEdit(
			() =>
				event.locals.services.fundingStreamEdit.setStreamMetrics(stream.id, ids, actorOf(event)),
			'metrics'
		);
		if (!result.ok) return fail(422, { form: 'metrics', chosen, errors: [result.error] });
		redirect(303, `/admin/framework/funding-streams/${stream.id}?done=metrics#metrics`);
	}
};
