/**
 * Splitting CSV text into rows and cells with papaparse, numbering each row as the spreadsheet
 * does (the header is row 1; a cell with a line break in it is still one row), so every message
 * can send the user to the right row in Excel.
 *
 * Following the known papaparse traps: line endings are normalised first (mixed endings merge
 * rows otherwise), the delimiter is chosen from the header line and then pinned (auto-detection
 * guesses wrong on `1,5`-style cells), blank lines are skipped here rather than by papaparse so
 * the row numbers stay true, and any quote error rejects the file.
 */
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t';

export interface CsvRow {
	/** The row as the spreadsheet numbers it (header = 1). */
	rowNumber: number;
	cells: string[];
}

export type CsvParseResult =
	| { ok: true; delimiter: Delimiter; header: CsvRow; rows: CsvRow[] }
	| { ok: false; code: 'no-header' | 'unbalanced-quotes'; row: number | null; message: string };

const DELIMITERS: Delimiter[] = [',', ';', '\t'];

export function parseCsvText(text: string): CsvParseResult {
	const normalised = text.replace(/\r\n?/g, '\n');
	const delimiter = detectDelimiter(normalised);
	const parsed = Papa.parse<string[]>(normalised, {
		delimiter,
		newline: '\n',
		quoteChar: '"',
		header: false,
		skipEmptyLines: false
	});
	const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
	if (quoteError) {
		const row = typeof quoteError.row === 'number' ? quoteError.row + 1 : null;
		const where = row === null ? 'A row' : `Row ${row}`;
		return {
			ok: false,
			code: 'unbalanced-quotes',
			row,
			message:
				quoteError.code === 'InvalidQuotes'
					? `${where} has a cell that starts with a quote mark (") and has more text after ` +
						'its closing quote, so the rest of the file cannot be read reliably. Put quotes ' +
						'around the whole cell, and double any quote mark inside it ("").'
					: `${where} has a quote mark (") that opens a cell but never closes it, so the ` +
						'rest of the file cannot be read. Remove the stray quote mark, or put quotes ' +
						'around the whole cell.'
		};
	}

	const all = parsed.data.map((cells, i) => ({ rowNumber: i + 1, cells }));
	const rows = all.filter((r) => !isBlank(r.cells));
	const header = rows.shift();
	if (!header) {
		return {
			ok: false,
			code: 'no-header',
			row: null,
			message: 'The file has no rows. Start from the template, which has the header row.'
		};
	}
	return { ok: true, delimiter, header, rows };
}

/** A row is blank when every cell is empty or spaces: Excel writes `,,,` for an empty row. */
export function isBlank(cells: string[]): boolean {
	return cells.every((c) => c.trim() === '');
}

/**
 * The delimiter that splits the header line into the most cells, counting outside quotes. A title
 * line with no delimiter at all says nothing, so the next line decides.
 */
export function detectDelimiter(text: string): Delimiter {
	for (const line of nonBlankLines(text, 10)) {
		const counts = countDelimiters(line);
		let best: Delimiter = ',';
		for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
		if (counts.get(best)! > 0) return best;
	}
	return ',';
}

function countDelimiters(line: string): Map<Delimiter, number> {
	const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
	let quoted = false;
	for (const ch of line) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && counts.has(ch as Delimiter))
			counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
	}
	return counts;
}

/** Up to `limit` lines with something other than delimiters and spaces in them. */
function nonBlankLines(text: string, limit: number): string[] {
	const lines: string[] = [];
	let start = 0;
	while (start < text.length && lines.length < limit) {
		const end = text.indexOf('\n', start);
		const line = text.slice(start, end === -1 ? text.length : end);
		if (line.replace(/[,;\t\s]/g, '') !== '') lines.push(line);
		if (end === -1) break;
		start = end + 1;
	}
	return lines;
}
