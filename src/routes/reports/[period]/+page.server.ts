import { fail, redirect } from '@sveltejs/kit';

import { can } from '$core/access';
import { actorOf } from '$lib/server/admin';
import {
	isDisclosureCheckError,
	presentDisclosureCheck,
	presentIssues,
	presentReport,
	reportPeriodFrom,
	requireIssuer
} from '$lib/server/board-report';
import type { Actions, PageServerLoad } from './$types';

/**
 * The live board report for a quarter: today's figures, as every reader of the report will see
 * them; to the coordinator, with the disclosure check it must pass to be issued.
 */
export const load: PageServerLoad = ({ locals, params }) => {
	const period = reportPeriodFrom(locals, params.period);
	const framework = locals.framework();
	const report = locals.services.reports.build(framework, period);
	const canIssue = can(locals.principal, 'issue-board-reports');
	return {
		...presentReport(locals, report),
		issues: presentIssues(locals, period),
		canIssue,
		disclosure: canIssue
			? presentDisclosureCheck(locals.services.reports.checkDisclosure(framework))
			: null
	};
};

export const actions: Actions = {
	/** Freezes the report as it stands and opens the issued copy. */
	issue: (event) => {
		const period = reportPeriodFrom(event.locals, event.params.period);
		requireIssuer(event, period);
		let id: number;
		try {
			id = event.locals.services.reports.issue(event.locals.framework(), period, actorOf(event));
		} catch (error) {
			if (isDisclosureCheckError(error)) return fail(409, { issueError: error.message });
			throw error;
		}
		redirect(303, `/reports/${event.params.period}/issued/${id}`);
	}
};
