/**
 * UK financial-year quarters: the reporting periods of the partnership. Financial year 2025-26
 * runs 1 April 2025 to 31 March 2026; Q1 is April to June and Q4 is the following January to
 * March. This module has no imports so that the server, the pages and the CLI all share exactly
 * one reading of a period label.
 */

export type QuarterNumber = 1 | 2 | 3 | 4;

/**
 * A financial-year quarter. `year` is the calendar year in which the financial year starts (2025
 * for 2025-26).
 */
export interface Period {
	readonly year: number;
	readonly quarter: QuarterNumber;
}

export type PeriodParseResult =
	| { ok: true; period: Period }
	| {
			ok: false;
			message: string;
			suggestion?: string;
			/** True when the input names a quarter, but could mean either of two. */
			ambiguous?: boolean;
	  };

/** Bounds on the first year of a financial year; anything outside is almost surely a typo. */
export const MIN_FINANCIAL_YEAR = 1990;
export const MAX_FINANCIAL_YEAR = 2100;

const QUARTERS: readonly QuarterNumber[] = [1, 2, 3, 4];

const MONTH_NAMES = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
] as const;

const EXAMPLE_LABEL = '2025-26 Q1';

export function formatFinancialYear(year: number): string {
	assertInteger(year, 'year');
	// `% 100` rather than slicing the string keeps 1999-00 and 2099-00 right.
	return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
}

export function formatPeriodLabel(p: Period): string {
	return `${formatFinancialYear(p.year)} Q${p.quarter}`;
}

export function formatPeriodSlug(p: Period): string {
	return `${formatFinancialYear(p.year)}-q${p.quarter}`;
}

/** The ONS style for prose, e.g. "Quarter 1 (April to June) 2025 to 2026". */
export function formatPeriodProse(p: Period): string {
	return `Quarter ${p.quarter} (${describeQuarterMonths(p.quarter)}) ${p.year} to ${p.year + 1}`;
}

/** The months with the calendar year they fall in: Q4 of 2025-26 is "January to March 2026". */
export function formatPeriodMonths(p: Period): string {
	return `${describeQuarterMonths(p.quarter)} ${calendarYearOfQuarter(p)}`;
}

/**
 * Strict on purpose: a URL has exactly one spelling per period, so anything else (upper case,
 * slashes, spaces) is not found rather than silently redirected.
 */
export function parsePeriodSlug(slug: string): Period | null {
	const match = /^(\d{4})-(\d{2})-q([1-4])$/.exec(slug);
	if (!match) return null;
	const [, first = '', second = '', quarter = ''] = match;
	const year = resolveFinancialYear(first, second);
	if (!year.ok || !isYearInRange(year.year)) return null;
	return { year: year.year, quarter: Number(quarter) as QuarterNumber };
}

/** Accepts '2025-26', '2025/26', 'FY2025/26', 'FY 25/26', '2025-2026' and '2025 to 2026'. */
export function parseFinancialYear(input: string): number | null {
	const match = new RegExp(`^${YEARS}$`).exec(normaliseInput(input));
	if (!match) return null;
	const year = resolveFinancialYear(match[1] ?? '', match[2] ?? '');
	return year.ok && isYearInRange(year.year) ? year.year : null;
}

// Patterns run on normalised input (lower case, no whitespace), so "Q1 FY 25/26" and "q1fy25/26"
// are the same string and no pattern has to think about spacing.
const YEARS = '(?:fy)?(\\d{4}|\\d{2})(?:-|/|to)(\\d{4}|\\d{2})';
// The quarter is captured as any digit so that "Q5" earns a specific message, not a generic one.
const QUARTER = '(?:quarter|qtr|q)(\\d)';
const MONTH = buildMonthAlternation();
const MONTH_RANGE = `(${MONTH})\\.?(?:-|to)(${MONTH})\\.?`;

