/**
 * Checking an upload against the framework in one pass (SPEC §4 "Errors"): every row is read and
 * every problem collected, so a partner fixes the file once rather than once per error. The result
 * is the figures to store, or the reasons the file is refused; nothing here touches the database.
 *
 * The same function runs on the server (for the dry run and the commit) and in the browser (for
 * instant feedback while the file is chosen), so the two can never disagree.
 */
import { decodeCsvBytes } from './csv-decode.js';
import { parseCsvText, type CsvRow } from './csv-parse.js';
import type { FigureKey, FigureState } from './figure-changes.js';
import { readFigureValue } from './figure-value.js';
import type { Framework, Metric, Partner } from './framework.js';
import { fileIssue, issueAt, IssueList, type ImportIssue } from './import-issues.js';
import { columnLetter, readImportColumns, type ImportColumns } from './import-columns.js';
import { nearest } from './nearest.js';
import {
	comparePeriods,
	formatPeriodLabel,
	formatPeriodMonths,
	hasQuarterEnded,
	parsePeriodLabel,
	periodContainingDate,
	type Period,
	type PeriodParseResult
} from './periods.js';

export interface ImportContext {
	framework: Framework;
	/**
	 * The partner the upload is for, when the door fixes one: a partner's own upload, a token or a
	 * link, or the partner the coordinator chose. Rows may then name only this partner.
	 */
	partner: Partner | null;
	/** The quarter the upload is for, when one was chosen; rows may then name only this quarter. */
	period: Period | null;
	/** Whether the uploader is a partner (or its token or link), for wording refusals. */
	uploaderIsPartner: boolean;
	today: Date | string;
	/** Whether the quarter is closed to the partner (approved and not reopened). */
	isLocked(partnerId: number, period: Period): boolean;
	maxRows: number;
}

export interface ImportFigure extends FigureKey, FigureState {
	sourceRow: number;
	column: string;
	partnerCode: string;
	metricCode: string;
	period: Period;
}

export interface ValidatedImport {
	rows: number;
	figures: ImportFigure[];
	skipped: number;
	/** The first MAX_LISTED_ISSUES problems, and one that counts the rest by kind. */
	errors: ImportIssue[];
	/** Every problem found, listed or not. */
	errorCount: number;
	warnings: ImportIssue[];
}

/** Figures in a form or table may say "Total": the app works totals out itself. */
const TOTAL_ROW = /^((grand|sub)[\s-]*)?totals?:?$/i;
export const MAX_COMMENT_LENGTH = 1000;
export const DEFAULT_MAX_ROWS = 200_000;

/**
 * How many rows are checked between pauses. A server checking a large file in one go answers no
 * one else meanwhile (a 190,000-row file held every request for seconds); between slices of this
 * size other requests get their turn, each slice taking a few milliseconds.
 */
const SLICE_ROWS = 2000;

/** A check that pauses between slices of rows, and ends with its result. */
type CheckSteps = Generator<void, ValidatedImport, void>;

function runToEnd(steps: CheckSteps): ValidatedImport {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/** Decodes, parses and validates the bytes of an uploaded file. */
export function validateImportFile(
	bytes: Uint8Array,
	maxBytes: number,
	context: ImportContext
): ValidatedImport {
	return runToEnd(fileSteps(bytes, maxBytes, context));
}

/**
 * validateImportFile, awaiting `pause` between slices of rows, so that a server can answer other
 * requests while a large file is checked (it passes a pause that lets the event loop run).
 */
export async function validateImportFileInSlices(
	bytes: Uint8Array,
	maxBytes: number,
	context: ImportContext,
	pause: () => Promise<void>
): Promise<ValidatedImport> {
	return runWithPauses(fileSteps(bytes, maxBytes, context), pause);
}

async function runWithPauses(
	steps: CheckSteps,
	pause: () => Promise<void>
): Promise<ValidatedImport> {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		await pause();
	}
}

