/**
 * Properties of the value parser over generated cells (fast-check): any text in any unit is read
 * as a figure that can be stored (finite, not negative, within the unit's range) or refused with
 * a sentence; nothing throws and nothing becomes NaN, Infinity or -0. On a failure fast-check
 * prints the seed and the smallest cell it found.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LARGEST_FIGURE, readFigureValue, type ValueErrorCode } from './figure-value.js';
import type { Unit } from './framework.js';

const RUNS = { numRuns: 500 };
const UNITS: Unit[] = ['count', 'percent', 'gbp', 'days', 'ratio'];
const unit = fc.constantFrom(...UNITS);

const ERROR_CODES: ValueErrorCode[] = [
	'not-a-number',
	'spreadsheet-error',
	'formula',
	'date-not-number',
	'look-alike-digits',
	'negative',
	'not-whole',
	'out-of-range',
	'wrong-symbol',
	'decimal-comma'
];

/** Pieces of what spreadsheets put in cells, so that generated cells are often nearly numbers. */
const PIECES = [
	'0',
	'1',
	'7',
	'9',
	'00',
	'1,234',
	',',
	'.',
	'-',
	'+',
	'=',
	'@',
	'%',
	'£',
	'e',
	'E+',
	' ',
	'\u00A0',
	'\t',
	'#N/A',
	'nil',
	'n/a',
	'"',
	'１',
	'٣',
	'\u2212',
	'Apr',
	'/',
	'NaN',
	'Infinity',
	'0x'
];

const cellLike = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join(''));
const anyCell = fc.oneof(
	cellLike,
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.stringMatching(/^-?\d{1,400}(\.\d{0,20})?$/)
);

/** A whole number written as people do: plain or with thousands separators, maybe padded. */
function written(n: number, grouped: boolean, pad: string): string {
	const digits = grouped ? n.toLocaleString('en-GB') : String(n);
	return `${pad}${digits}${pad}`;
}

describe('readFigureValue, on any cell', () => {
	it('gives a storable figure or an error with a sentence, and never throws', () => {
		fc.assert(
			fc.property(anyCell, unit, (cell, u) => {
				const reading = readFigureValue(cell, u);
				if (!reading.ok) {
					expect(ERROR_CODES).toContain(reading.code);
					expect(reading.message).toMatch(/^\S[\s\S]*\.$/);
					return;
				}
				if (reading.kind === 'absent') {
					expect(cell.trim()).toBe('');
					return;
				}
				if (reading.kind === 'nil') expect(reading.value).toBe(0);
				if (reading.kind === 'not_collected') expect(reading.value).toBeNull();
				if (reading.kind === 'value') {
					const value = reading.value!;
					expect(Number.isFinite(value)).toBe(true);
					expect(Object.is(value, -0)).toBe(false);
					expect(value).toBeGreaterThanOrEqual(0);
					expect(value).toBeLessThanOrEqual(u === 'percent' ? 100 : LARGEST_FIGURE);
					if (u === 'count') expect(Number.isInteger(value)).toBe(true);
				}
			}),
			RUNS
		);
	});

	it('reads a whole number, plain or grouped, padded with spaces, as itself in every unit', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: LARGEST_FIGURE }),
				fc.boolean(),
				fc.constantFrom('', ' ', '\u00A0', '\t'),
				unit,
				(n, grouped, pad, u) => {
					const reading = readFigureValue(written(n, grouped, pad), u);
					if (u === 'percent' && n > 100) expect(reading).toMatchObject({ code: 'out-of-range' });
					else expect(reading).toEqual({ ok: true, kind: 'value', value: n, warning: null });
				}
			),
			RUNS
		);
	});

	it('accepts a trailing % only on a percentage, and a leading £ only on an amount in pounds', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 100 }), unit, (n, u) => {
				const percent = readFigureValue(`${n}%`, u);
				const pounds = readFigureValue(`£${n}`, u);
				if (u === 'percent') expect(percent).toMatchObject({ ok: true, value: n });
				else expect(percent).toMatchObject({ ok: false, code: 'wrong-symbol' });
				if (u === 'gbp') expect(pounds).toMatchObject({ ok: true, value: n });
				else expect(pounds).toMatchObject({ ok: false, code: 'wrong-symbol' });
			}),
			RUNS
		);
	});

	it('refuses any negative figure, and a fraction where the unit is a count', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 1, max: 99 }),
				unit,
				(n, hundredths, u) => {
					expect(readFigureValue(`-${n}`, u)).toMatchObject({ ok: false, code: 'negative' });
					const fraction = readFigureValue(`${n % 100}.${String(hundredths).padStart(2, '0')}`, u);
					if (u === 'count') expect(fraction).toMatchObject({ ok: false, code: 'not-whole' });
					else expect(fraction.ok).toBe(true);
				}
			),
			RUNS
		);
	});

	it('refuses any cell that starts with "=" as a formula, never reading a number from it', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 30 }), unit, (rest, u) => {
				expect(readFigureValue(`=${rest}`, u)).toMatchObject({ ok: false, code: 'formula' });
			}),
			RUNS
		);
	});
});
