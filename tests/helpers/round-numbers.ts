/**
 * A copy of `value` with every number rounded to 12 significant figures, to compare figures
 * worked out in SQL with the same figures worked out in JavaScript: SQLite adds up with a
 * compensated sum, so the last binary digit of a sum or mean may differ.
 */
export function roundNumbers<T>(value: T): T {
	if (typeof value === 'number') return Number(value.toPrecision(12)) as T;
	if (Array.isArray(value)) return value.map(roundNumbers) as T;
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundNumbers(v)])) as T;
	return value;
}