const FY_THEN_QUARTER = new RegExp(`^${YEARS}-?${QUARTER}$`);
const QUARTER_THEN_FY = new RegExp(`^${QUARTER}(?:\\(${MONTH_RANGE}\\))?-?${YEARS}$`);
const MONTHS_THEN_CALENDAR_YEAR = new RegExp(`^${MONTH_RANGE},?(\\d{4})$`);
const MONTHS_THEN_FY = new RegExp(`^${MONTH_RANGE},?${YEARS}$`);
const SINGLE_MONTH = new RegExp(`^(${MONTH})\\.?,?(\\d{4})$`);
const CALENDAR_YEAR_THEN_QUARTER = new RegExp(`^(\\d{4})-?${QUARTER}$`);
const QUARTER_THEN_CALENDAR_YEAR = new RegExp(`^${QUARTER}-?(\\d{4})$`);
const SINGLE_FY_THEN_QUARTER = new RegExp(`^fy(\\d{4}|\\d{2})-?${QUARTER}$`);
const QUARTER_THEN_SINGLE_FY = new RegExp(`^${QUARTER}-?fy(\\d{4}|\\d{2})$`);
const YEARS_ONLY = new RegExp(`^${YEARS}$`);

/**
 * Reads every spelling of a quarter that partners are known to type. Input that could name two
 * different quarters (a calendar quarter, "FY2025 Q1") is refused rather than guessed, because a
 * figure filed against the wrong quarter is worse than a figure asked for twice.
 */
export function parsePeriodLabel(input: string): PeriodParseResult {
	const text = normaliseInput(input);
	if (text === '') {
		return { ok: false, message: `Enter a quarter, for example "${EXAMPLE_LABEL}".` };
	}
	const quoted = quoteInput(input);

	let match = FY_THEN_QUARTER.exec(text);
	if (match) {
		return buildFromYearsAndQuarter(quoted, match[1], match[2], match[3]);
	}

	match = QUARTER_THEN_FY.exec(text);
	if (match) {
		const [, quarter, fromMonth, toMonth, first, second] = match;
		const result = buildFromYearsAndQuarter(quoted, first, second, quarter);
		if (!result.ok || fromMonth === undefined || toMonth === undefined) return result;
		return checkStatedMonths(quoted, result.period, fromMonth, toMonth);
	}

	match = MONTHS_THEN_CALENDAR_YEAR.exec(text);
	if (match) {
		const [, fromMonth = '', toMonth = '', calendarYear = ''] = match;
		const quarter = findQuarterOfMonthRange(fromMonth, toMonth);
		if (quarter === null) return rejectMonthRange(quoted, fromMonth, toMonth);
		// January to March falls in the financial year that started the previous April.
		const year = Number(calendarYear) - (quarter === 4 ? 1 : 0);
		return checkYearInRange(quoted, { year, quarter });
	}

	match = MONTHS_THEN_FY.exec(text);
	if (match) {
		const [, fromMonth = '', toMonth = '', first, second] = match;
		const quarter = findQuarterOfMonthRange(fromMonth, toMonth);
		if (quarter === null) return rejectMonthRange(quoted, fromMonth, toMonth);
		return buildFromYearsAndQuarter(quoted, first, second, String(quarter));
	}

	match = SINGLE_MONTH.exec(text);
	if (match) {
		const [, monthName = '', calendarYear = ''] = match;
		const month = findMonthNumber(monthName);
		const year = Number(calendarYear);
		if (!isYearInRange(year) && !isYearInRange(year - 1)) return rejectYearRange(quoted);
		const suggestion = formatPeriodLabel(findPeriodOfMonth(year, month));
		return {
			ok: false,
			message:
				`${quoted} is a single month, not a quarter. ` +
				`${MONTH_NAMES[month - 1]} ${year} is in "${suggestion}".`,
			suggestion
		};
	}

	match = CALENDAR_YEAR_THEN_QUARTER.exec(text);
	if (match) return rejectCalendarQuarter(quoted, match[1], match[2]);
	match = QUARTER_THEN_CALENDAR_YEAR.exec(text);
	if (match) return rejectCalendarQuarter(quoted, match[2], match[1]);

	match = SINGLE_FY_THEN_QUARTER.exec(text);
	if (match) return rejectSingleFinancialYear(quoted, match[1], match[2]);
	match = QUARTER_THEN_SINGLE_FY.exec(text);
	if (match) return rejectSingleFinancialYear(quoted, match[2], match[1]);

	match = YEARS_ONLY.exec(text);
	if (match) {
		const year = resolveFinancialYear(match[1] ?? '', match[2] ?? '');
		const example = year.ok ? formatPeriodLabel({ year: year.year, quarter: 1 }) : EXAMPLE_LABEL;
		return {
			ok: false,
			message:
				`${quoted} names a financial year but not a quarter. ` +
				`Write the quarter as "${example}".`
		};
	}

	return {
		ok: false,
		message: `${quoted} is not a quarter we recognise. Write the quarter as "${EXAMPLE_LABEL}".`
	};
}

