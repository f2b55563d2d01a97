import { formatNumber } from '$core/format';
import { describeFundingYears } from '$core/funded-outcomes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const fw = locals.services.framework.load();
	return {
		streams: fw.fundingStreams.map((s) => ({
			id: s.id,
			code: s.code,
			name: s.name,
			funder: s.funder,
			amount: formatNumber('gbp', s.amountGbp),
			years: describeFundingYears(s),
			metrics: s.metricIds.length
		}))
	};
};
