/**
 * What a cell of the `value` column means (SPEC §4 "Values" and "Missing is not zero"): a number
 * in the metric's unit, a nil return, "not collected", or nothing at all. Every rejection says
 * what to type instead. A cell is never turned into 0 unless the partner wrote 0 or a nil return.
 */
import type { FigureKind, Unit } from './framework.js';

export type ValueReading =
	| { ok: true; kind: 'absent' }
	| { ok: true; kind: FigureKind; value: number | null; warning: string | null }
	| { ok: false; code: ValueErrorCode; message: string };

export type ValueErrorCode =
	| 'not-a-number'
	| 'spreadsheet-error'
	| 'formula'
	| 'date-not-number'
	| 'look-alike-digits'
	| 'negative'
	| 'not-whole'
	| 'out-of-range'
	| 'wrong-symbol'
	| 'decimal-comma';

/** Well beyond any real figure here, and inside the integers a double holds exactly. */
export const LARGEST_FIGURE = 1_000_000_000_000;

const NIL_WORDS = new Set(['nil', 'none', 'nil return']);
const NOT_COLLECTED_WORDS = new Set(['n/a', 'na', '-', '–', '—', 'not collected', 'not held']);
const SPREADSHEET_ERRORS =
	/^#(n\/a|ref!|div\/0!|value!|name\?|null!|num!|spill!|calc!|getting_data)$/i;
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
/** What Excel makes of a figure it took for a date: `01/04/2025`, `2025-04-01`, `12-Apr`, `Apr-25`. */
const DATE_LIKE = new RegExp(
	`^(\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}|\\d{1,2}[- ]${MONTH}([- ]\\d{2,4})?|${MONTH}[- ]\\d{2,4})$`,
	'i'
);
/** How Excel shows a number too large or too small for its column: `1E+12`, `1e400`. */
const SCIENTIFIC = /^-?\d+(\.\d+)?e[+-]?\d+$/i;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const GROUPED_NUMBER = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
/** Digits from other scripts and full-width forms, and the minus sign U+2212. */
const LOOK_ALIKES = /[\p{Nd}\u2212\uFF0B\uFF0D]/u;

const LEAVE_EMPTY = 'Leave the cell empty if the figure is not available.';

export function readFigureValue(raw: string, unit: Unit): ValueReading {
	// Spaces, including the no-break spaces that Excel and web pages put around figures.
	const text = raw.replace(/^[\s\u00A0\u202F]+|[\s\u00A0\u202F]+$/g, '');
	if (text === '') return { ok: true, kind: 'absent' };

	const word = text.toLowerCase().replace(/\s+/g, ' ');
	if (NIL_WORDS.has(word)) return { ok: true, kind: 'nil', value: 0, warning: null };
	if (NOT_COLLECTED_WORDS.has(word)) {
		return {
			ok: true,
			kind: 'not_collected',
			value: null,
			warning:
				`"${text}" was read as "not collected" (you do not hold this figure this quarter). ` +
				'If you meant none, write nil; if you do not have it yet, leave the cell empty.'
		};
	}
	const quoted = `"${raw.trim()}"`;
	if (SPREADSHEET_ERRORS.test(text)) {
		return {
			ok: false,
			code: 'spreadsheet-error',
			message: `${quoted} is a spreadsheet error, not a figure. Fix the formula in your spreadsheet. ${LEAVE_EMPTY}`
		};
	}
	if (text.startsWith('=')) {
		return {
			ok: false,
			code: 'formula',
			message: `${quoted} is a formula, not a figure. In Excel, copy the column and use Paste Values before saving as CSV.`
		};
	}
	if (DATE_LIKE.test(text)) {
		return {
			ok: false,
			code: 'date-not-number',
			message: `${quoted} looks like a date, not a number. Excel may have turned the figure into a date: format the column as Number and type it again.`
		};
	}

	let number = text;
	if (number.endsWith('%')) {
		if (unit !== 'percent') return wrongSymbol(quoted, '%', unit);
		number = number.slice(0, -1).trimEnd();
	}
	const pound = /^(-?)£\s*/.exec(number);
	if (pound) {
		if (unit !== 'gbp') return wrongSymbol(quoted, '£', unit);
		number = pound[1] + number.slice(pound[0].length);
	}
	if (GROUPED_NUMBER.test(number)) number = number.replace(/,/g, '');

	if (!PLAIN_NUMBER.test(number)) {
		if (SCIENTIFIC.test(number)) {
			return {
				ok: false,
				code: 'not-a-number',
				message: `${quoted} is in scientific notation, as Excel shows a number too long for its column. Format the column as Number so that the figure is saved in full.`
			};
		}
		if (number.includes('"')) {
			return {
				ok: false,
				code: 'not-a-number',
				message: `${quoted} has a quote mark (") in it, so it is not a number. Enter the figure alone.`
			};
		}
		if (/^\+\d/.test(number)) {
			return {
				ok: false,
				code: 'not-a-number',
				message: `${quoted} starts with a plus sign. Enter the number alone, without the + sign.`
			};
		}
		if (LOOK_ALIKES.test(number.replace(/[0-9]/g, ''))) {
			return {
				ok: false,
				code: 'look-alike-digits',
				message: `${quoted} has characters that look like digits or a minus sign but are not. Type the figure again with the ordinary keys 0 to 9.`
			};
		}
		if (/^-?\d+,\d+$/.test(number)) {
			return {
				ok: false,
				code: 'decimal-comma',
				message: `${quoted} is not a number we can read. Write decimals with a full stop (1.5), and thousands as 1,234 or 1234.`
			};
		}
		return {
			ok: false,
			code: 'not-a-number',
			message: `${quoted} is not a number. ${LEAVE_EMPTY}`
		};
	}

	const value = Number(number);
	if (value < 0) {
		return {
			ok: false,
			code: 'negative',
			message: `${quoted} is negative, and this figure cannot be. Enter the figure as a positive number.`
		};
	}
	if (value > LARGEST_FIGURE || (unit === 'percent' && value > 100)) {
		return {
			ok: false,
			code: 'out-of-range',
			message:
				unit === 'percent'
					? `${quoted} is more than 100%. Enter a percentage between 0 and 100.`
					: `${quoted} is too large to be right. Check the figure.`
		};
	}
	if (unit === 'count' && !Number.isInteger(value)) {
		return {
			ok: false,
			code: 'not-whole',
			message: `${quoted} is not a whole number, and this figure is a count. Enter a whole number.`
		};
	}
	// `-0` would otherwise be stored as a figure unequal to the 0 it means.
	return { ok: true, kind: 'value', value: value === 0 ? 0 : value, warning: null };
}

function wrongSymbol(quoted: string, symbol: '%' | '£', unit: Unit): ValueReading {
	const unitWords: Record<Unit, string> = {
		count: 'a count',
		percent: 'a percentage',
		gbp: 'an amount in pounds',
		days: 'a number of days',
		ratio: 'a ratio'
	};
	return {
		ok: false,
		code: 'wrong-symbol',
		message: `${quoted} has a ${symbol} sign, but this figure is ${unitWords[unit]}. Enter the number alone.`
	};
}