function* fileSteps(bytes: Uint8Array, maxBytes: number, context: ImportContext): CheckSteps {
	const decoded = decodeCsvBytes(bytes, maxBytes);
	if (!decoded.ok) return rejected([fileIssue(decoded.code, decoded.message)]);
	const result = yield* textSteps(decoded.text, context);
	if (decoded.warning) result.warnings.unshift(fileIssue('encoding', decoded.warning));
	return result;
}

export function validateImportText(text: string, context: ImportContext): ValidatedImport {
	return runToEnd(textSteps(text, context));
}

function* textSteps(text: string, context: ImportContext): CheckSteps {
	const parsed = parseCsvText(text);
	if (!parsed.ok) {
		return rejected([{ ...fileIssue(parsed.code, parsed.message), row: parsed.row }]);
	}
	if (parsed.rows.length > context.maxRows) {
		return rejected([
			fileIssue(
				'too-many-rows',
				`The file has ${parsed.rows.length.toLocaleString('en-GB')} rows, more than the ` +
					`${context.maxRows.toLocaleString('en-GB')} one upload may hold. Split it into smaller files.`
			)
		]);
	}
	const columns = readImportColumns(parsed.header.cells, parsed.header.rowNumber);
	const warnings: ImportIssue[] = columns.warnings.map((w) => fileIssue(w.code, w.message));
	if (columns.errors.length > 0) {
		const titled = findHeaderBelow(parsed.header, parsed.rows);
		if (titled) return { ...rejected([titled.issue]), rows: titled.dataRows };
		return {
			...rejected(
				columns.errors.map((e) => ({
					...issueAt(null, e.column, null, e.code, e.message),
					row: parsed.header.rowNumber
				}))
			),
			rows: parsed.rows.length,
			warnings
		};
	}
	return yield* new RowValidator(context, columns, parsed.header, warnings).steps(parsed.rows);
}

/**
 * A title (or a few lines of notes) above the header is the commonest reason the header is not
 * recognised: find the real header within the first rows, so the message can say where it is.
 */
function findHeaderBelow(
	first: CsvRow,
	rows: CsvRow[]
): { issue: ImportIssue; dataRows: number } | null {
	const index = rows
		.slice(0, 10)
		.findIndex((r) => readImportColumns(r.cells).errors.every((e) => e.code !== 'missing-column'));
	if (index === -1) return null;
	const header = rows[index]!;
	const title = first.cells.find((c) => c.trim() !== '')!.trim();
	const shown = title.length > 60 ? `${title.slice(0, 60)}…` : title;
	return {
		issue: issueAt(
			first.rowNumber,
			null,
			title,
			'header-not-first',
			`"${shown}" is above the header row, which is row ${header.rowNumber}. The header must be the ` +
				'first row: delete the rows above it and upload the file again.'
		),
		dataRows: rows.length - index - 1
	};
}

function rejected(errors: ImportIssue[]): ValidatedImport {
	return { rows: 0, figures: [], skipped: 0, errors, errorCount: errors.length, warnings: [] };
}

class RowValidator {
	private readonly errors = new IssueList();
	private readonly suggestions = new Map<string, string | null>();
	private readonly figures: ImportFigure[] = [];
	private skipped = 0;
	private readonly seen = new Map<string, number>();
	private readonly periodCache = new Map<string, PeriodParseResult>();
	/**
	 * What is wrong with a quarter for a partner (null: nothing), by quarter then partner. A file
	 * names few quarters and partners, and the check works out today's quarter in UK time.
	 */
	private readonly periodProblems = new Map<
		Period,
		Map<Partner | null, { code: string; message: string } | null>
	>();
	/** The area a row without one gets when the partner reports the metric partnership-wide. */
	private readonly defaultArea: string;
	/** The areas each partner reports each metric for, by metric id then partner id, as read. */
	private readonly reportedAreas = new Map<number, Map<number, string[]>>();
	/** The areas by code and by name, upper-cased, as a row may give either. */
	private areasByName: Map<string, string> | undefined;
	private readonly metricsByCode: Map<string, Metric>;
	private readonly partnersByCode: Map<string, Partner>;
	private readonly strategyStart: Period;

