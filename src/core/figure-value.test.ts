import { describe, expect, it } from 'vitest';
import { LARGEST_FIGURE, readFigureValue, type ValueErrorCode } from './figure-value.js';
import type { Unit } from './framework.js';

describe('readFigureValue: numbers', () => {
	it.each<[string, Unit, number]>([
		['0', 'count', 0],
		['42', 'count', 42],
		['007', 'count', 7],
		['1,234', 'count', 1234],
		['1,234,567', 'count', 1234567],
		['3.0', 'count', 3],
		['12%', 'percent', 12],
		['12.5 %', 'percent', 12.5],
		['100', 'percent', 100],
		['0%', 'percent', 0],
		['£1,200', 'gbp', 1200],
		['£ 1,200.50', 'gbp', 1200.5],
		['1250.50', 'gbp', 1250.5],
		['2.5', 'days', 2.5],
		['27.32', 'ratio', 27.32],
		[' 7 ', 'count', 7],
		['\t9\t', 'count', 9],
		['\u00a042\u00a0', 'count', 42],
		['-0', 'count', 0]
	])('reads %j on a %s metric as %d', (raw, unit, value) => {
		const reading = readFigureValue(raw, unit);
		expect(reading).toEqual({ ok: true, kind: 'value', value, warning: null });
		if (reading.ok && reading.kind === 'value') expect(Object.is(reading.value, -0)).toBe(false);
	});

	it('accepts a figure as large as LARGEST_FIGURE and no larger', () => {
		expect(readFigureValue(String(LARGEST_FIGURE), 'gbp')).toMatchObject({ ok: true });
		expect(readFigureValue(String(LARGEST_FIGURE + 1), 'gbp')).toMatchObject({
			ok: false,
			code: 'out-of-range'
		});
	});
});

describe('readFigureValue: missing is not zero', () => {
	it.each(['', '   ', '\t', '\u00a0'])('reads %j as absent (not reported), never 0', (raw) => {
		expect(readFigureValue(raw, 'count')).toEqual({ ok: true, kind: 'absent' });
	});

	it.each(['nil', 'NIL', 'Nil', 'none', 'None', ' nil ', 'nil return', 'Nil  Return'])(
		'reads %j as a nil return, counted as 0',
		(raw) => {
			expect(readFigureValue(raw, 'count')).toEqual({
				ok: true,
				kind: 'nil',
				value: 0,
				warning: null
			});
		}
	);

	it.each(['n/a', 'N/A', 'na', 'NA', '-', '–', '—', 'not collected', 'Not Collected', 'not held'])(
		'reads %j as not collected, with a warning that says what it was read as',
		(raw) => {
			const reading = readFigureValue(raw, 'percent');
			expect(reading).toMatchObject({ ok: true, kind: 'not_collected', value: null });
			if (!reading.ok || reading.kind === 'absent') throw new Error('expected a reading');
			expect(reading.warning).toBe(
				`"${raw.trim()}" was read as "not collected" (you do not hold this figure this quarter). ` +
					'If you meant none, write nil; if you do not have it yet, leave the cell empty.'
			);
		}
	);
});

