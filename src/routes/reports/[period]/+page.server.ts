import { redirect } from '@sveltejs/kit';

import { can } from '$core/access';
import { actorOf } from '$lib/server/admin';
import {
	presentIssues,
	presentReport,
	reportPeriodFrom,
	requireIssuer
} from '$lib/server/board-report';
import type { Actions, PageServerLoad } from './$types';

/** The live board report for a quarter: today's figures, as this reader may see them. */
export const load: PageServerLoad = ({ locals, params }) => {
	const period = reportPeriodFrom(locals, params.period);
	const report = locals.services.reports.build(locals.framework(), period, locals.principal);
	return {
		...presentReport(locals, report),
		issues: presentIssues(locals, period),
		canIssue: can(locals.principal, 'issue-board-reports')
	};
};

export const actions: Actions = {
	/** Freezes the report as it stands and opens the issued copy. */
	issue: (event) => {
		const period = reportPeriodFrom(event.locals, event.params.period);
		requireIssuer(event, period);
		const id = event.locals.services.reports.issue(
			event.locals.framework(),
			period,
			actorOf(event)
		);
		redirect(303, `/reports/${event.params.period}/issued/${id}`);
	}
};
