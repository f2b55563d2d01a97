/**
 * The values export (SPEC §5, §7): every stored figure in long format, one row per partner,
 * metric, area and quarter, with where it came from and where its quarter's submission stands.
 * The same rows go out as CSV (the download, `GET /api/v1/export.csv`, `strategy-tracker export`)
 * and as JSON (`GET /api/v1/export.json`, `--format json`), written a row at a time so that an
 * export of any size is never held in memory whole.
 */
import { formatCsvRow } from './csv-write.js';
import type { FigureKind, SubmissionStatus, UploadSource } from './framework.js';
import { SUPPRESSED_SYMBOL } from './suppression.js';

/** One exported figure, as the reader may see it. */
export interface ExportedValue {
	metric: string;
	metricName: string;
	partner: string;
	partnerName: string;
	area: string;
	/** `2025-26 Q1`. */
	period: string;
	/** `value`, `nil` (a nil return: counts as 0) or `not_collected` (value null). */
	kind: FigureKind;
	/** Null when not collected, or when hidden from this reader (`suppressed`). */
	value: number | null;
	/** A small sensitive figure this reader may not see (SPEC §6): `[c]` in the CSV. */
	suppressed: boolean;
	/** Where the partner's return for the quarter stands in review. */
	submissionStatus: SubmissionStatus;
	/** The partner's comment on the figure; null for a reader who may not see its submissions. */
	comment: string | null;
	revisionId: number;
	uploadId: number;
	source: UploadSource;
	uploadedAt: string;
}

export const EXPORT_CSV_HEADER = [
	'metric_code',
	'metric_name',
	'partner_code',
	'partner_name',
	'area',
	'period',
	'kind',
	'value',
	'submission_status',
	'comment',
	'upload_id',
	'source',
	'uploaded_at',
	'revision_id'
] as const;

/** The status as people read it: `not started`, not `not_started`. */
export function describeSubmissionStatus(status: SubmissionStatus): string {
	return status.replace('_', ' ');
}

/** One CSV line (CRLF-terminated), every text cell neutralised against formula injection. */
export function formatExportCsvLine(row: ExportedValue): string {
	return (
		formatCsvRow([
			row.metric,
			row.metricName,
			row.partner,
			row.partnerName,
			row.area,
			row.period,
			row.kind,
			row.suppressed ? SUPPRESSED_SYMBOL : row.value,
			describeSubmissionStatus(row.submissionStatus),
			row.comment ?? '',
			row.uploadId,
			row.source,
			row.uploadedAt,
			row.revisionId
		]) + '\r\n'
	);
}

/**
 * The CSV a piece at a time: a byte-order mark and CRLF line ends, as the upload template has,
 * so that Excel on Windows reads names with accents and curly quotes as written.
 */
export function* formatExportCsv(rows: Iterable<ExportedValue>): Generator<string> {
	yield '\uFEFF' + formatCsvRow([...EXPORT_CSV_HEADER]) + '\r\n';
	for (const row of rows) yield formatExportCsvLine(row);
}

/** The JSON document a piece at a time: `{ "suppression": {…}, "values": [ … ] }`. */
export function* formatExportJson(
	rows: Iterable<ExportedValue>,
	suppression: { symbol: string; note: string }
): Generator<string> {
	yield `{"suppression":${JSON.stringify(suppression)},"values":[`;
	let first = true;
	for (const row of rows) {
		yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
		first = false;
	}
	yield first ? ']}\n' : '\n]}\n';
}
