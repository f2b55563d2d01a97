import { error } from '@sveltejs/kit';

import { formatUkDateTime } from '$core/uk-time';
import { presentReport, reportPeriodFrom } from '$lib/server/board-report';
import type { PageServerLoad } from './$types';

/** An issued report exactly as it was frozen, whatever has changed since. */
export const load: PageServerLoad = ({ locals, params }) => {
	const period = reportPeriodFrom(locals, params.period);
	const id = Number(params.id);
	const issued = Number.isInteger(id) ? locals.services.reports.reopen(id, locals.principal) : null;
	if (!issued || issued.row.year !== period.year || issued.row.quarter !== period.quarter)
		error(
			404,
			`There is no issued report ${params.id} for ${params.period}. The list of board reports shows every issued report.`
		);
	return {
		...presentReport(locals, issued.report),
		issued: {
			id: issued.row.id,
			issuedAt: formatUkDateTime(issued.row.issuedAt),
			issuedBy: issued.row.issuedBy,
			disclosurePassed: issued.disclosure?.passed ?? false
		}
	};
};