describe('readFigureValue: what is refused', () => {
	it.each<[string, Unit, ValueErrorCode, string]>([
		[
			'twelve',
			'count',
			'not-a-number',
			'"twelve" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'n/a.',
			'count',
			'not-a-number',
			'"n/a." is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'NaN',
			'count',
			'not-a-number',
			'"NaN" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'Infinity',
			'ratio',
			'not-a-number',
			'"Infinity" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'0x10',
			'count',
			'not-a-number',
			'"0x10" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'.5',
			'ratio',
			'not-a-number',
			'".5" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'5.',
			'ratio',
			'not-a-number',
			'"5." is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'TRUE',
			'count',
			'not-a-number',
			'"TRUE" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'<5',
			'count',
			'not-a-number',
			'"<5" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'1 234',
			'count',
			'not-a-number',
			'"1 234" is not a number. Leave the cell empty if the figure is not available.'
		],
		[
			'+5',
			'count',
			'not-a-number',
			'"+5" starts with a plus sign. Enter the number alone, without the + sign.'
		],
		[
			'4"',
			'count',
			'not-a-number',
			'"4"" has a quote mark (") in it, so it is not a number. Enter the figure alone.'
		],
		[
			'1e400',
			'count',
			'not-a-number',
			'"1e400" is in scientific notation, as Excel shows a number too long for its column. Format the column as Number so that the figure is saved in full.'
		],
		[
			'1.2E+12',
			'gbp',
			'not-a-number',
			'"1.2E+12" is in scientific notation, as Excel shows a number too long for its column. Format the column as Number so that the figure is saved in full.'
		],
		[
			'#N/A',
			'count',
			'spreadsheet-error',
			'"#N/A" is a spreadsheet error, not a figure. Fix the formula in your spreadsheet. Leave the cell empty if the figure is not available.'
		],
		[
			'#REF!',
			'count',
			'spreadsheet-error',
			'"#REF!" is a spreadsheet error, not a figure. Fix the formula in your spreadsheet. Leave the cell empty if the figure is not available.'
		],
		[
			'#DIV/0!',
			'percent',
			'spreadsheet-error',
			'"#DIV/0!" is a spreadsheet error, not a figure. Fix the formula in your spreadsheet. Leave the cell empty if the figure is not available.'
		],
		[
			'#value!',
			'count',
			'spreadsheet-error',
			'"#value!" is a spreadsheet error, not a figure. Fix the formula in your spreadsheet. Leave the cell empty if the figure is not available.'
		],
		[
			'=SUM(A1:A3)',
			'count',
			'formula',
			'"=SUM(A1:A3)" is a formula, not a figure. In Excel, copy the column and use Paste Values before saving as CSV.'
		],
		[
			'01/04/2025',
			'count',
			'date-not-number',
			'"01/04/2025" looks like a date, not a number. Excel may have turned the figure into a date: format the column as Number and type it again.'
		],
		[
			'2025-04-01',
			'count',
			'date-not-number',
			'"2025-04-01" looks like a date, not a number. Excel may have turned the figure into a date: format the column as Number and type it again.'
		],
		[
			'12-Apr',
			'count',
			'date-not-number',
			'"12-Apr" looks like a date, not a number. Excel may have turned the figure into a date: format the column as Number and type it again.'
		],
		[
			'Apr-25',
			'count',
			'date-not-number',
			'"Apr-25" looks like a date, not a number. Excel may have turned the figure into a date: format the column as Number and type it again.'
		],
		[
			'3 April 2025',
			'days',
			'date-not-number',
			'"3 April 2025" looks like a date, not a number. Excel may have turned the figure into a date: format the column as Number and type it again.'
		],
		[
			'１２',
			'count',
			'look-alike-digits',
			'"１２" has characters that look like digits or a minus sign but are not. Type the figure again with the ordinary keys 0 to 9.'
		],
		[
			'٣٤',
			'count',
			'look-alike-digits',
			'"٣٤" has characters that look like digits or a minus sign but are not. Type the figure again with the ordinary keys 0 to 9.'
		],
		[
			'−5',
			'count',
			'look-alike-digits',
			'"−5" has characters that look like digits or a minus sign but are not. Type the figure again with the ordinary keys 0 to 9.'
		],
		[
			'1,5',
			'percent',
			'decimal-comma',
			'"1,5" is not a number we can read. Write decimals with a full stop (1.5), and thousands as 1,234 or 1234.'
		],
		[
			'12,34',
			'count',
			'decimal-comma',
			'"12,34" is not a number we can read. Write decimals with a full stop (1.5), and thousands as 1,234 or 1234.'
		],
		[
			'-5',
			'count',
			'negative',
			'"-5" is negative, and this figure cannot be. Enter the figure as a positive number.'
		],
		[
			'-£5',
			'gbp',
			'negative',
			'"-£5" is negative, and this figure cannot be. Enter the figure as a positive number.'
		],
		[
			'-1,234',
			'count',
			'negative',
			'"-1,234" is negative, and this figure cannot be. Enter the figure as a positive number.'
		],
		[
			'2.5',
			'count',
			'not-whole',
			'"2.5" is not a whole number, and this figure is a count. Enter a whole number.'
		],
		[
			'1,234.5',
			'count',
			'not-whole',
			'"1,234.5" is not a whole number, and this figure is a count. Enter a whole number.'
		],
		[
			'101',
			'percent',
			'out-of-range',
			'"101" is more than 100%. Enter a percentage between 0 and 100.'
		],
		[
			'105%',
			'percent',
			'out-of-range',
			'"105%" is more than 100%. Enter a percentage between 0 and 100.'
		],
		[
			'9007199254740993',
			'count',
			'out-of-range',
			'"9007199254740993" is too large to be right. Check the figure.'
		],
		[
			'12%',
			'count',
			'wrong-symbol',
			'"12%" has a % sign, but this figure is a count. Enter the number alone.'
		],
		[
			'12%',
			'gbp',
			'wrong-symbol',
			'"12%" has a % sign, but this figure is an amount in pounds. Enter the number alone.'
		],
		[
			'£1,200',
			'count',
			'wrong-symbol',
			'"£1,200" has a £ sign, but this figure is a count. Enter the number alone.'
		],
		[
			'£12',
			'percent',
			'wrong-symbol',
			'"£12" has a £ sign, but this figure is a percentage. Enter the number alone.'
		],
		[
			'£3',
			'days',
			'wrong-symbol',
			'"£3" has a £ sign, but this figure is a number of days. Enter the number alone.'
		],
		[
			'£3',
			'ratio',
			'wrong-symbol',
			'"£3" has a £ sign, but this figure is a ratio. Enter the number alone.'
		]
	])('refuses %j on a %s metric (%s)', (raw, unit, code, message) => {
		expect(readFigureValue(raw, unit)).toEqual({ ok: false, code, message });
	});

	it('quotes the value as typed, without its surrounding spaces', () => {
		expect(readFigureValue('  #N/A  ', 'count')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/^"#N\/A" is a spreadsheet error/)
		});
	});

	it('never reads a refused value as 0', () => {
		for (const raw of ['#N/A', 'NaN', '=0', '1e400', '0x0', '+0', '０']) {
			expect(readFigureValue(raw, 'count').ok).toBe(false);
		}
	});
});
