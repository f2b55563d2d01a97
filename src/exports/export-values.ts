/**
 * The values export that every door shares (the API's export.csv and export.json, the download
 * links, `strategy-tracker export`): the same rows, the same reader rules as GET /api/v1/values.
 *
 * Who sees what: the coordinator and the funder (`view-partner-figures`) every partner's figures;
 * a partner user or token its own only. Small sensitive figures are hidden from all but the
 * coordinator exactly as the values API hides them (core/value-suppression.ts), a partner's own
 * excepted; a comment only to whoever may open that partner's submissions.
 */
import { can, canActForPartner, principalPartnerId, type Principal } from '../core/access.js';
import type { Area, Framework, Metric, Partner } from '../core/framework.js';
import { formatPeriodLabel, formatPeriodSlug, type Period } from '../core/periods.js';
import { SUPPRESSED_SYMBOL, suppressionNote, suppressionPolicyFor } from '../core/suppression.js';
import { createValueSuppression } from '../core/value-suppression.js';
import type { ExportedValue } from '../core/value-export.js';
import { createSubmissionStatuses, submissionKey } from '../db/submission-statuses.js';
import type { StoredValueRow, ValueFilter } from '../db/value-queries.js';
import type { Services } from '../services.js';

/** Rows read from the database at a time: memory stays bounded however large the export. */
export const EXPORT_PAGE_SIZE = 1000;

export interface ExportSelection {
	period?: Period;
	metric?: Metric;
	partner?: Partner;
	area?: Area;
}

/** A reader who may not have this export; the message says why, for the person. */
export class ExportRefusedError extends Error {
	override name = 'ExportRefusedError';
}

export interface ValueExport {
	/** Read lazily, a page at a time, as the CSV or JSON is written. */
	rows: Iterable<ExportedValue>;
	suppression: { symbol: string; note: string };
	/** `strategy-tracker-values-2025-26-q1-hp.csv`: what was chosen, for the download. */
	fileName(extension: 'csv' | 'json'): string;
}

/**
 * The export for `principal`, recorded in the audit log as asked for (figures leaving the
 * tracker are worth a trace); throws ExportRefusedError for a reader who may not have it.
 * @param ip where the request came from; empty from the command line
 */
export function exportValues(
	services: Services,
	framework: Framework,
	principal: Principal,
	selection: ExportSelection,
	ip = ''
): ValueExport {
	const seesAll = can(principal, 'view-partner-figures');
	const ownPartnerId = seesAll ? null : principalPartnerId(principal);
	if (!seesAll && (ownPartnerId === null || !can(principal, 'view-submissions')))
		throw new ExportRefusedError(
			'Your role does not show figures partner by partner, so there is nothing to export. The partnership’s figures are on the dashboards.'
		);
	if (ownPartnerId !== null && selection.partner && selection.partner.id !== ownPartnerId)
		throw new ExportRefusedError(
			`You can export only your own organisation’s figures, not ${selection.partner.code}’s.`
		);

	const filter: ValueFilter = {
		year: selection.period?.year,
		quarter: selection.period?.quarter,
		metricId: selection.metric?.id,
		partnerId: selection.partner?.id ?? ownPartnerId ?? undefined,
		areaCode: selection.area?.code
	};
	services.audit({
		actorUserId: principal.kind === 'user' ? principal.userId : null,
		actorLabel: principal.kind === 'anonymous' ? 'anonymous' : principal.label,
		ip,
		action: 'values.export',
		entityType: 'values',
		partnerId: filter.partnerId ?? null,
		detail: describeSelection(selection)
	});
	const { policy, hidden } = valueSuppressionFor(services, framework, principal, ownPartnerId);
	const metrics = new Map(framework.metrics.map((m) => [m.id, m]));
	const partners = new Map(framework.partners.map((p) => [p.id, p]));

	function* rows(): Generator<ExportedValue> {
		const statuses = createSubmissionStatuses(services.db).findStatuses(filter);
		let last: StoredValueRow | null = null;
		for (;;) {
			const page = services.values.findAfter(filter, last, EXPORT_PAGE_SIZE);
			for (const row of page) {
				const metric = metrics.get(row.metricId);
				// A figure whose metric cannot be looked up cannot be judged, so it is not shown.
				const suppressed = metric ? hidden(metric, row) : policy.applies;
				yield {
					metric: row.metricCode,
					metricName: metric?.name ?? '',
					partner: row.partnerCode,
					partnerName: partners.get(row.partnerId)?.name ?? '',
					area: row.areaCode,
					period: formatPeriodLabel({
						year: row.year,
						quarter: row.quarter as Period['quarter']
					}),
					kind: row.kind,
					value: suppressed ? null : row.kind === 'nil' ? 0 : row.value,
					suppressed,
					// Every import marks its quarter submitted (db/figures.ts), so a figure without a
					// submission can only predate the review workflow: it was sent, never reviewed.
					submissionStatus:
						statuses.get(submissionKey(row.partnerId, row.year, row.quarter)) ?? 'submitted',
					comment: canActForPartner(principal, row.partnerId, 'view-submissions')
						? row.comment
						: null,
					revisionId: row.revisionId,
					uploadId: row.uploadId,
					source: row.source,
					uploadedAt: row.uploadedAt
				};
			}
			if (page.length < EXPORT_PAGE_SIZE) return;
			last = page[page.length - 1]!;
		}
	}

	return {
		rows: { [Symbol.iterator]: rows },
		suppression: { symbol: SUPPRESSED_SYMBOL, note: suppressionNote(policy.threshold) },
		fileName(extension) {
			const ownCode =
				ownPartnerId === null ? undefined : partners.get(ownPartnerId)?.code.toLowerCase();
			const parts = [
				'strategy-tracker-values',
				selection.period ? formatPeriodSlug(selection.period) : 'all-quarters',
				selection.partner?.code.toLowerCase() ?? ownCode,
				selection.metric?.code.toLowerCase().replace('.', '-'),
				selection.area?.code.toLowerCase()
			];
			return `${parts.filter(Boolean).join('-')}.${extension}`;
		}
	};
}

/** "2025-26 Q1, partner HP, metric P1.01, area HULL", or "every quarter". */
function describeSelection(selection: ExportSelection): string {
	const parts = [
		selection.period ? formatPeriodLabel(selection.period) : 'every quarter',
		selection.partner && `partner ${selection.partner.code}`,
		selection.metric && `metric ${selection.metric.code}`,
		selection.area && `area ${selection.area.code}`
	];
	return parts.filter(Boolean).join(', ');
}

/**
 * Which stored figures are hidden from `principal` when listed one by one (value-suppression.ts):
 * the values API and the exports decide it alike, over every quarter a reader may choose.
 */
export function valueSuppressionFor(
	services: Services,
	framework: Framework,
	principal: Principal,
	ownPartnerId: number | null
) {
	const policy = suppressionPolicyFor(principal, services.config.suppressionThreshold);
	const periods = services.periods(framework).all;
	const hidden = createValueSuppression({
		framework,
		periods,
		policy,
		ownPartnerId,
		figuresOf: (m) =>
			services.figureQueries.findForMetric(
				m.id,
				periods[0]?.year ?? 0,
				periods[periods.length - 1]?.year ?? 0
			)
	});
	return { policy, hidden };
}
