import { error } from '@sveltejs/kit';

import type { Principal } from '$core/access';
import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '$core/periods';
import {
	confirmationText,
	frameworkForBrowser,
	lockedKeysFor,
	runUploadAction,
	submissionState
} from '$lib/server/submit';
import type { Actions, PageServerLoad } from './$types';

type LinkPrincipal = Extract<Principal, { kind: 'link' }>;

/** The link is its own authority: one partner, one quarter, until it expires or is revoked. */
function resolveLink(locals: App.Locals, token: string) {
	const principal = locals.services.auth.resolveSubmissionLink(token) as LinkPrincipal | null;
	if (!principal)
		error(
			404,
			'This link does not work: it may have expired or been revoked. Ask the partnership coordinator for a new one.'
		);
	const partner = locals.framework().partners.find((p) => p.id === principal.partnerId);
	if (!partner)
		error(404, 'This link does not work. Ask the partnership coordinator for a new one.');
	return { principal, partner, period: principal.period };
}

export const load: PageServerLoad = ({ locals, params, url }) => {
	const { partner, period } = resolveLink(locals, params.token);
	const state = submissionState(locals, partner, period);
	return {
		partner: { code: partner.code, name: partner.name },
		period: {
			slug: formatPeriodSlug(period),
			label: formatPeriodLabel(period),
			prose: formatPeriodProse(period)
		},
		state,
		templateHref: `${url.pathname.replace(/\/$/, '')}/template`,
		done: url.searchParams.has('submitted') ? confirmationText(partner, period) : null,
		check: {
			framework: frameworkForBrowser(locals.framework()),
			partnerId: partner.id,
			period,
			lockedKeys: lockedKeysFor(locals, partner),
			today: locals.services.now().toISOString(),
			maxBytes: locals.services.config.maxUploadBytes,
			uploaderIsPartner: true
		}
	};
};

export const actions: Actions = {
	preview: async (event) => {
		const link = resolveLink(event.locals, event.params.token);
		return runUploadAction(event, link.principal, link, true);
	},
	commit: async (event) => {
		const link = resolveLink(event.locals, event.params.token);
		const result = await runUploadAction(event, link.principal, link, false);
		if ('status' in result) return result;
		return { ...result, done: confirmationText(link.partner, link.period) };
	}
};
