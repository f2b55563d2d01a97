/**
 * The interval solver on HiGHS (the `highs` package: HiGHS compiled to WebAssembly, MIT), the
 * LP and MIP solver sdcTable and GaussSuppression use for the same attacker problems. Chosen over
 * glpk.js for its licence (GLPK is GPL), for solving integer programs fast, and for its
 * persistent models: a component is loaded once and each cell's minimum and maximum only change
 * the objective, so the simplex starts from the last basis.
 *
 * The WebAssembly module loads once per process (about 90 ms), when this module is first
 * imported; every solve after that is synchronous.
 */
import * as highsPackage from 'highs';
import type { Highs } from 'highs';

import {
	possibleValues,
	type Interval,
	type IntervalSolver,
	type LocalProblem
} from './interval-solver.js';

// The package's types describe its CommonJS build, where the loader is `default` of the module's
// exports; Node loads its ES module, whose default export is the loader itself.
type Loader = () => Promise<Highs>;
const exported = (highsPackage as unknown as { default: Loader | { default: Loader } }).default;
const highs = await (typeof exported === 'function' ? exported : exported.default)();
const { modelStatus, objectiveSense, variableType } = highs.constants;

/**
 * Each target's interval from the linear relaxation first (five times faster than the integer
 * program here), then, for a count, from the integer program wherever the relaxation leaves an
 * upper bound. The integer interval lies within the relaxed one, so a cell the relaxation finds
 * narrow is narrow; and a cell the relaxation leaves unbounded above is unbounded as a whole
 * number too (the true figures are a whole solution, and a direction without limit in a system
 * of whole coefficients has a whole multiple), so only the bounded ones need the integer program,
 * and of those only the ones the relaxation leaves with fewer than `confirmBelow` values.
 * The minimum is worked out only for a cell bounded above: for any other it is its lower bound.
 */
export const highsIntervalSolver: IntervalSolver = {
	intervals(problem, targets, { enough, confirmBelow = Infinity } = {}) {
		const found = new Map<number, Interval>();
		if (targets.length === 0) return found;
		const model = highs.createModel(modelData(problem));
		try {
			model.options.set('output_flag', false);
			const solve = (target: number): Interval => {
				const max = optimise(model, objectiveSense.maximize, problem);
				if (max === Infinity) return { min: problem.lower[target]!, max };
				return { min: optimise(model, objectiveSense.minimize, problem), max };
			};
			const bounded: number[] = [];
			for (const target of targets) {
				costOnly(model, problem, target);
				const interval = solve(target);
				found.set(target, interval);
				if (enough?.(target, interval)) return found;
				if (interval.max !== Infinity && possibleValues(interval, true) < confirmBelow)
					bounded.push(target);
			}
			if (!problem.integral || bounded.length === 0) return found;
			model.changeColsIntegrality(
				{ kind: 'range', from: 0, to: problem.lower.length - 1 },
				new Array(problem.lower.length).fill(variableType.integer)
			);
			for (const target of bounded) {
				costOnly(model, problem, target);
				const interval = solve(target);
				found.set(target, interval);
				if (enough?.(target, interval)) return found;
			}
		} finally {
			model.dispose();
		}
		return found;
	}
};

/** Makes the objective the target alone. */
function costOnly(model: Model, problem: LocalProblem, target: number): void {
	const costs = new Array<number>(problem.lower.length).fill(0);
	costs[target] = 1;
	model.changeColsCost({ kind: 'range', from: 0, to: costs.length - 1 }, costs);
}

type Model = ReturnType<typeof highs.createModel>;

function optimise(
	model: Model,
	sense: (typeof objectiveSense)[keyof typeof objectiveSense],
	problem: LocalProblem
): number {
	model.changeObjectiveSense(sense);
	model.run();
	let status = model.getModelStatus();
	if (status === modelStatus.unknown) {
		// A warm start from the last objective's basis can end undecided; a cold start decides.
		model.clearSolver();
		model.run();
		status = model.getModelStatus();
	}
	if (status === modelStatus.optimal) return model.getObjectiveValue();
	// The true figures solve the problem, so it is never infeasible: no optimum means no bound.
	if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible)
		return sense === objectiveSense.maximize ? Infinity : -Infinity;
	throw new Error(
		`The disclosure audit's solver stopped with model status ${status} on a problem of ${problem.lower.length} unknowns.`
	);
}

function modelData(problem: LocalProblem) {
	const numCols = problem.lower.length;
	const numRows = problem.rows.length;
	const starts = [0];
	const indices: number[] = [];
	const values: number[] = [];
	for (const row of problem.rows) {
		for (const [variable, coefficient] of row.terms) {
			indices.push(variable);
			values.push(coefficient);
		}
		starts.push(indices.length);
	}
	const rhs = problem.rows.map((r) => r.rhs);
	return {
		numCols,
		numRows,
		colCost: new Array<number>(numCols).fill(0),
		colLower: problem.lower,
		colUpper: new Array<number>(numCols).fill(highs.infinity),
		rowLower: rhs,
		rowUpper: rhs,
		matrix: { format: 'csr' as const, numRows, numCols, starts, indices, values }
	};
}
