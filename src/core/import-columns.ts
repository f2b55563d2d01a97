/**
 * Reading the header row of an upload (SPEC §4): which column is which, whatever the case,
 * spacing or the obvious synonym, and whether the file is in the long format (one row per
 * figure, with a `value` column) or the wide format (one column per quarter).
 */
import { formatPeriodLabel, parsePeriodLabel, type Period } from './periods.js';

export type ColumnName = 'metric_code' | 'value' | 'period' | 'partner_code' | 'area' | 'comment';

export interface PeriodColumn {
	index: number;
	header: string;
	period: Period;
}

export interface HeaderIssue {
	code: 'missing-column' | 'duplicate-column' | 'bad-period-column' | 'ignored-columns';
	column: string | null;
	message: string;
}

export interface ImportColumns {
	layout: 'long' | 'wide';
	/** Index of each recognised column, and its header as the file spells it. */
	columns: Partial<Record<ColumnName, { index: number; header: string }>>;
	periodColumns: PeriodColumn[];
	errors: HeaderIssue[];
	warnings: HeaderIssue[];
}

const SYNONYMS: Record<ColumnName, string[]> = {
	metric_code: ['metric_code', 'metric', 'code', 'metric_id', 'indicator', 'indicator_code'],
	value: ['value', 'figure', 'actual', 'result'],
	period: ['period', 'quarter', 'reporting_period', 'period_label', 'financial_quarter'],
	partner_code: ['partner_code', 'partner', 'organisation', 'organisation_code', 'org', 'org_code'],
	area: ['area', 'area_code', 'local_authority', 'location'],
	comment: ['comment', 'comments', 'note', 'notes']
};

const BY_SYNONYM = new Map<string, ColumnName>(
	Object.entries(SYNONYMS).flatMap(([name, words]) => words.map((w) => [w, name as ColumnName]))
);

/** How a header is compared: case, spaces, hyphens, dots and underscores do not matter. */
export function normaliseHeader(header: string): string {
	return header
		.normalize('NFKC')
		.replace(/[\u200B\uFEFF]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s_.-]+/g, '_')
		.replace(/^_|_$/g, '');
}

/** Headers that might be a quarter someone mistyped, rather than an ordinary extra column. */
const LOOKS_LIKE_PERIOD = /(\b|_)(q[1-4]|fy)|(19|20)\d\d|\d\d\/\d\d|\b(jan|apr|jul|oct)/i;

/** `headerRow` is the header's row in the spreadsheet, for the messages (1 unless blank rows lead). */
export function readImportColumns(header: string[], headerRow = 1): ImportColumns {
	const columns: ImportColumns['columns'] = {};
	const periodColumns: PeriodColumn[] = [];
	const errors: HeaderIssue[] = [];
	const ignored: string[] = [];
	const badPeriodColumns: HeaderIssue[] = [];

	header.forEach((raw, index) => {
		const text = raw.trim();
		if (text === '') return;
		const name = BY_SYNONYM.get(normaliseHeader(text));
		if (name) {
			const earlier = columns[name];
			if (earlier) {
				errors.push({
					code: 'duplicate-column',
					column: text,
					message:
						`Columns ${columnLetter(earlier.index)} ("${earlier.header}") and ` +
						`${columnLetter(index)} ("${text}") are both the ${name} column. Keep one of them.`
				});
			} else columns[name] = { index, header: text };
			return;
		}
		const period = parsePeriodLabel(text);
		if (period.ok) {
			const same = periodColumns.find(
				(p) => p.period.year === period.period.year && p.period.quarter === period.period.quarter
			);
			if (same) {
				errors.push({
					code: 'duplicate-column',
					column: text,
					message:
						`Columns ${columnLetter(same.index)} ("${same.header}") and ` +
						`${columnLetter(index)} ("${text}") are both ${formatPeriodLabel(period.period)}. ` +
						'Keep one of them.'
				});
			} else periodColumns.push({ index, header: text, period: period.period });
			return;
		}
		if (LOOKS_LIKE_PERIOD.test(text)) {
			badPeriodColumns.push({
				code: 'bad-period-column',
				column: text,
				message: `Column ${columnLetter(index)} ("${text}"): ${period.message}`
			});
		}
		ignored.push(text);
	});

	const layout = columns.value || periodColumns.length === 0 ? 'long' : 'wide';
	const warnings: HeaderIssue[] = [];
	// Without a value column, a header that nearly names a quarter is a quarter mistyped.
	if (!columns.value && badPeriodColumns.length > 0) {
		errors.push(...badPeriodColumns);
		const bad = new Set(badPeriodColumns.map((b) => b.column));
		ignored.splice(0, ignored.length, ...ignored.filter((h) => !bad.has(h)));
	}
	if (layout === 'long' && periodColumns.length > 0)
		ignored.push(...periodColumns.map((p) => p.header));
	if (ignored.length > 0) {
		warnings.push({
			code: 'ignored-columns',
			column: null,
			message: `These columns are not imported: ${ignored.map((h) => `"${h}"`).join(', ')}.`
		});
	}

	if (!columns.metric_code) {
		errors.push({
			code: 'missing-column',
			column: 'metric_code',
			message:
				`The header row (row ${headerRow}) has no metric_code column, so we cannot tell which figure is ` +
				'which. Start from the template, or name the column with the metric codes "metric_code".'
		});
	}
	if (layout === 'long' && !columns.value) {
		errors.push({
			code: 'missing-column',
			column: 'value',
			message:
				`The header row (row ${headerRow}) has no value column. Name the column with the figures ` +
				'"value", or give each quarter its own column headed with the quarter (e.g. "2025-26 Q1").'
		});
	}
	return {
		layout,
		columns,
		periodColumns: layout === 'wide' ? periodColumns : [],
		errors,
		warnings
	};
}

/** The spreadsheet's letter for a column: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
	let letters = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
		letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}
