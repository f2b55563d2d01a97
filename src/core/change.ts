/**
 * Change between two figures, described without over-reading small numbers (SPEC §5): between
 * two counts under 10 a percentage would mislead, so the change is "too small to compare".
 */
import type { Unit } from './framework.js';

export const SMALL_COUNT = 10;

export type Change =
	| { kind: 'none' }
	| { kind: 'too-small'; from: number; to: number; difference: number }
	| { kind: 'compared'; from: number; to: number; difference: number; percent: number | null };

export function describeChange(unit: Unit, from: number | null, to: number | null): Change {
	if (from === null || to === null) return { kind: 'none' };
	const difference = to - from;
	if (unit === 'count' && Math.abs(from) < SMALL_COUNT && Math.abs(to) < SMALL_COUNT)
		return { kind: 'too-small', from, to, difference };
	// A percentage change from zero is undefined; the difference alone is shown.
	const percent = from === 0 ? null : (difference / Math.abs(from)) * 100;
	return { kind: 'compared', from, to, difference, percent };
}
