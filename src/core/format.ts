/** Numbers as people read them: thousands separators, units, GSS symbols for gaps. */
import type { Unit } from './framework.js';
import { SUPPRESSED_SYMBOL } from './suppression.js';

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** `[x]` is the Government Statistical Service symbol for "not available". */
export const NOT_AVAILABLE = '[x]';

export function formatNumber(unit: Unit, value: number | null): string {
	if (value === null || !Number.isFinite(value)) return NOT_AVAILABLE;
	switch (unit) {
		case 'count':
		case 'days':
			return Number.isInteger(value) ? whole.format(value) : oneDecimal.format(value);
		case 'percent':
			return `${oneDecimal.format(value)}%`;
		case 'gbp':
			return `£${whole.format(value)}`;
		case 'ratio':
			return twoDecimals.format(value);
	}
}

/** A figure that may have been hidden to protect individuals (suppression.ts): `[c]` if so. */
export function formatFigure(unit: Unit, value: number | null, suppressed: boolean): string {
	return suppressed ? SUPPRESSED_SYMBOL : formatNumber(unit, value);
}

/**
 * A rate per 10,000 residents (rates.ts), to two decimal places: a handful of people in a large
 * area is a fraction of one per 10,000, which one decimal place would round to nothing. `[c]`
 * when the figure it is worked out from is hidden.
 */
export function formatRatePer10000(value: number | null, suppressed: boolean): string {
	if (suppressed) return SUPPRESSED_SYMBOL;
	return value === null || !Number.isFinite(value) ? NOT_AVAILABLE : twoDecimals.format(value);
}

/** The unit for a table header or an axis: "number", "%", "£". */
export function unitHeading(unit: Unit): string {
	return { count: 'number', percent: '%', gbp: '£', days: 'days', ratio: 'ratio' }[unit];
}
