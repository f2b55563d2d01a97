import { error } from '@sveltejs/kit';

import { formatPeriodLabel } from '$core/periods';
import { templateResponse } from '$lib/server/template-download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => {
	const principal = locals.services.auth.resolveSubmissionLink(params.token);
	if (!principal || principal.kind !== 'link')
		error(404, 'This link does not work: ask the partnership coordinator for a new one.');
	return templateResponse(locals, principal, null, formatPeriodLabel(principal.period));
};
