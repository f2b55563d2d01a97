/**
 * Complementary suppression that the audit proves (grid-audit.ts), after the rules of
 * suppression.ts: what they hide is audited, and while some hidden cell can be narrowed to fewer
 * than MIN_POSSIBLE_VALUES values, one more cell is hidden beside it, and the audit runs again.
 * This is sdcTable's SIMPLEHEURISTIC and GaussSuppression's FixRiskyIntervals in small: the
 * rules do most of the work fast, and the audit catches what they cannot see (that every hidden
 * figure is at least 1, and that groups chain: quarters → year to date → areas → partnership).
 *
 * The cell hidden to widen a narrow one is a figure on show that the reader does not know, is
 * not 0 (a zero says nothing of anyone, and is always shown) and sits in an equation with the
 * narrow cell; of those, one of the latest quarter (earlier quarters were on show before it came
 * in, so hiding them now protects nothing), then one of threshold or more (it brings more slack
 * than another small one), the smallest first. When none sits beside it, any such figure in the
 * narrow cell's component will do. When there is none at all the cell is left as it is and the
 * audit reports it.
 */
import { buildAttackerProblem, type GridFacts } from './attacker-problem.js';
import { auditProblem, type AuditOptions } from './grid-audit.js';
import { MIN_POSSIBLE_VALUES } from './interval-solver.js';

/**
 * Below this many possible values in the relaxed interval, the integer program confirms it. The
 * integer interval lies within the relaxed one, and where they differ in a table of sums it is by
 * the rounding of a fractional corner, a value or two; the audit (grid-audit.ts) confirms every
 * bounded interval, and the tests run it over what this protects.
 */
const CONFIRM_BELOW = MIN_POSSIBLE_VALUES + 3;

export interface ProtectOptions extends AuditOptions {
	/** The period a cell belongs to, as a number that grows with time. */
	periodOf(key: string): number;
}

/** `hidden` and the cells to hide besides, so that no hidden cell is narrowed too far. */
export function protectGrid(
	facts: GridFacts,
	hidden: ReadonlySet<string>,
	options: ProtectOptions
): Set<string> {
	const result = new Set(hidden);
	const safe = new Set<string>();
	const unfixable = new Set<string>();
	const candidate = (key: string): boolean => {
		const value = facts.values.get(key) ?? null;
		return (
			value !== null &&
			value !== 0 &&
			!result.has(key) &&
			!facts.known.has(key) &&
			!options.neverShown(key)
		);
	};
	const rank = (key: string): number[] => {
		const value = Math.abs(facts.values.get(key) ?? 0);
		return [-options.periodOf(key), value < options.threshold ? 1 : 0, value];
	};
	const best = (keys: Iterable<string>): string | null => {
		let chosen: string | null = null;
		let chosenRank: number[] = [];
		for (const key of keys) {
			if (!candidate(key)) continue;
			const r = rank(key);
			if (chosen === null || compareRanks(r, chosenRank) < 0) {
				chosen = key;
				chosenRank = r;
			}
		}
		return chosen;
	};

	// Each round hides one more cell per unsafe component, or gives a cell up: it ends.
	for (;;) {
		const problem = buildAttackerProblem(facts, result, options);
		const components = auditProblem(problem, options.solver, {
			firstOnly: true,
			ignore: unfixable,
			confirmBelow: CONFIRM_BELOW,
			skip: (signature) => safe.has(signature)
		});
		let changed = false;
		for (const component of components) {
			const narrow = component.narrow.find((n) => !unfixable.has(n.key));
			if (!narrow) {
				// Safe, or narrow only where nothing can be hidden: nothing more to do here.
				safe.add(component.signature);
				continue;
			}
			const beside = component.rows.filter((row) => row.cells.includes(narrow.key));
			const chosen =
				best(beside.flatMap((row) => row.cells)) ??
				best(component.rows.flatMap((row) => row.cells));
			if (chosen === null) unfixable.add(narrow.key);
			else result.add(chosen);
			changed = true;
		}
		if (!changed) return result;
	}
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
	return 0;
}
