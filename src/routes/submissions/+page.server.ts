import { principalPartnerId } from '$core/access';
import { formatPeriodLabel, formatPeriodSlug, type Period } from '$core/periods';
import { partnerForHistory } from '$lib/server/submission-access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const fw = locals.framework();
	const own = principalPartnerId(locals.principal);
	const code = url.searchParams.get('partner');
	const chosen = code ? partnerForHistory(locals, locals.principal, code) : null;
	const partnerId = own ?? chosen?.id ?? null;
	const names = new Map(fw.partners.map((p) => [p.id, p]));
	return {
		isPartner: own !== null,
		partnerName: partnerId === null ? null : (names.get(partnerId)?.name ?? null),
		partnerChoices:
			own === null ? fw.partners.map((p) => ({ code: p.code.toLowerCase(), name: p.name })) : [],
		chosen: chosen?.code.toLowerCase() ?? '',
		submissions: locals.services.history.listSubmissions(partnerId).map((s) => {
			const period = { year: s.year, quarter: s.quarter as Period['quarter'] };
			const partner = names.get(s.partnerId)!;
			return {
				href: `/submissions/${partner.code.toLowerCase()}/${formatPeriodSlug(period)}`,
				partner: partner.name,
				quarter: formatPeriodLabel(period),
				status: s.status,
				lastSubmittedAt: s.lastSubmittedAt,
				reason: s.reason
			};
		})
	};
};