export function periodIndex(p: Period): number {
	return p.year * 4 + (p.quarter - 1);
}

export function periodFromIndex(i: number): Period {
	assertInteger(i, 'period index');
	const year = Math.floor(i / 4);
	return { year, quarter: (i - year * 4 + 1) as QuarterNumber };
}

export function comparePeriods(a: Period, b: Period): number {
	return periodIndex(a) - periodIndex(b);
}

export function isSamePeriod(a: Period, b: Period): boolean {
	return a.year === b.year && a.quarter === b.quarter;
}

/** For data from outside the type system (JSON, database rows, query strings). */
export function isPeriod(value: unknown): value is Period {
	if (typeof value !== 'object' || value === null) return false;
	const { year, quarter } = value as { year?: unknown; quarter?: unknown };
	return (
		typeof year === 'number' &&
		Number.isInteger(year) &&
		isYearInRange(year) &&
		QUARTERS.includes(quarter as QuarterNumber)
	);
}

export function addQuarters(p: Period, n: number): Period {
	assertInteger(n, 'number of quarters');
	return periodFromIndex(periodIndex(p) + n);
}

export function periodsBetween(from: Period, to: Period): Period[] {
	const periods: Period[] = [];
	for (let i = periodIndex(from); i <= periodIndex(to); i++) periods.push(periodFromIndex(i));
	return periods;
}

export function quartersOfFinancialYear(year: number): Period[] {
	assertInteger(year, 'year');
	return QUARTERS.map((quarter) => ({ year, quarter }));
}

export function periodStartDate(p: Period): string {
	return formatIsoDate(createUtcDate(calendarYearOfQuarter(p), firstMonthOfQuarter(p.quarter), 1));
}

export function periodEndDate(p: Period): string {
	// Day 0 of the month after the quarter is the quarter's last day, whatever the month's length.
	const end = createUtcDate(calendarYearOfQuarter(p), firstMonthOfQuarter(p.quarter) + 3, 0);
	return formatIsoDate(end);
}

export function periodContainingDate(date: Date | string): Period {
	const { year, month } = readCalendarDate(date);
	return findPeriodOfMonth(year, month);
}

/** The date figures for a quarter are due: by default 30 days after its last day. */
export function defaultDeadline(p: Period, daysAfterEnd = 30): string {
	assertInteger(daysAfterEnd, 'days after the end of the quarter');
	if (daysAfterEnd < 0) {
		throw new RangeError(
			`A deadline cannot fall before the quarter ends (got ${daysAfterEnd} days).`
		);
	}
	const { year, month, day } = readCalendarDate(periodEndDate(p));
	return formatIsoDate(createUtcDate(year, month - 1, day + daysAfterEnd));
}

/**
 * The quarter containing `today` has not finished (its last day is today or later), so the latest
 * complete quarter is always the one before it.
 */
export function lastCompleteQuarter(today: Date | string): Period {
	return addQuarters(periodContainingDate(today), -1);
}

export function hasQuarterEnded(p: Period, today: Date | string): boolean {
	return comparePeriods(p, periodContainingDate(today)) < 0;
}

function buildFromYearsAndQuarter(
	quoted: string,
	first: string | undefined,
	second: string | undefined,
	quarterDigit: string | undefined
): PeriodParseResult {
	const years = resolveFinancialYear(first ?? '', second ?? '');
	const exampleYear = years.ok && isYearInRange(years.year) ? years.year : 2025;
	const quarter = Number(quarterDigit);
	if (!isQuarterNumber(quarter)) return rejectQuarterNumber(quoted, quarter, exampleYear);
	if (!years.ok) {
		return {
			ok: false,
			message:
				`${quoted}: the two years of a financial year must be consecutive, ` +
				`for example "2025-26" for 1 April 2025 to 31 March 2026.`
		};
	}
	return checkYearInRange(quoted, { year: years.year, quarter });
}

/**
 * The prose form may repeat the months in brackets; if they contradict the number, neither can be
 * trusted.
 */
function checkStatedMonths(
	quoted: string,
	period: Period,
	fromMonth: string,
	toMonth: string
): PeriodParseResult {
	if (findQuarterOfMonthRange(fromMonth, toMonth) === period.quarter) return { ok: true, period };
	const months = describeQuarterMonths(period.quarter);
	return {
		ok: false,
		message:
			`${quoted} does not add up: quarter ${period.quarter} is ${months}, ` +
			`not ${describeMonthRange(fromMonth, toMonth)}.`
	};
}