	constructor(
		private readonly context: ImportContext,
		private readonly columns: ImportColumns,
		private readonly header: CsvRow,
		private readonly warnings: ImportIssue[]
	) {
		const fw = context.framework;
		this.metricsByCode = new Map(fw.metrics.map((m) => [m.code.toUpperCase(), m]));
		this.partnersByCode = new Map(fw.partners.map((p) => [p.code.toUpperCase(), p]));
		this.strategyStart = periodContainingDate(fw.strategy.startsOn);
		this.defaultArea = fw.areas.find((a) => a.partnershipWide)?.code ?? 'HUMBER';
	}

	/** The check, pausing (yield) after every SLICE_ROWS rows: see validateImportFileInSlices. */
	*steps(rows: CsvRow[]): CheckSteps {
		if (rows.length === 0) {
			this.errors.push(
				fileIssue(
					'no-rows',
					'The file has a header row but no figures under it. Add a row for each figure (the ' +
						'template lists them) and upload the file again.'
				)
			);
			return this.result(0);
		}
		if (!this.context.partner && !this.columns.columns.partner_code) {
			this.errors.push(
				fileIssue(
					'partner-missing',
					'Say which partner these figures are for: choose the partner, or add a ' +
						'partner_code column with each row’s partner code.'
				)
			);
		}
		if (this.columns.layout === 'long' && !this.context.period && !this.columns.columns.period) {
			this.errors.push(
				fileIssue(
					'period-missing',
					'Say which quarter these figures are for: choose the quarter, or add a period ' +
						'column (e.g. "2025-26 Q1").'
				)
			);
		}
		if (this.errors.length === 0) this.checkChosenPeriod();
		if (this.errors.length === 0) this.checkPeriodColumns();
		if (this.errors.length > 0) return this.result(rows.length);

		for (let i = 0; i < rows.length; i++) {
			this.readRow(rows[i]!);
			if ((i + 1) % SLICE_ROWS === 0) yield;
		}

		if (this.errors.length === 0 && this.figures.length === 0) {
			this.errors.push(
				fileIssue(
					'no-figures',
					'The file has no figures in it: every value cell is empty. Fill in the value ' +
						'column and upload the file again.'
				)
			);
		}
		return this.result(rows.length);
	}

	private result(rowCount: number): ValidatedImport {
		return {
			rows: rowCount,
			figures: this.errors.length > 0 ? [] : this.figures,
			skipped: this.skipped,
			errors: this.errors.listed(),
			errorCount: this.errors.length,
			warnings: this.warnings
		};
	}

	/**
	 * The quarter chosen for the whole upload is checked once, not on every row: if it has not
	 * ended, is before the strategy or is closed for the partner, no row can be right.
	 */
	private checkChosenPeriod(): void {
		const chosen = this.context.period;
		if (!chosen) return;
		const problem = this.periodProblem(chosen, this.context.partner);
		if (problem) this.errors.push(fileIssue(problem.code, problem.message));
	}

	/** In the wide format each quarter column is checked once, at the header. */
	private checkPeriodColumns(): void {
		const chosen = this.context.period;
		for (const pc of this.columns.periodColumns) {
			if (chosen && comparePeriods(pc.period, chosen) !== 0) {
				this.errors.push(
					issueAt(
						this.header.rowNumber,
						pc.header,
						pc.header,
						'period-mismatch',
						`${formatPeriodLabel(pc.period)} is not the quarter this upload is for (${formatPeriodLabel(chosen)}). Remove the column, or upload without choosing a quarter.`
					)
				);
				continue;
			}
			const problem = this.periodProblem(pc.period, this.context.partner);
			if (problem)
				this.errors.push({
					...issueAt(this.header.rowNumber, pc.header, pc.header, problem.code, problem.message)
				});
		}
	}

	private cell(
		row: CsvRow,
		name: keyof ImportColumns['columns']
	): { text: string; column: string } | null {
		const col = this.columns.columns[name];
		if (!col) return null;
		return { text: (row.cells[col.index] ?? '').trim(), column: col.header };
	}

