import { error, type RequestEvent } from '@sveltejs/kit';

import { can } from '$core/access';
import type { BoardReport } from '$core/board-report';
import { echoInput } from '$core/echo';
import { formatPeriodProse, formatPeriodSlug, parsePeriodSlug, type Period } from '$core/periods';
import { summariseReport } from '$core/report-summary';
import { suppressionNote } from '$core/suppression';
import { formatUkDateTime } from '$core/uk-time';
import { clientAddress } from './request';

/** The quarter in a report's address, which must be one the strategy has figures for. */
export function reportPeriodFrom(locals: App.Locals, slug: string): Period {
	const framework = locals.framework();
	const period = parsePeriodSlug(slug);
	const known = locals.services
		.periods(framework)
		.all.some((p) => period && p.year === period.year && p.quarter === period.quarter);
	if (!period || !known)
		error(
			404,
			`There is no board report for "${echoInput(slug)}". Choose a quarter from the list of reports.`
		);
	return period;
}

/** What the report document shows: the report as the reader may see it, and its words. */
export function presentReport(locals: App.Locals, report: BoardReport) {
	return {
		report,
		summary: summariseReport(report),
		periodProse: formatPeriodProse(report.period),
		periodSlug: formatPeriodSlug(report.period),
		suppressionNote: suppressionNote(locals.services.config.suppressionThreshold)
	};
}

/** The issues of a quarter's report, newest first, for links and the "issued" notice. */
export function presentIssues(locals: App.Locals, period: Period) {
	return locals.services.reports
		.list()
		.filter((r) => r.year === period.year && r.quarter === period.quarter)
		.map((r) => ({ id: r.id, issuedAt: formatUkDateTime(r.issuedAt), issuedBy: r.issuedBy }));
}

/** Refuses, and audits, an attempt to issue a report by someone who may not. */
export function requireIssuer(event: RequestEvent, period: Period): void {
	const { locals } = event;
	if (can(locals.principal, 'issue-board-reports')) return;
	locals.services.audit({
		actorUserId: locals.user?.id ?? null,
		actorLabel: locals.user?.email ?? 'anonymous',
		ip: clientAddress(event),
		action: 'board-report.issue',
		outcome: 'refused',
		entityType: 'board_report',
		after: { year: period.year, quarter: period.quarter }
	});
	error(403, 'Only the coordinator can issue a board report.');
}
