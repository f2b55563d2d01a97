/**
 * The disclosure audit of one reader's grid: every hidden cell, and every small figure no page
 * shows, whose range the reader can narrow to fewer than MIN_POSSIBLE_VALUES values.
 */
import {
	buildAttackerProblem,
	splitComponents,
	type AttackerOptions,
	type AttackerProblem,
	type GridFacts,
	type LinearRow
} from './attacker-problem.js';
import {
	isNarrow,
	possibleValues,
	type Interval,
	type IntervalSolver,
	type LocalProblem
} from './interval-solver.js';

export interface NarrowCell {
	key: string;
	/** The true figure: for the coordinator's eyes (the command line, the report's check). */
	value: number;
	interval: Interval;
	possibleValues: number;
}

export interface AuditOptions extends AttackerOptions {
	solver: IntervalSolver;
}

/** One component of the problem, with the equations and unknowns it was made of. */
export interface AuditedComponent {
	/** The unknowns' keys, sorted: the same component has the same signature. */
	signature: string;
	rows: LinearRow[];
	narrow: NarrowCell[];
}

/**
 * Each component's narrow cells. With `firstOnly`, a component's search stops at its first
 * narrow cell not in `ignore`; `skip` names components already dealt with.
 */
export function auditProblem(
	problem: AttackerProblem,
	solver: IntervalSolver,
	options: {
		firstOnly?: boolean;
		ignore?: ReadonlySet<string>;
		confirmBelow?: number;
		skip?: (signature: string) => boolean;
	} = {}
): AuditedComponent[] {
	const guarded = new Set(problem.guarded);
	const audited: AuditedComponent[] = [];
	for (const component of splitComponents(problem)) {
		// An unknown in no equation is bounded by nothing: any value from its least up.
		if (component.rows.length === 0) continue;
		const targets = component.variables.filter((v) => guarded.has(v));
		if (targets.length === 0) continue;
		const signature = component.variables
			.map((v) => problem.variables[v]!)
			.sort()
			.join('\n');
		if (options.skip?.(signature)) continue;
		const local = new Map(component.variables.map((v, i) => [v, i]));
		const localProblem: LocalProblem = {
			lower: component.variables.map((v) => problem.lower[v]!),
			integral: problem.integral,
			rows: component.rows.map((row) => ({
				terms: row.terms.map(([v, c]): [number, number] => [local.get(v)!, c]),
				rhs: row.rhs
			}))
		};
		const intervals = solver.intervals(
			localProblem,
			targets.map((v) => local.get(v)!),
			{
				confirmBelow: options.confirmBelow,
				enough: options.firstOnly
					? (target, interval) =>
							isNarrow(interval, problem.integral) &&
							!options.ignore?.has(problem.variables[component.variables[target]!]!)
					: undefined
			}
		);
		const narrow: NarrowCell[] = [];
		for (const [localIndex, interval] of intervals) {
			if (!isNarrow(interval, problem.integral)) continue;
			const v = component.variables[localIndex]!;
			narrow.push({
				key: problem.variables[v]!,
				value: problem.truth[v]!,
				interval,
				possibleValues: possibleValues(interval, problem.integral)
			});
		}
		audited.push({ signature, rows: component.rows, narrow });
	}
	return audited;
}

/** Every cell of the grid the reader can narrow too far, with `hidden` hidden from it. */
export function auditGrid(
	facts: GridFacts,
	hidden: ReadonlySet<string>,
	options: AuditOptions
): NarrowCell[] {
	const problem = buildAttackerProblem(facts, hidden, options);
	return auditProblem(problem, options.solver).flatMap((c) => c.narrow);
}