	private readRow(row: CsvRow): void {
		this.checkExtraCells(row);

		const code = this.cell(row, 'metric_code')!;
		if (TOTAL_ROW.test(code.text)) {
			this.skipped += this.columns.layout === 'wide' ? this.columns.periodColumns.length : 1;
			this.warnings.push(
				issueAt(
					row.rowNumber,
					null,
					code.text,
					'total-row',
					'this is a total row, so it was skipped: the app works out totals itself.'
				)
			);
			return;
		}
		// Each cell is checked even when another in the row is wrong, so one pass finds everything.
		const metric = this.readMetric(row, code);
		const partner = this.readPartner(row);
		const comment = this.readComment(row);
		const period = this.columns.layout === 'long' ? this.readRowPeriod(row, partner) : null;
		const areaCode = metric && partner ? this.readArea(row, metric, partner) : null;

		if (this.columns.layout === 'long') {
			const value = this.cell(row, 'value')!;
			if (!metric) return;
			const duplicate =
				partner !== null &&
				areaCode !== null &&
				period !== null &&
				this.isDuplicate(row, metric, partner, areaCode, period);
			const reading = this.readValue(row, metric, value.column, value.text);
			if (!partner || areaCode === null || period === null || duplicate) return;
			this.addFigure(row, metric, partner, areaCode, period, value.column, reading, comment);
		} else {
			if (!metric || !partner || areaCode === null) return;
			const duplicate = this.isDuplicate(row, metric, partner, areaCode, null);
			for (const pc of this.columns.periodColumns) {
				if (this.context.isLocked(partner.id, pc.period)) {
					this.errors.push(
						issueAt(
							row.rowNumber,
							pc.header,
							null,
							'locked-period',
							this.lockedMessage(partner, pc.period)
						)
					);
					continue;
				}
				const text = (row.cells[pc.index] ?? '').trim();
				const reading = this.readValue(row, metric, pc.header, text);
				if (!duplicate)
					this.addFigure(row, metric, partner, areaCode, pc.period, pc.header, reading, comment);
			}
		}
	}

	/**
	 * Two rows for the same figure are an error naming both, whatever their values: the partner
	 * must say which one is right. In the wide format a row holds every quarter of its figure.
	 */
	private isDuplicate(
		row: CsvRow,
		metric: Metric,
		partner: Partner,
		areaCode: string,
		period: Period | null
	): boolean {
		const when = period ? `${period.year}|${period.quarter}` : 'all';
		const key = `${partner.id}|${when}|${metric.id}|${areaCode}`;
		const earlier = this.seen.get(key);
		if (earlier === undefined) {
			this.seen.set(key, row.rowNumber);
			return false;
		}
		const whose = this.context.partner ? '' : ` (${partner.code})`;
		this.errors.push(
			issueAt(
				row.rowNumber,
				this.cell(row, 'metric_code')!.column,
				metric.code,
				'duplicate-row',
				`${metric.code} for ${areaCode}${period ? ` in ${formatPeriodLabel(period)}` : ''}${whose} ` +
					`is already on row ${earlier}. Keep one of the two rows.`
			)
		);
		return true;
	}

	private addFigure(
		row: CsvRow,
		metric: Metric,
		partner: Partner,
		areaCode: string,
		period: Period,
		column: string,
		reading: FigureState | 'absent' | null,
		comment: string
	): void {
		if (reading === null) return;
		if (reading === 'absent') {
			this.skipped += 1;
			return;
		}
		this.figures.push({
			metricId: metric.id,
			partnerId: partner.id,
			areaCode,
			year: period.year,
			quarter: period.quarter,
			period,
			kind: reading.kind,
			value: reading.value,
			comment,
			sourceRow: row.rowNumber,
			column,
			partnerCode: partner.code,
			metricCode: metric.code
		});
	}

