import { describe, expect, it } from 'vitest';

import type { GridFacts } from './attacker-problem.js';
import { buildAttackerProblem } from './attacker-problem.js';
import { auditGrid } from './grid-audit.js';
import { highsIntervalSolver } from './highs-interval-solver.js';
import { protectGrid } from './protect-grid.js';

const OPTIONS = {
	integral: true,
	threshold: 5,
	neverShown: (key: string) => key.startsWith('others'),
	solver: highsIntervalSolver
};

/** A total and its parts, with the values given. */
function facts(
	values: Record<string, number | null>,
	groups: GridFacts['groups'],
	known: string[] = []
): GridFacts {
	return { values: new Map(Object.entries(values)), groups, known: new Set(known) };
}

const AREAS = facts({ total: 12, a: 1, b: 1, c: 10 }, [{ total: 'total', parts: ['a', 'b', 'c'] }]);

describe('the disclosure audit', () => {
	it('finds two hidden figures under a shown total of 2 to be 1 each', () => {
		const narrow = auditGrid(AREAS, new Set(['a', 'b']), OPTIONS);
		expect(narrow.map((n) => [n.key, n.interval.min, n.interval.max])).toEqual([
			['a', 1, 1],
			['b', 1, 1]
		]);
	});

	it('passes hidden figures that can each be anything from 1 to 10', () => {
		expect(auditGrid(AREAS, new Set(['a', 'b', 'c']), OPTIONS)).toEqual([]);
	});

	it('counts a range of three values as enough and two as too few', () => {
		const three = facts({ total: 4, a: 2, b: 2 }, [{ total: 'total', parts: ['a', 'b'] }]);
		expect(auditGrid(three, new Set(['a', 'b']), OPTIONS)).toEqual([]);
		const two = facts({ total: 3, a: 1, b: 2 }, [{ total: 'total', parts: ['a', 'b'] }]);
		expect(auditGrid(two, new Set(['a', 'b']), OPTIONS).map((n) => n.possibleValues)).toEqual([
			2, 2
		]);
	});

	it('follows groups that chain: two quarters under a year to date under an area total', () => {
		// Humber's year to date 22 − partnership-wide returns 18 = 4 over two areas' years to date,
		// each of two hidden quarters of at least 1: every hidden quarter is 1 (the probe's P1.06).
		const chain = facts(
			{ humber: 22, returns: 18, hull: 2, ery: 2, hq1: 1, hq2: 1, eq1: 1, eq2: 1 },
			[
				{ total: 'humber', parts: ['hull', 'ery', 'returns'] },
				{ total: 'hull', parts: ['hq1', 'hq2'] },
				{ total: 'ery', parts: ['eq1', 'eq2'] }
			]
		);
		const narrow = auditGrid(chain, new Set(['hull', 'ery', 'hq1', 'hq2', 'eq1', 'eq2']), OPTIONS);
		expect(narrow.map((n) => n.key).sort()).toEqual(['eq1', 'eq2', 'ery', 'hq1', 'hq2', 'hull']);
	});

	it("finds a partner's view of everyone else's small figure, which no page shows", () => {
		const partner = facts(
			{ area: 7, own: 5, others: 2 },
			[{ total: 'area', parts: ['own', 'others'] }],
			['own']
		);
		expect(auditGrid(partner, new Set(), OPTIONS).map((n) => n.key)).toEqual(['others']);
	});

	it('reads a group whose total is the mean of its parts as a mean', () => {
		const mean = facts({ total: 2, a: 1, b: 3 }, [{ total: 'total', parts: ['a', 'b'] }]);
		const problem = buildAttackerProblem(mean, new Set(['a']), { ...OPTIONS, integral: false });
		expect(problem.rows.map((r) => [r.terms, r.rhs])).toEqual([[[[0, 1]], 1]]);
	});

	it('leaves out a group the true figures do not add up in, which is no relation', () => {
		const latest = facts({ ytd: 4, q1: 1, q2: 9 }, [{ total: 'ytd', parts: ['q1', 'q2'] }]);
		expect(buildAttackerProblem(latest, new Set(['q1']), OPTIONS).rows).toEqual([]);
	});
});

describe('protection proved by the audit', () => {
	it('hides another figure beside ones the audit can narrow, until it cannot', () => {
		const hidden = protectGrid(AREAS, new Set(['a', 'b']), { ...OPTIONS, periodOf: () => 0 });
		expect(hidden.has('c') || hidden.has('total')).toBe(true);
		expect(auditGrid(AREAS, hidden, OPTIONS)).toEqual([]);
	});

	it('never hides a zero or a figure the reader knows to protect another', () => {
		const grid = facts(
			{ total: 9, a: 1, b: 1, zero: 0, own: 7 },
			[{ total: 'total', parts: ['a', 'b', 'zero', 'own'] }],
			['own']
		);
		const hidden = protectGrid(grid, new Set(['a', 'b']), { ...OPTIONS, periodOf: () => 0 });
		expect([...hidden].sort()).toEqual(['a', 'b', 'total']);
	});

	it('hides a figure of the latest quarter rather than one already on show', () => {
		const ytd = facts({ ytd: 8, q1: 1, q2: 1, q3: 6 }, [
			{ total: 'ytd', parts: ['q1', 'q2', 'q3'] }
		]);
		const periodOf = (key: string) => (key === 'q1' ? 1 : key === 'q2' ? 2 : 3);
		const hidden = protectGrid(ytd, new Set(['q1', 'q2']), { ...OPTIONS, periodOf });
		expect([...hidden].sort()).toEqual(['q1', 'q2', 'q3']);
	});
});
