/**
 * The import summary (SPEC §4): what an upload did or would do, and every problem found, each
 * naming its row (as the spreadsheet numbers it), column and value. The web page, the API and the
 * CLI all show this same object.
 */
import type { FigureState } from './figure-changes.js';

export interface ImportIssue {
	/** The row as the spreadsheet numbers it (header = 1); null for a problem with the whole file. */
	row: number | null;
	/** The column's header as the file spells it (or the period, in the wide format). */
	column: string | null;
	value: string | null;
	code: string;
	message: string;
}

export interface ImportChange {
	row: number;
	column: string;
	partnerCode: string;
	metricCode: string;
	areaCode: string;
	period: string;
	type: 'created' | 'updated' | 'unchanged';
	before: FigureState | null;
	after: FigureState;
}

export interface ImportSummary {
	ok: boolean;
	dryRun: boolean;
	/** Data rows read (not counting the header or blank rows). */
	rows: number;
	created: number;
	updated: number;
	unchanged: number;
	/** Cells that held no figure (an empty value means "not reported") and total rows. */
	skipped: number;
	/** The first MAX_LISTED_ISSUES problems, then one that counts the rest by kind. */
	errors: ImportIssue[];
	/** How many problems were found in all. */
	errorCount: number;
	warnings: ImportIssue[];
	/** What happens to each figure, in file order; empty when the file is rejected. */
	changes: ImportChange[];
}

/** "Row 7, value: …" — every row-level message starts by saying where to look. */
export function issueAt(
	row: number | null,
	column: string | null,
	value: string | null,
	code: string,
	detail: string
): ImportIssue {
	const where = row === null ? '' : column === null ? `Row ${row}: ` : `Row ${row}, ${column}: `;
	return { row, column, value, code, message: where + detail };
}

export function fileIssue(code: string, message: string): ImportIssue {
	return { row: null, column: null, value: null, code, message };
}

/**
 * How many problems an import lists. A file with a mistake on every one of 200,000 rows would
 * otherwise answer with 40 MB of messages nobody reads: the first thousand show what is wrong,
 * and the rest are counted by kind.
 */
export const MAX_LISTED_ISSUES = 1000;

/** Problems as they are found: the first MAX_LISTED_ISSUES kept, the rest counted by code. */
export class IssueList {
	private readonly kept: ImportIssue[] = [];
	private readonly unlisted = new Map<string, number>();
	private total = 0;

	push(issue: ImportIssue): void {
		this.total += 1;
		if (this.kept.length < MAX_LISTED_ISSUES) this.kept.push(issue);
		else this.unlisted.set(issue.code, (this.unlisted.get(issue.code) ?? 0) + 1);
	}

	/** Every problem found, listed or not. */
	get length(): number {
		return this.total;
	}

	some(test: (issue: ImportIssue) => boolean): boolean {
		return this.kept.some(test);
	}

	/** The problems listed, and, when there were more, one that says how many of each kind. */
	listed(): ImportIssue[] {
		if (this.unlisted.size === 0) return [...this.kept];
		const more = this.total - this.kept.length;
		const kinds = [...this.unlisted]
			.sort((a, b) => b[1] - a[1])
			.map(([code, n]) => `${n.toLocaleString('en-GB')} ${code}`)
			.join(', ');
		return [
			...this.kept,
			fileIssue(
				'more-problems',
				`And ${more.toLocaleString('en-GB')} more problems not listed (${kinds}). Only the first ${MAX_LISTED_ISSUES.toLocaleString('en-GB')} are listed: fix those, which are likely the same few mistakes, and check the file again.`
			)
		];
	}
}

export function rejectedSummary(
	dryRun: boolean,
	rows: number,
	skipped: number,
	errors: ImportIssue[],
	warnings: ImportIssue[],
	errorCount = errors.length
): ImportSummary {
	return {
		ok: false,
		dryRun,
		rows,
		created: 0,
		updated: 0,
		unchanged: 0,
		skipped,
		errors,
		errorCount,
		warnings,
		changes: []
	};
}

/** The summary in one line, for the CLI, logs and the audit trail. */
export function describeSummary(s: ImportSummary): string {
	if (!s.ok) {
		const n = s.errorCount;
		const problems = `${n} ${n === 1 ? 'problem' : 'problems'} to fix`;
		return s.dryRun ? `Rejected: ${problems}.` : `Rejected: ${problems}; nothing was stored.`;
	}
	const verb = s.dryRun ? 'would be' : 'were';
	return (
		`${s.rows} ${s.rows === 1 ? 'row' : 'rows'} read: ${s.created} ${verb} created, ` +
		`${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped.`
	);
}
