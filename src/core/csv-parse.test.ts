import { describe, expect, it } from 'vitest';
import { detectDelimiter, isBlank, parseCsvText, type CsvParseResult } from './csv-parse.js';

function rowsOf(result: CsvParseResult): [number, string[]][] {
	if (!result.ok) throw new Error(result.message);
	return [result.header, ...result.rows].map((r) => [r.rowNumber, r.cells]);
}

describe('parseCsvText: row numbers as the spreadsheet shows them', () => {
	it('numbers the header row 1 and the first data row 2', () => {
		expect(rowsOf(parseCsvText('metric_code,value\nP1.06,4\nP4.02,9\n'))).toEqual([
			[1, ['metric_code', 'value']],
			[2, ['P1.06', '4']],
			[3, ['P4.02', '9']]
		]);
	});

	it('skips blank lines but still counts them', () => {
		expect(rowsOf(parseCsvText('a,b\n1,2\n\n3,4\n\n\n5,6'))).toEqual([
			[1, ['a', 'b']],
			[2, ['1', '2']],
			[4, ['3', '4']],
			[7, ['5', '6']]
		]);
	});

	it('skips the rows of empty cells that Excel writes for a blank row, and counts them', () => {
		expect(rowsOf(parseCsvText('a,b,c\r\n1,2,3\r\n,,\r\n , ,\r\n4,5,6\r\n'))).toEqual([
			[1, ['a', 'b', 'c']],
			[2, ['1', '2', '3']],
			[5, ['4', '5', '6']]
		]);
	});

	it('counts a quoted line break as part of one row, as Excel does', () => {
		expect(
			rowsOf(parseCsvText('a,comment\r\n1,"two\r\nlines"\r\n2,"three\nmore\nlines"\r\n3,x'))
		).toEqual([
			[1, ['a', 'comment']],
			[2, ['1', 'two\nlines']],
			[3, ['2', 'three\nmore\nlines']],
			[4, ['3', 'x']]
		]);
	});

	it('numbers the header by its own row when blank lines come before it', () => {
		const result = parseCsvText('\n\na,b\n1,2\n');
		expect(result).toMatchObject({ ok: true, header: { rowNumber: 3 } });
		expect(rowsOf(result)).toEqual([
			[3, ['a', 'b']],
			[4, ['1', '2']]
		]);
	});
});

describe('parseCsvText: line endings', () => {
	it.each<[string, string]>([
		['LF', 'a,b\n1,2\n3,4\n'],
		['CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
		['CR alone (old Mac Excel)', 'a,b\r1,2\r3,4\r'],
		['CRLF then LF', 'a,b\r\n1,2\n3,4\n'],
		['CR, LF and CRLF mixed', 'a,b\r1,2\n3,4\r\n'],
		['no final line ending', 'a,b\r\n1,2\r\n3,4']
	])('reads %s line endings as one row per line, with no CR left in a cell', (_case, text) => {
		expect(rowsOf(parseCsvText(text))).toEqual([
			[1, ['a', 'b']],
			[2, ['1', '2']],
			[3, ['3', '4']]
		]);
	});
});

describe('parseCsvText: delimiters', () => {
	it.each<[string, string, string, string]>([
		['a comma', ',', 'metric_code,value,comment\n"P1.06",4,"a; b"\n', 'a; b'],
		['a semicolon (Excel in Europe)', ';', 'metric_code;value;comment\nP1.06;4;a, b\n', 'a, b'],
		['a tab', '\t', 'metric_code\tvalue\tcomment\nP1.06\t4\ta, b; c\n', 'a, b; c']
	])(
		'detects %s from the header and keeps other separators in the cells',
		(_case, delimiter, text, comment) => {
			const result = parseCsvText(text);
			expect(result).toMatchObject({ ok: true, delimiter });
			expect(rowsOf(result)[1]).toEqual([2, ['P1.06', '4', comment]]);
		}
	);

	it('keeps a decimal comma in a semicolon file as one cell', () => {
		expect(rowsOf(parseCsvText('metric_code;value\nP2.05;8,5\n'))[1]).toEqual([
			2,
			['P2.05', '8,5']
		]);
	});
});

describe('parseCsvText: quotes', () => {
	it('reads doubled quote marks inside a quoted cell as one quote mark', () => {
		expect(rowsOf(parseCsvText('a,comment\n1,"the ""late"" return"\n'))[1]).toEqual([
			2,
			['1', 'the "late" return']
		]);
	});

	it('keeps a quote mark in the middle of an unquoted cell as text', () => {
		expect(rowsOf(parseCsvText('a,value\n1,4"\n2,O"Brien\n')).slice(1)).toEqual([
			[2, ['1', '4"']],
			[3, ['2', 'O"Brien']]
		]);
	});

	it('refuses a quote that opens a cell and never closes, naming its row', () => {
		expect(parseCsvText('a,comment\r\n1,ok\r\n2,"Checked by J. Smith\r\n3,x\r\n')).toEqual({
			ok: false,
			code: 'unbalanced-quotes',
			row: 3,
			message:
				'Row 3 has a quote mark (") that opens a cell but never closes it, so the rest of the ' +
				'file cannot be read. Remove the stray quote mark, or put quotes around the whole cell.'
		});
	});

	it('names the row as the spreadsheet numbers it when a quoted line break comes before', () => {
		const result = parseCsvText('a,comment\n1,"two\nlines"\n\n2,"never closed\n3,x\n');
		expect(result).toMatchObject({ ok: false, code: 'unbalanced-quotes', row: 4 });
	});

	it('refuses a quoted cell with text after its closing quote', () => {
		expect(parseCsvText('a,comment\n1,"Smith" and Jones\n2,x\n')).toEqual({
			ok: false,
			code: 'unbalanced-quotes',
			row: 2,
			message:
				'Row 2 has a cell that starts with a quote mark (") and has more text after its closing ' +
				'quote, so the rest of the file cannot be read reliably. Put quotes around the whole ' +
				'cell, and double any quote mark inside it ("").'
		});
	});
});

describe('parseCsvText: files with no header', () => {
	it.each(['', '\n\n', ',,,\r\n,,,\r\n', '  \n\t\n'])('refuses %j as having no rows', (text) => {
		expect(parseCsvText(text)).toEqual({
			ok: false,
			code: 'no-header',
			row: null,
			message: 'The file has no rows. Start from the template, which has the header row.'
		});
	});

	it('returns a header with no rows for a header-only file', () => {
		expect(parseCsvText('metric_code,value\r\n')).toMatchObject({ ok: true, rows: [] });
	});
});

describe('detectDelimiter', () => {
	it.each<[string, string]>([
		['a,b,c', ','],
		['a;b;c', ';'],
		['a\tb\tc', '\t'],
		// The delimiter that splits the header most wins; one inside quotes does not count.
		['"a;b",c,d', ','],
		['"a,b";c;d', ';'],
		['metric_code;value,with comma;x', ';'],
		// A single column: nothing to detect, so the comma.
		['metric_code', ','],
		// A title line with no delimiter says nothing: the header below decides.
		['Hull City Council return\nmetric_code;value\n', ';'],
		['\n\n,,\nmetric_code\tvalue', '\t']
	])('picks %j → %j', (text, d) => {
		expect(detectDelimiter(text)).toBe(d);
	});
});

describe('isBlank', () => {
	it.each<[string[], boolean]>([
		[[''], true],
		[['', '', ''], true],
		[[' ', '\t', ''], true],
		[['', 'x'], false],
		[['0'], false]
	])('%j is blank: %s', (cells, blank) => {
		expect(isBlank(cells)).toBe(blank);
	});
});