	private readValue(
		row: CsvRow,
		metric: Metric,
		column: string,
		text: string
	): FigureState | 'absent' | null {
		const reading = readFigureValue(text, metric.unit);
		if (!reading.ok) {
			this.errors.push(issueAt(row.rowNumber, column, text, reading.code, reading.message));
			return null;
		}
		if (reading.kind === 'absent') {
			const comment = this.cell(row, 'comment');
			if (comment && comment.text !== '' && this.columns.layout === 'long') {
				this.warnings.push(
					issueAt(
						row.rowNumber,
						comment.column,
						comment.text,
						'comment-without-value',
						'there is a comment but no value, so the comment was not imported. Add the value, or write "not collected".'
					)
				);
			}
			return 'absent';
		}
		if (reading.warning)
			this.warnings.push(issueAt(row.rowNumber, column, text, 'not-collected', reading.warning));
		return { kind: reading.kind, value: reading.value, comment: '' };
	}

	private checkExtraCells(row: CsvRow): void {
		for (let i = this.header.cells.length; i < row.cells.length; i++) {
			const text = row.cells[i]!.trim();
			if (text === '') continue;
			this.errors.push(
				issueAt(
					row.rowNumber,
					`column ${columnLetter(i)}`,
					text,
					'extra-cells',
					`"${text}" is in a column with no header. Remove it, or give the column a header ` +
						'in row 1. (A comma inside a comment needs quotes around the whole comment.)'
				)
			);
			return;
		}
	}

	/**
	 * The metric a code that is not one probably meant, once per distinct code: a file with the
	 * same wrong code on every row would otherwise compare it with every metric on every row.
	 */
	private metricSuggestion(text: string): string | null {
		if (this.suggestions.has(text)) return this.suggestions.get(text)!;
		const byName = this.context.framework.metrics.find(
			(m) => m.name.toLowerCase() === text.toLowerCase()
		);
		const suggestion =
			byName?.code ??
			nearest(
				text.toUpperCase(),
				this.context.framework.metrics.map((m) => m.code),
				1
			);
		this.suggestions.set(text, suggestion ?? null);
		return suggestion ?? null;
	}

	private readMetric(row: CsvRow, code: { text: string; column: string }): Metric | null {
		if (code.text === '') {
			this.errors.push(
				issueAt(
					row.rowNumber,
					code.column,
					'',
					'metric-missing',
					'the metric code is empty. Give the code of the metric, e.g. "P1.03", from the template.'
				)
			);
			return null;
		}
		const metric = this.metricsByCode.get(code.text.toUpperCase());
		if (!metric) {
			const suggestion = this.metricSuggestion(code.text);
			this.errors.push(
				issueAt(
					row.rowNumber,
					code.column,
					code.text,
					'unknown-metric',
					`"${code.text}" is not a metric code in the framework.` +
						(suggestion
							? ` Did you mean ${suggestion}?`
							: ' Use the metric codes in the template, which look like "P1.03".')
				)
			);
			return null;
		}
		if (metric.status === 'retired') {
			this.errors.push(
				issueAt(
					row.rowNumber,
					code.column,
					code.text,
					'retired-metric',
					`${metric.code} (${metric.name}) is no longer collected. Remove the row.`
				)
			);
			return null;
		}
		return metric;
	}

