/**
 * Properties of the period parser over generated input (fast-check): whatever is typed, the
 * parser answers with a quarter that round-trips through its label and slug, or with a sentence
 * saying what to write; it never throws. On a failure fast-check prints the seed and the smallest
 * input it found, so the run can be repeated with `{ seed }`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
	formatFinancialYear,
	formatPeriodLabel,
	formatPeriodSlug,
	isPeriod,
	MAX_FINANCIAL_YEAR,
	MIN_FINANCIAL_YEAR,
	parsePeriodLabel,
	parsePeriodSlug,
	type Period,
	type QuarterNumber
} from './periods.js';

const RUNS = { numRuns: 500 };

/** Fragments partners type, so that generated strings come close to real labels often. */
const FRAGMENTS = [
	'2025',
	'2026',
	'25',
	'26',
	'99',
	'00',
	'1989',
	'2101',
	'-',
	'/',
	'–',
	' ',
	'\t',
	'Q',
	'q',
	'1',
	'4',
	'5',
	'0',
	'FY',
	'fy',
	'to',
	'Quarter',
	'Apr',
	'June',
	'Jan',
	'Mar',
	'Sept',
	'(',
	')',
	',',
	'.'
];

const periodLike = fc
	.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 })
	.map((parts) => parts.join(''));
const anyText = fc.oneof(
	periodLike,
	fc.string({ unit: 'binary', maxLength: 60 }),
	fc.string({ unit: 'grapheme', maxLength: 60 }),
	// A huge value, as in a query string: the message must not grow with it.
	fc.string({ minLength: 5000, maxLength: 20000 })
);

const period = fc.record({
	year: fc.integer({ min: MIN_FINANCIAL_YEAR, max: MAX_FINANCIAL_YEAR }),
	quarter: fc.constantFrom<QuarterNumber>(1, 2, 3, 4)
});

/** Every spelling SPEC §3 promises to accept, for one quarter. */
function specSpellings(p: Period): string[] {
	const fy = formatFinancialYear(p.year);
	const slashed = fy.replace('-', '/');
	const spellings = [
		`${fy} Q${p.quarter}`,
		`${slashed} Q${p.quarter}`,
		`Q${p.quarter} ${slashed}`,
		`Q${p.quarter} ${fy}`,
		`${fy}-Q${p.quarter}`,
		`FY${slashed} Q${p.quarter}`
	];
	// Two-digit years pivot at 90: "25/26" is 2025-26, so only 1990-91 to 2089-90 can be written so.
	if (p.year < 2090) {
		const short = `${String(p.year % 100).padStart(2, '0')}/${String((p.year + 1) % 100).padStart(2, '0')}`;
		spellings.push(`FY${short} Q${p.quarter}`, `Q${p.quarter} ${short}`);
	}
	const months = [
		['Jan', 'Mar', 'January', 'March'],
		['Apr', 'Jun', 'April', 'June'],
		['Jul', 'Sep', 'July', 'September'],
		['Oct', 'Dec', 'October', 'December']
	][p.quarter % 4]!;
	const calendarYear = p.quarter === 4 ? p.year + 1 : p.year;
	spellings.push(
		`${months[0]}-${months[1]} ${calendarYear}`,
		`${months[2]} to ${months[3]} ${calendarYear}`
	);
	return spellings;
}

/** The same text in another letter case and with other spaces, as SPEC §3 allows. */
const respaced = (text: string) =>
	fc
		.tuple(fc.mixedCase(fc.constant(text)), fc.constantFrom('', ' ', '  ', '\t'))
		.map(([cased, pad]) => `${pad}${cased}${pad}`);

describe('parsePeriodLabel, on any input', () => {
	it('answers a quarter that round-trips through its label and slug, or a bounded sentence; it never throws', () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const result = parsePeriodLabel(text);
				if (result.ok) {
					expect(isPeriod(result.period)).toBe(true);
					expect(parsePeriodLabel(formatPeriodLabel(result.period))).toEqual({
						ok: true,
						period: result.period
					});
					expect(parsePeriodSlug(formatPeriodSlug(result.period))).toEqual(result.period);
				} else {
					expect(result.message).toMatch(/^\S[\s\S]*\.$/);
					// The input is quoted to 40 characters at most, however long it was.
					expect(result.message.length).toBeLessThan(400);
				}
			}),
			RUNS
		);
	});

	it('reads every spelling SPEC §3 lists, in any letter case and spacing, as the same quarter', () => {
		fc.assert(
			fc.property(
				period.chain((p) =>
					fc.tuple(fc.constant(p), fc.constantFrom(...specSpellings(p)).chain(respaced))
				),
				([p, text]) => {
					expect(parsePeriodLabel(text)).toEqual({ ok: true, period: p });
				}
			),
			RUNS
		);
	});

	it('refuses a bare calendar quarter as ambiguous and names the financial-year label it may mean', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: MIN_FINANCIAL_YEAR + 1, max: MAX_FINANCIAL_YEAR }),
				fc.constantFrom(1, 2, 3, 4),
				fc.constantFrom(' Q', '-Q', ' q', 'Q'),
				(year, quarter, joint) => {
					const result = parsePeriodLabel(`${year}${joint}${quarter}`);
					expect(result.ok).toBe(false);
					if (result.ok) return;
					expect(result.ambiguous).toBe(true);
					expect(result.message).toContain(formatPeriodLabel({ year, quarter }));
				}
			),
			RUNS
		);
	});
});

describe('parsePeriodSlug, on any input', () => {
	it('finds a quarter only in the one canonical spelling, and never throws', () => {
		fc.assert(
			fc.property(fc.oneof(anyText, period.map(formatPeriodSlug)), (text) => {
				const found = parsePeriodSlug(text);
				if (found !== null) expect(formatPeriodSlug(found)).toBe(text);
			}),
			RUNS
		);
	});
});
