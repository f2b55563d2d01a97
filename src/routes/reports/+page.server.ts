import { formatPeriodLabel, formatPeriodProse, formatPeriodSlug } from '$core/periods';
import { formatUkDateTime } from '$core/uk-time';
import type { PageServerLoad } from './$types';

/** Every quarter's report, newest first, and each issued copy. */
export const load: PageServerLoad = ({ locals }) => {
	const framework = locals.framework();
	const issues = locals.services.reports.list();
	return {
		quarters: [...locals.services.periods(framework).all].reverse().map((p) => ({
			slug: formatPeriodSlug(p),
			label: formatPeriodLabel(p),
			prose: formatPeriodProse(p),
			issues: issues
				.filter((r) => r.year === p.year && r.quarter === p.quarter)
				.map((r) => ({
					id: r.id,
					issuedAt: formatUkDateTime(r.issuedAt),
					issuedBy: r.issuedBy
				}))
		}))
	};
};