	private readPartner(row: CsvRow): Partner | null {
		const cell = this.cell(row, 'partner_code');
		const fixed = this.context.partner;
		if (!cell || cell.text === '') {
			if (fixed) return fixed;
			if (cell)
				this.errors.push(
					issueAt(
						row.rowNumber,
						cell.column,
						'',
						'partner-missing',
						'the partner code is empty. Give the code of the partner whose figure this is.'
					)
				);
			return null;
		}
		const code = cell.text.toUpperCase();
		if (fixed) {
			if (code === fixed.code.toUpperCase() || code === fixed.name.toUpperCase()) return fixed;
			// Worded so that a partner learns nothing about whether another partner's code exists.
			this.errors.push(
				issueAt(
					row.rowNumber,
					cell.column,
					cell.text,
					'partner-mismatch',
					this.context.uploaderIsPartner
						? `"${cell.text}" is not your organisation’s code (${fixed.code}). You can only send figures for ${fixed.name}.`
						: `"${cell.text}" is not ${fixed.name} (${fixed.code}), the partner this upload is for. Remove the row, or upload it for its own partner.`
				)
			);
			return null;
		}
		const partner =
			this.partnersByCode.get(code) ??
			this.context.framework.partners.find((p) => p.name.toUpperCase() === code);
		if (!partner) {
			const suggestion = nearest(
				code,
				this.context.framework.partners.map((p) => p.code),
				1
			);
			this.errors.push(
				issueAt(
					row.rowNumber,
					cell.column,
					cell.text,
					'unknown-partner',
					`"${cell.text}" is not a partner code.` +
						(suggestion ? ` Did you mean ${suggestion}?` : ' Use the codes in the template.')
				)
			);
			return null;
		}
		if (!partner.active) {
			this.errors.push(
				issueAt(
					row.rowNumber,
					cell.column,
					cell.text,
					'inactive-partner',
					`${partner.name} is no longer an active partner. Remove its rows.`
				)
			);
			return null;
		}
		return partner;
	}

	private readArea(row: CsvRow, metric: Metric, partner: Partner): string | null {
		const reported = this.areasReported(metric, partner);
		if (reported.length === 0) {
			const code = this.cell(row, 'metric_code')!;
			this.errors.push(
				issueAt(
					row.rowNumber,
					code.column,
					code.text,
					'metric-not-reported',
					`${partner.name} does not report ${metric.code} (${metric.name}). Remove the row, or ask the coordinator if you now collect this figure.`
				)
			);
			return null;
		}
		const cell = this.cell(row, 'area');
		if (!cell || cell.text === '') {
			if (reported.length === 1) return reported[0]!;
			if (reported.includes(this.defaultArea)) return this.defaultArea;
			this.errors.push(
				issueAt(
					row.rowNumber,
					cell?.column ?? 'area',
					cell ? '' : null,
					'area-missing',
					`${metric.code} is reported by area (${reported.join(', ')}). Give the area of this figure, with one row per area.`
				)
			);
			return null;
		}
		const areaCode = this.areaNamed(cell.text);
		if (areaCode === undefined) {
			this.errors.push(
				issueAt(
					row.rowNumber,
					cell.column,
					cell.text,
					'unknown-area',
					`"${cell.text}" is not an area. Use one of ${this.context.framework.areas.map((a) => a.code).join(', ')}.`
				)
			);
			return null;
		}
		if (!reported.includes(areaCode)) {
			this.errors.push(
				issueAt(
					row.rowNumber,
					cell.column,
					cell.text,
					'area-not-reported',
					`${partner.name} reports ${metric.code} for ${reported.join(', ')}, not ${areaCode}. Check the area.`
				)
			);
			return null;
		}
		return areaCode;
	}

	/**
	 * Worked out once per metric for a whole file: a large file has thousands of rows per metric,
	 * and filtering every reporter of the metric for each of them showed up in its profile.
	 */
	private areasReported(metric: Metric, partner: Partner): string[] {
		let byPartner = this.reportedAreas.get(metric.id);
		if (!byPartner) {
			byPartner = new Map();
			for (const r of metric.reporters) {
				const areas = byPartner.get(r.partnerId);
				if (areas) areas.push(r.areaCode);
				else byPartner.set(r.partnerId, [r.areaCode]);
			}
			this.reportedAreas.set(metric.id, byPartner);
		}
		return byPartner.get(partner.id) ?? [];
	}

	/** The code of the area a cell names by its code or its name, any case. */
	private areaNamed(text: string): string | undefined {
		if (!this.areasByName) {
			this.areasByName = new Map();
			// Backwards, so that the first area that matches wins, as the framework's order would.
			for (const a of [...this.context.framework.areas].reverse()) {
				this.areasByName.set(a.name.toUpperCase(), a.code);
				this.areasByName.set(a.code.toUpperCase(), a.code);
			}
		}
		return this.areasByName.get(text.toUpperCase());
	}