function checkYearInRange(quoted: string, period: Period): PeriodParseResult {
	return isYearInRange(period.year) ? { ok: true, period } : rejectYearRange(quoted);
}

function rejectYearRange(quoted: string): PeriodParseResult {
	return {
		ok: false,
		message:
			`${quoted} is outside the years this tracker covers: financial years ` +
			`${formatFinancialYear(MIN_FINANCIAL_YEAR)} to ${formatFinancialYear(MAX_FINANCIAL_YEAR)}.`
	};
}

function rejectQuarterNumber(
	quoted: string,
	quarter: number,
	exampleYear: number
): PeriodParseResult {
	const example = formatPeriodLabel({ year: exampleYear, quarter: 1 });
	return {
		ok: false,
		message:
			`${quoted}: there is no quarter ${quarter}; a financial year has quarters 1 to 4. ` +
			`Write the quarter as "${example}".`
	};
}

function rejectMonthRange(quoted: string, fromMonth: string, toMonth: string): PeriodParseResult {
	const ranges = QUARTERS.map(describeQuarterMonths);
	return {
		ok: false,
		message:
			`${quoted}: ${describeMonthRange(fromMonth, toMonth)} is not a financial quarter. ` +
			`The quarters are ${ranges.slice(0, 3).join(', ')} and ${ranges[3]}.`
	};
}

/**
 * "2025 Q1" is read as January to March 2025 by some and as the first financial quarter of
 * 2025-26 by others, so both readings are spelled out and the user chooses.
 */
function rejectCalendarQuarter(
	quoted: string,
	yearDigits: string | undefined,
	quarterDigit: string | undefined
): PeriodParseResult {
	const calendarYear = Number(yearDigits);
	const quarter = Number(quarterDigit);
	if (!isQuarterNumber(quarter)) {
		const exampleYear = isYearInRange(calendarYear) ? calendarYear : 2025;
		return rejectQuarterNumber(quoted, quarter, exampleYear);
	}
	if (!isYearInRange(calendarYear)) return rejectYearRange(quoted);
	const sameMonths = findPeriodOfMonth(calendarYear, (quarter - 1) * 3 + 1);
	const financial: Period = { year: calendarYear, quarter };
	return {
		ok: false,
		ambiguous: true,
		message:
			`${quoted} is ambiguous: a calendar quarter is not a financial-year quarter. ` +
			`Write "${formatPeriodLabel(sameMonths)}" for ${formatPeriodMonths(sameMonths)}, ` +
			`or "${formatPeriodLabel(financial)}" for ${formatPeriodMonths(financial)}.`
	};
}

/** "FY2025" means 2024-25 to some organisations and 2025-26 to others. */
function rejectSingleFinancialYear(
	quoted: string,
	yearDigits: string | undefined,
	quarterDigit: string | undefined
): PeriodParseResult {
	const year = expandYear(yearDigits ?? '');
	const quarter = Number(quarterDigit);
	if (!isQuarterNumber(quarter)) {
		return rejectQuarterNumber(quoted, quarter, isYearInRange(year) ? year : 2025);
	}
	if (!isYearInRange(year)) return rejectYearRange(quoted);
	const ending: Period = { year: year - 1, quarter };
	const starting: Period = { year, quarter };
	return {
		ok: false,
		ambiguous: true,
		message:
			`${quoted} is ambiguous: a financial year needs both of its years. ` +
			`Write "${formatPeriodLabel(ending)}" for ${formatPeriodMonths(ending)}, ` +
			`or "${formatPeriodLabel(starting)}" for ${formatPeriodMonths(starting)}.`
	};
}

type YearResolution = { ok: true; year: number } | { ok: false };

/** Reads the two halves of '2025-26', '25/26' or '2025-2026' and insists they are consecutive. */
function resolveFinancialYear(first: string, second: string): YearResolution {
	if (!/^\d{2}(\d{2})?$/.test(first) || !/^\d{2}(\d{2})?$/.test(second)) return { ok: false };
	const year = expandYear(first);
	const next = Number(second);
	const consecutive = second.length === 4 ? next === year + 1 : next === (year + 1) % 100;
	return consecutive ? { ok: true, year } : { ok: false };
}

/**
 * Two-digit years pivot at 90 so that "99/00" is 1999-00 and "25/26" is 2025-26, matching the
 * supported range.
 */
