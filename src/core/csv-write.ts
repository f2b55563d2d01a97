/**
 * Writing CSV cells safely (RFC 4180 quoting, and OWASP's guard against formula injection): a
 * text cell that a spreadsheet would run as a formula is prefixed with an apostrophe. Numbers are
 * passed as numbers, so a negative figure is not mangled.
 */

/** Text starting with one of these is read by Excel as a formula (or can start one). */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;

export function neutraliseFormula(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

export function formatCsvCell(cell: string | number | null): string {
	if (cell === null) return '';
	if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
	const safe = neutraliseFormula(cell);
	return /[",\r\n;\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatCsvRow(cells: (string | number | null)[]): string {
	return cells.map(formatCsvCell).join(',');
}