	private readComment(row: CsvRow): string {
		const cell = this.cell(row, 'comment');
		if (!cell) return '';
		if (cell.text.length > MAX_COMMENT_LENGTH) {
			this.errors.push(
				issueAt(
					row.rowNumber,
					cell.column,
					`${cell.text.slice(0, 40)}…`,
					'comment-too-long',
					`the comment is ${cell.text.length.toLocaleString('en-GB')} characters long. Keep it to ${MAX_COMMENT_LENGTH.toLocaleString('en-GB')} characters or fewer.`
				)
			);
			return '';
		}
		// The apostrophe our exports put before a formula-like comment is not part of the comment.
		return /^'[=+\-@]/.test(cell.text) ? cell.text.slice(1) : cell.text;
	}

	private readRowPeriod(row: CsvRow, partner: Partner | null): Period | null {
		const cell = this.cell(row, 'period');
		const chosen = this.context.period;
		let period: Period;
		if (!cell || cell.text === '') {
			if (!chosen) {
				this.errors.push(
					issueAt(
						row.rowNumber,
						cell?.column ?? 'period',
						'',
						'period-missing',
						'the quarter is empty. Give the quarter, e.g. "2025-26 Q1".'
					)
				);
				return null;
			}
			period = chosen;
		} else {
			let parsed = this.periodCache.get(cell.text);
			if (!parsed) {
				parsed = parsePeriodLabel(cell.text);
				this.periodCache.set(cell.text, parsed);
			}
			if (!parsed.ok) {
				this.errors.push(
					issueAt(
						row.rowNumber,
						cell.column,
						cell.text,
						parsed.ambiguous ? 'ambiguous-period' : 'bad-period',
						parsed.message
					)
				);
				return null;
			}
			period = parsed.period;
			if (chosen && comparePeriods(period, chosen) !== 0) {
				this.errors.push(
					issueAt(
						row.rowNumber,
						cell.column,
						cell.text,
						'period-mismatch',
						`${formatPeriodLabel(period)} is not the quarter this upload is for (${formatPeriodLabel(chosen)}). Correct the quarter, or upload the row for its own quarter.`
					)
				);
				return null;
			}
		}
		const problem = this.periodProblem(period, partner);
		if (problem) {
			// With no quarter in the row, the chosen one is at fault (only ever for this partner).
			const inRow = cell !== null && cell.text !== '';
			this.errors.push(
				issueAt(
					row.rowNumber,
					inRow ? cell.column : null,
					inRow ? cell.text : null,
					problem.code,
					problem.message
				)
			);
			return null;
		}
		return period;
	}

	private periodProblem(
		period: Period,
		partner: Partner | null
	): { code: string; message: string } | null {
		let byPartner = this.periodProblems.get(period);
		if (!byPartner) this.periodProblems.set(period, (byPartner = new Map()));
		let problem = byPartner.get(partner);
		if (problem === undefined) {
			problem = this.findPeriodProblem(period, partner);
			byPartner.set(partner, problem);
		}
		return problem;
	}

	private findPeriodProblem(
		period: Period,
		partner: Partner | null
	): { code: string; message: string } | null {
		const label = formatPeriodLabel(period);
		if (!hasQuarterEnded(period, this.context.today)) {
			return {
				code: 'future-period',
				message: `${label} (${formatPeriodMonths(period)}) has not ended yet. Send its figures once the quarter is over.`
			};
		}
		if (comparePeriods(period, this.strategyStart) < 0) {
			return {
				code: 'before-strategy',
				message: `${label} is before the strategy started (${formatPeriodLabel(this.strategyStart)}). Check the quarter.`
			};
		}
		if (partner && this.context.isLocked(partner.id, period))
			return { code: 'locked-period', message: this.lockedMessage(partner, period) };
		return null;
	}

	private lockedMessage(partner: Partner, period: Period): string {
		return (
			`${formatPeriodLabel(period)} is closed for ${partner.name}: its figures were approved. ` +
			'Ask the coordinator to reopen the quarter if a figure needs correcting.'
		);
	}
}