function expandYear(digits: string): number {
	const value = Number(digits);
	if (digits.length === 4) return value;
	return value >= 90 ? 1900 + value : 2000 + value;
}

function isYearInRange(year: number): boolean {
	return year >= MIN_FINANCIAL_YEAR && year <= MAX_FINANCIAL_YEAR;
}

function isQuarterNumber(value: number): value is QuarterNumber {
	return QUARTERS.includes(value as QuarterNumber);
}

function normaliseInput(input: string): string {
	// Word processors turn hyphens into en or em dashes; treat every dash alike.
	return input
		.toLowerCase()
		.replace(/[\u2010-\u2015\u2212]/g, '-')
		.replace(/\s+/g, '');
}

function quoteInput(input: string): string {
	const text = input.trim().replace(/\s+/g, ' ');
	return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

function buildMonthAlternation(): string {
	const names = MONTH_NAMES.flatMap((name) => [name.toLowerCase(), name.slice(0, 3).toLowerCase()]);
	names.push('sept');
	// Longest first so that "june" is not read as "jun" followed by a stray "e".
	return [...new Set(names)].sort((a, b) => b.length - a.length).join('|');
}

/** 1 for January to 12 for December. */
function findMonthNumber(name: string): number {
	const prefix = name.slice(0, 3);
	return MONTH_NAMES.findIndex((month) => month.slice(0, 3).toLowerCase() === prefix) + 1;
}

function findQuarterOfMonthRange(fromMonth: string, toMonth: string): QuarterNumber | null {
	const from = findMonthNumber(fromMonth);
	const to = findMonthNumber(toMonth);
	return QUARTERS.find((q) => firstMonthOfQuarter(q) + 1 === from && from + 2 === to) ?? null;
}

/** `month` is 1 to 12. */
function findPeriodOfMonth(calendarYear: number, month: number): Period {
	if (month >= 4)
		return { year: calendarYear, quarter: (Math.floor((month - 4) / 3) + 1) as QuarterNumber };
	return { year: calendarYear - 1, quarter: 4 };
}

/** 0-based month (as `Date` uses) in which the quarter starts: 3 for April, 0 for January. */
function firstMonthOfQuarter(quarter: QuarterNumber): number {
	return (quarter * 3) % 12;
}

function calendarYearOfQuarter(p: Period): number {
	return p.quarter === 4 ? p.year + 1 : p.year;
}

function describeMonthRange(fromMonth: string, toMonth: string): string {
	return `${MONTH_NAMES[findMonthNumber(fromMonth) - 1]} to ${MONTH_NAMES[findMonthNumber(toMonth) - 1]}`;
}

function describeQuarterMonths(quarter: QuarterNumber): string {
	const first = firstMonthOfQuarter(quarter);
	return `${MONTH_NAMES[first]} to ${MONTH_NAMES[first + 2]}`;
}

/** `month` is 0-based and may overflow, as with `Date.UTC`. */
function createUtcDate(year: number, month: number, day: number): Date {
	const date = new Date(0);
	// setUTCFullYear, unlike Date.UTC, does not map years 0 to 99 onto 1900 to 1999.
	date.setUTCFullYear(year, month, day);
	return date;
}

function formatIsoDate(date: Date): string {
	const year = String(date.getUTCFullYear()).padStart(4, '0');
	const month = String(date.getUTCMonth() + 1).padStart(2, '0');
	const day = String(date.getUTCDate()).padStart(2, '0');
	return `${year}-${month}-${day}`;
}

/**
 * An ISO string is a calendar date with no time zone, and a `Date` is read in UTC, so the answer
 * never depends on the time zone of the machine running the code.
 */
function readCalendarDate(date: Date | string): { year: number; month: number; day: number } {
	if (typeof date === 'string') {
		const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
		const [, year = '', month = '', day = ''] = match ?? [];
		const parsed = match ? createUtcDate(Number(year), Number(month) - 1, Number(day)) : null;
		if (!parsed || formatIsoDate(parsed) !== date) {
			throw new RangeError(`Expected a date written as YYYY-MM-DD, got "${date}".`);
		}
		return { year: Number(year), month: Number(month), day: Number(day) };
	}
	if (Number.isNaN(date.getTime()))
		throw new RangeError('Expected a valid date, got an invalid Date.');
	return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function assertInteger(value: number, name: string): void {
	if (!Number.isInteger(value))
		throw new RangeError(`The ${name} must be a whole number, got ${value}.`);
}
