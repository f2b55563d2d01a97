import { describe, expect, it } from 'vitest';
import { formatCsvCell, formatCsvRow, neutraliseFormula } from './csv-write.js';
import { parseCsvText } from './csv-parse.js';

describe('neutraliseFormula', () => {
	it.each<[string, string]>([
		['=SUM(A1:A3)', "'=SUM(A1:A3)"],
		['+44 1482 000000', "'+44 1482 000000"],
		['-5 on last quarter', "'-5 on last quarter"],
		['@cmd', "'@cmd"],
		['\t=1+1', "'\t=1+1"],
		['\r=1+1', "'\r=1+1"],
		['Late return', 'Late return'],
		['', ''],
		['a=b', 'a=b']
	])('%j → %j', (text, safe) => {
		expect(neutraliseFormula(text)).toBe(safe);
	});
});

describe('formatCsvCell', () => {
	it.each<[string | number | null, string]>([
		[null, ''],
		['', ''],
		['HULL', 'HULL'],
		[42, '42'],
		[-3, '-3'],
		[8.3, '8.3'],
		[0, '0'],
		[Number.NaN, ''],
		[Number.POSITIVE_INFINITY, ''],
		['Modern slavery crimes recorded', 'Modern slavery crimes recorded'],
		['one, two', '"one, two"'],
		['one; two', '"one; two"'],
		['say "hello"', '"say ""hello"""'],
		['two\nlines', '"two\nlines"'],
		['two\r\nlines', '"two\r\nlines"'],
		['a\tb', '"a\tb"'],
		['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
		['-1, not 1', '"\'-1, not 1"']
	])('writes %j as %j', (cell, text) => {
		expect(formatCsvCell(cell)).toBe(text);
	});
});

describe('formatCsvRow', () => {
	it('joins the cells with commas', () => {
		expect(formatCsvRow(['P1.03', 'Rate, positive', 92.5, null, '=1'])).toBe(
			'P1.03,"Rate, positive",92.5,,\'=1'
		);
	});

	it('reads back as the same cells, apart from the guard on formulas', () => {
		const cells = ['P1.06', 'a, "b"; c', 'two\r\nlines', '', 'plain'];
		const parsed = parseCsvText(`h1,h2,h3,h4,h5\r\n${formatCsvRow(cells)}\r\n`);
		expect(parsed).toMatchObject({ ok: true });
		if (parsed.ok)
			expect(parsed.rows[0]!.cells).toEqual(['P1.06', 'a, "b"; c', 'two\nlines', '', 'plain']);
	});
});
