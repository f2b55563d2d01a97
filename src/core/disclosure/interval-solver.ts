/**
 * The narrowest range an attacker can put on each hidden cell: for each, the least and the
 * greatest value it can take in the attacker's problem (attacker-problem.ts), two optimisations.
 * The solver behind it is HiGHS (highs-interval-solver.ts); this is what the rest of the code
 * asks of one, so that the rules can be read without it.
 */

/** One equation over a component's unknowns, numbered 0 to n − 1. */
export interface LocalRow {
	terms: Array<[variable: number, coefficient: number]>;
	rhs: number;
}

/** A component of the attacker's problem, renumbered from 0. */
export interface LocalProblem {
	lower: number[];
	integral: boolean;
	rows: LocalRow[];
}

export interface Interval {
	min: number;
	/** Infinity when nothing bounds the cell from above. */
	max: number;
}

export interface IntervalOptions {
	enough?: (target: number, interval: Interval) => boolean;
	/**
	 * For whole numbers: a relaxed (continuous) interval with this many possible values or more is
	 * taken as it is, without the integer program. Infinity (the default) always confirms.
	 */
	confirmBelow?: number;
}

export interface IntervalSolver {
	/**
	 * The interval of each target, in order, until `enough` says so for one (the ranges found by
	 * then are returned): a protection step needs only the first narrow cell.
	 */
	intervals(
		problem: LocalProblem,
		targets: readonly number[],
		options?: IntervalOptions
	): Map<number, Interval>;
}

/** The rule (issue 14): a hidden cell must keep at least this many possible values. */
export const MIN_POSSIBLE_VALUES = 3;

/** How many values a cell can still take: whole numbers for counts, else the interval's width. */
export function possibleValues(interval: Interval, integral: boolean): number {
	if (interval.max === Infinity) return Infinity;
	if (!integral) return interval.max - interval.min + 1;
	const low = Math.ceil(interval.min - 1e-6);
	const high = Math.floor(interval.max + 1e-6);
	return Math.max(0, high - low + 1);
}

export function isNarrow(interval: Interval, integral: boolean): boolean {
	return possibleValues(interval, integral) < MIN_POSSIBLE_VALUES;
}
