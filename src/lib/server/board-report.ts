import { error, type RequestEvent } from '@sveltejs/kit';

import { can } from '$core/access';
import type { BoardReport } from '$core/board-report';
import { describeFinding } from '$core/disclosure/audit-readers';
import { echoInput } from '$core/echo';
import { formatPeriodProse, formatPeriodSlug, parsePeriodSlug, type Period } from '$core/periods';
import { summariseReport } from '$core/report-summary';
import { suppressionNote } from '$core/suppression';
import { formatUkDateTime } from '$core/uk-time';
import type { ReportDisclosureCheck } from '../../reports/board-report-service';
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
		suppressionNote: suppressionNote(locals.services.config.suppressionThreshold),
		// The report is what is circulated: its printout carries no "not for circulation" mark.
		circulated: true
	};
}

/**
 * Whether an issue was refused by its disclosure check. By name: the services are the server's
 * own build, so their error classes are not this bundle's.
 */
export function isDisclosureCheckError(error: unknown): error is Error {
	return error instanceof Error && error.name === 'DisclosureCheckError';
}

/** The disclosure check as the report page tells the coordinator. */
export function presentDisclosureCheck(check: ReportDisclosureCheck) {
	return {
		passed: check.passed,
		sentence: check.passed
			? `Disclosure check: passed. No hidden figure can be worked out to fewer than 3 possible values by the funder or a board member from this report and every page they can open (${check.grids} reader-by-metric tables checked in ${check.milliseconds} ms).`
			: `Disclosure check: failed. ${check.findings.length} hidden figure${check.findings.length === 1 ? '' : 's'} could be worked out too closely, so the report cannot be issued. Report this as a fault.`,
		findings: check.findings.map(describeFinding)
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
