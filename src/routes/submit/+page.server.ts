import { redirect } from '@sveltejs/kit';

import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '$core/periods';
import {
	frameworkForBrowser,
	lockedKeysFor,
	resolveSubmitTarget,
	runUploadAction,
	submissionState
} from '$lib/server/submit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const target = resolveSubmitTarget(locals, url, locals.principal);
	const fw = locals.framework();
	return {
		partner: target.partner ? { code: target.partner.code, name: target.partner.name } : null,
		period: {
			slug: formatPeriodSlug(target.period),
			label: formatPeriodLabel(target.period),
			prose: formatPeriodProse(target.period)
		},
		partnerChoices: target.partnerChoices,
		quarterChoices: target.quarterChoices,
		state: target.partner ? submissionState(locals, target.partner, target.period) : null,
		check: {
			framework: frameworkForBrowser(fw),
			partnerId: target.partner?.id ?? null,
			period: target.period,
			lockedKeys: lockedKeysFor(locals, target.partner),
			today: locals.services.now().toISOString(),
			maxBytes: locals.services.config.maxUploadBytes,
			uploaderIsPartner: target.partnerChoices.length === 0
		}
	};
};

export const actions: Actions = {
	preview: async (event) => {
		const target = resolveSubmitTarget(event.locals, event.url, event.locals.principal);
		return runUploadAction(event, event.locals.principal, target, true);
	},
	commit: async (event) => {
		const target = resolveSubmitTarget(event.locals, event.url, event.locals.principal);
		const result = await runUploadAction(event, event.locals.principal, target, false);
		if ('status' in result) return result;
		const partner = target.partner?.code ?? result.summary?.changes[0]?.partnerCode;
		if (partner && new Set(result.summary?.changes.map((c) => c.partnerCode)).size === 1)
			redirect(
				303,
				`/submissions/${partner.toLowerCase()}/${formatPeriodSlug(target.period)}?submitted=${result.uploadId ?? 'unchanged'}`
			);
		redirect(303, `/submissions?submitted=${result.uploadId ?? 'unchanged'}`);
	}
};
