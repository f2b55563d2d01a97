/**
 * What one reader can work out about a sensitive metric's hidden figures, as a linear system: the
 * attacker's problem of tabular disclosure control (τ-ARGUS, sdcTable's `attack()`,
 * GaussSuppression's `ComputeIntervals()`).
 *
 * The unknowns are the cells the reader cannot read: every hidden cell, and every cell no page
 * shows that the reader does not know (everyone else's part of an area's figure, for a partner:
 * metric-suppression.ts). Every other cell is a number the reader has: shown on some page, or its
 * own. Each additive group of the grid is one equation over them: total = Σ parts for a sum (a
 * `last` year's year to date is a group of one), or n × mean = Σ parts for a mean of n figures.
 * Nil parts are left out, as the figures leave them out ("missing is not zero").
 *
 * What a reader may assume besides the equations:
 * - a hidden figure is at least 1, since zeros are shown (suppression.ts): the singleton case
 *   that let two hidden quarters under a year to date of 2 be read as 1 each;
 * - a figure no page shows may be 0 (the others may all have made nil returns);
 * - a hidden count is a whole number, for a metric whose figures are whole numbers.
 * No upper bound is assumed: `[c]` marks a small figure and a figure hidden to protect one alike,
 * and a figure hidden to protect another can be any size, so a reader cannot tell which `[c]` is
 * at most threshold − 1.
 *
 * An equation is kept only when the true figures satisfy it. The grid's groups say which cells
 * make up which total, not how the metric combines them, and a total that is neither the sum nor
 * the mean of its parts (a year to date that is the latest quarter reported, under `last`) is not
 * a relation the reader can use. The true figures are then one solution of the system, so it
 * always has one.
 */
import type { AdditiveGroup } from '../suppression.js';

/** One equation: Σ coefficient × unknown = rhs, over the unknowns' indices. */
export interface LinearRow {
	terms: Array<[variable: number, coefficient: number]>;
	rhs: number;
	/** Every cell the equation was made from, unknown or not: where to look for a complement. */
	cells: string[];
}

export interface AttackerProblem {
	/** The cell key of each unknown. */
	variables: string[];
	lower: number[];
	/** The true figures: a solution of the rows, used to check them, never given to a solver. */
	truth: number[];
	rows: LinearRow[];
	/** Whether the unknowns are whole numbers. */
	integral: boolean;
	/** The unknowns whose range must stay wide: the hidden cells, and small unshown figures. */
	guarded: number[];
}

/** What a reader's grid holds (metric-suppression.ts MetricGrid). */
export interface GridFacts {
	values: ReadonlyMap<string, number | null>;
	groups: readonly AdditiveGroup[];
	known: ReadonlySet<string>;
}

export interface AttackerOptions {
	integral: boolean;
	threshold: number;
	/** Whether a cell is one no page shows (everyone else's figure in a partner's row). */
	neverShown(key: string): boolean;
	/**
	 * Whether a hidden cell is wholly the reader's own figure (everyone else's part of it is 0):
	 * what the reader can work out of it is its own, so its range need not stay wide.
	 */
	isReadersOwn?(key: string): boolean;
}

const TOLERANCE = 1e-9;

function close(a: number, b: number): boolean {
	return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The attacker's problem for a reader from whom `hidden` is hidden. */
export function buildAttackerProblem(
	facts: GridFacts,
	hidden: ReadonlySet<string>,
	options: AttackerOptions
): AttackerProblem {
	const variables: string[] = [];
	const lower: number[] = [];
	const truth: number[] = [];
	const guarded: number[] = [];
	const index = new Map<string, number>();
	for (const [key, value] of facts.values) {
		if (value === null || facts.known.has(key)) continue;
		const isHidden = hidden.has(key);
		if (!isHidden && !options.neverShown(key)) continue;
		index.set(key, variables.length);
		// Zeros are shown, so a hidden figure is more than 0: at least 1 when figures are whole.
		const floor = isHidden ? (options.integral ? 1 : 0) : 0;
		const guard = isHidden ? !options.isReadersOwn?.(key) : value > 0 && value < options.threshold;
		if (guard) guarded.push(variables.length);
		variables.push(key);
		lower.push(Math.min(floor, value));
		truth.push(value);
	}

	const rows: LinearRow[] = [];
	const seen = new Set<string>();
	for (const group of facts.groups) {
		const row = groupRow(group, facts.values, index);
		if (!row) continue;
		const signature = `${row.rhs}|${row.terms.map(([v, c]) => `${v}:${c}`).join(',')}`;
		if (seen.has(signature)) continue;
		seen.add(signature);
		rows.push(row);
	}
	return { variables, lower, truth, rows, integral: options.integral, guarded };
}

/** A group as an equation over the unknowns, or null when it is no relation the reader can use. */
function groupRow(
	group: AdditiveGroup,
	values: ReadonlyMap<string, number | null>,
	index: ReadonlyMap<string, number>
): LinearRow | null {
	if (group.total === null) return null;
	const total = values.get(group.total) ?? null;
	if (total === null) return null;
	const parts = group.parts.filter((key) => (values.get(key) ?? null) !== null);
	if (parts.length === 0) return null;
	const sum = parts.reduce((s, key) => s + values.get(key)!, 0);
	let totalCoefficient: number;
	if (close(sum, total)) totalCoefficient = -1;
	else if (close(sum / parts.length, total)) totalCoefficient = -parts.length;
	else return null;

	const coefficients = new Map<number, number>();
	let rhs = 0;
	const add = (key: string, coefficient: number) => {
		const variable = index.get(key);
		if (variable === undefined) rhs -= coefficient * values.get(key)!;
		else coefficients.set(variable, (coefficients.get(variable) ?? 0) + coefficient);
	};
	for (const key of parts) add(key, 1);
	add(group.total, totalCoefficient);
	const terms = [...coefficients].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0]);
	if (terms.length === 0) return null;
	return { terms, rhs: Number(rhs.toPrecision(12)), cells: [...parts, group.total] };
}

/**
 * The problem's unknowns in groups that share no equation, each with its equations: each can be
 * solved alone, and one that has not changed need not be solved again.
 */
export function splitComponents(
	problem: AttackerProblem
): Array<{ variables: number[]; rows: LinearRow[] }> {
	const parent = problem.variables.map((_, i) => i);
	const find = (i: number): number => {
		while (parent[i] !== i) {
			parent[i] = parent[parent[i]!]!;
			i = parent[i]!;
		}
		return i;
	};
	for (const row of problem.rows) {
		const first = row.terms[0]![0];
		for (const [v] of row.terms) parent[find(v)] = find(first);
	}
	const byRoot = new Map<number, { variables: number[]; rows: LinearRow[] }>();
	for (let i = 0; i < problem.variables.length; i++) {
		const root = find(i);
		if (!byRoot.has(root)) byRoot.set(root, { variables: [], rows: [] });
		byRoot.get(root)!.variables.push(i);
	}
	for (const row of problem.rows) byRoot.get(find(row.terms[0]![0]))!.rows.push(row);
	return [...byRoot.values()];
}
