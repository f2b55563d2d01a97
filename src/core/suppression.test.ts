import { describe, expect, it } from 'vitest';

import type { Principal } from './access.js';
import {
	isPrimarySuppressed,
	NO_SUPPRESSION,
	suppressGroup,
	suppressGroups,
	suppressionNote,
	suppressionPolicyFor,
	SUPPRESSED_SYMBOL,
	type AdditiveGroup,
	type SuppressionCell,
	type SuppressionPolicy
} from './suppression.js';

const FUNDER: SuppressionPolicy = { applies: true, threshold: 5 };

const user = (role: 'coordinator' | 'funder' | 'partner' | 'viewer'): Principal => ({
	kind: 'user',
	userId: 1,
	role,
	partnerId: role === 'partner' ? 7 : null,
	label: role
});

describe('suppressionPolicyFor', () => {
	it.each<[string, Principal, boolean]>([
		['the coordinator', user('coordinator'), false],
		[
			'the command line (which acts as the coordinator)',
			{ kind: 'command-line', label: 'cli' },
			false
		],
		['a funder', user('funder'), true],
		['a partner', user('partner'), true],
		['a viewer', user('viewer'), true],
		['a partner API token', { kind: 'token', tokenId: 1, partnerId: 7, label: 't' }, true],
		[
			'a submission link',
			{ kind: 'link', linkId: 1, partnerId: 7, period: { year: 2025, quarter: 1 }, label: 'l' },
			true
		],
		['nobody signed in', { kind: 'anonymous' }, true]
	])('for %s, applies is %s', (_who, principal, applies) => {
		expect(suppressionPolicyFor(principal, 5)).toEqual({ applies, threshold: 5 });
	});

	it('carries the configured threshold', () => {
		expect(suppressionPolicyFor(user('funder'), 3).threshold).toBe(3);
	});
});

describe('isPrimarySuppressed', () => {
	it.each<[number | null, boolean, SuppressionPolicy, boolean]>([
		// Threshold 5: 1 to 4 hidden.
		[1, true, FUNDER, true],
		[2, true, FUNDER, true],
		[4, true, FUNDER, true],
		[5, true, FUNDER, false],
		[120, true, FUNDER, false],
		// A true zero and a nil (no figure) disclose no one.
		[0, true, FUNDER, false],
		[null, true, FUNDER, false],
		[Number.NaN, true, FUNDER, false],
		// A mean of small counts is small too.
		[2.5, true, FUNDER, true],
		// Not sensitive, or the coordinator: nothing hidden.
		[3, false, FUNDER, false],
		[3, true, NO_SUPPRESSION, false],
		[3, true, { applies: false, threshold: 5 }, false],
		// A custom threshold of 3: 1 and 2 hidden, 3 shown.
		[2, true, { applies: true, threshold: 3 }, true],
		[3, true, { applies: true, threshold: 3 }, false],
		[4, true, { applies: true, threshold: 3 }, false]
	])('%s (sensitive %s, %o) → %s', (value, sensitive, policy, hidden) => {
		expect(isPrimarySuppressed(value, sensitive, policy)).toBe(hidden);
	});
});

/** A group from `{ total: 45, A: 3, … }`: the key `total` is the total, the rest are parts. */
function group(values: Record<string, number | null>): SuppressionCell[] {
	return Object.entries(values).map(([key, value]) => ({
		key,
		value,
		role: key === 'total' ? 'total' : 'part'
	}));
}

const sorted = (keys: Set<string>) => [...keys].sort();

describe('suppressGroup', () => {
	it.each<[string, Record<string, number | null>, string[]]>([
		['nothing small: nothing hidden', { total: 60, HULL: 10, ERY: 20, NEL: 12, NL: 18 }, []],
		// Rule 1: Hull alone would be 45 − 10 − 12 − 20; the next smallest (ERY, 10) goes too.
		[
			'one small area among four, and the next smallest with it',
			{ total: 45, HULL: 3, ERY: 10, NEL: 12, NL: 20 },
			['ERY', 'HULL']
		],
		[
			'ties go to the first area in order',
			{ total: 33, HULL: 3, ERY: 10, NEL: 10, NL: 10 },
			['ERY', 'HULL']
		],
		// Two hidden areas: 37 − 12 − 20 = 5 could be 1 + 4, 2 + 3, 3 + 2 or 4 + 1.
		[
			'two small areas hide each other',
			{ total: 37, HULL: 3, ERY: 2, NEL: 12, NL: 20 },
			['ERY', 'HULL']
		],
		// Rule 2: two hidden areas that add up to 2 can only be 1 and 1.
		[
			'two small areas of 1 each, and one more',
			{ total: 34, HULL: 1, ERY: 1, NEL: 12, NL: 20 },
			['ERY', 'HULL', 'NEL']
		],
		// Rule 4: a small total's non-zero parts are small too.
		[
			'a small total and its small parts',
			{ total: 4, HULL: 3, ERY: 1, NEL: 0, NL: 0 },
			['ERY', 'HULL', 'total']
		],
		[
			'a small total with only one non-zero part',
			{ total: 3, HULL: 3, ERY: 0, NEL: 0, NL: null },
			['HULL', 'total']
		],
		// Zero is never hidden, so one hidden part beside zeros leaves only the total to hide.
		[
			'one small part beside zeros under a total that includes returns not split by area',
			{ total: 9, HULL: 3, ERY: 0, NEL: 0 },
			['HULL', 'total']
		],
		// Zeros and nil are shown, and are not used to protect others.
		['zeros and nil shown', { total: 30, HULL: 0, ERY: null, NEL: 30 }, []],
		[
			'a zero is never the second cell hidden',
			{ total: 23, HULL: 3, ERY: 0, NEL: 20 },
			['HULL', 'NEL']
		],
		// All parts but one shown with the total hidden is fine: nothing to work out.
		['threshold edge: 4 is hidden', { total: 24, HULL: 4, ERY: 20 }, ['ERY', 'HULL']],
		['threshold edge: 5 is shown', { total: 25, HULL: 5, ERY: 20 }, []],
		// Quarters → year to date: Q2 would be 25 − 10 − 12, so Q1 (the smallest shown) goes too.
		[
			'a quarter hidden while the year to date and the other quarters are shown',
			{ total: 25, Q1: 10, Q2: 3, Q3: 12 },
			['Q1', 'Q2']
		],
		[
			'a year to date made only of small quarters',
			{ total: 4, Q1: 1, Q2: 0, Q3: 3 },
			['Q1', 'Q3', 'total']
		]
	])('%s', (_case, values, hidden) => {
		expect(sorted(suppressGroup(group(values), true, FUNDER))).toEqual(hidden);
	});

	it('hides nothing when the metric is not sensitive', () => {
		const cells = group({ total: 45, HULL: 3, ERY: 10, NEL: 12, NL: 20 });
		expect(suppressGroup(cells, false, FUNDER).size).toBe(0);
	});

	it('hides nothing from the coordinator', () => {
		const cells = group({ total: 45, HULL: 3, ERY: 10, NEL: 12, NL: 20 });
		const coordinator = suppressionPolicyFor(user('coordinator'), 5);
		expect(suppressGroup(cells, true, coordinator).size).toBe(0);
	});

	it('uses a custom threshold', () => {
		const cells = group({ total: 45, HULL: 3, ERY: 2, NEL: 20, NL: 20 });
		const three: SuppressionPolicy = { applies: true, threshold: 3 };
		// 3 is shown at threshold 3; 2 is hidden, and so is the next smallest, Hull's 3.
		expect(sorted(suppressGroup(cells, true, three))).toEqual(['ERY', 'HULL']);
	});

	it('is the same group whatever the order of the cells, apart from ties', () => {
		const cells = group({ NL: 20, total: 45, NEL: 12, HULL: 3, ERY: 10 });
		expect(sorted(suppressGroup(cells, true, FUNDER))).toEqual(['ERY', 'HULL']);
	});
});

describe('suppressGroups', () => {
	it('hides a part of a hidden total that its parts would give away (rule 3)', () => {
		// The partnership: 20 = Hull 3 + East Riding 17; East Riding: 17 = partner 10 + partner 7.
		const values = new Map<string, number | null>([
			['HUMBER', 20],
			['HULL', 3],
			['ERY', 17],
			['ERY|a', 10],
			['ERY|b', 7]
		]);
		const groups: AdditiveGroup[] = [
			{ total: 'HUMBER', parts: ['HULL', 'ERY'] },
			{ total: 'ERY', parts: ['ERY|a', 'ERY|b'] }
		];
		// Hull hidden → East Riding hidden → one of its partners hidden, the smaller.
		expect(sorted(suppressGroups(values, groups, true, FUNDER))).toEqual(['ERY', 'ERY|b', 'HULL']);
	});

	it('carries secondary suppression across a table of areas by quarter until nothing changes', () => {
		// Two quarters (rows) of two areas (columns), with row and column totals.
		//          HULL  ERY  | HUMBER
		//    Q1      3   10   |   13
		//    Q2     12    9   |   21
		//    YTD    15   19   |   34
		const values = new Map<string, number | null>([
			['Q1|HULL', 3],
			['Q1|ERY', 10],
			['Q1|HUMBER', 13],
			['Q2|HULL', 12],
			['Q2|ERY', 9],
			['Q2|HUMBER', 21],
			['YTD|HULL', 15],
			['YTD|ERY', 19],
			['YTD|HUMBER', 34]
		]);
		const groups: AdditiveGroup[] = [
			{ total: 'Q1|HUMBER', parts: ['Q1|HULL', 'Q1|ERY'] },
			{ total: 'Q2|HUMBER', parts: ['Q2|HULL', 'Q2|ERY'] },
			{ total: 'YTD|HUMBER', parts: ['YTD|HULL', 'YTD|ERY'] },
			{ total: 'YTD|HULL', parts: ['Q1|HULL', 'Q2|HULL'] },
			{ total: 'YTD|ERY', parts: ['Q1|ERY', 'Q2|ERY'] },
			{ total: 'YTD|HUMBER', parts: ['Q1|HUMBER', 'Q2|HUMBER'] }
		];
		const hidden = suppressGroups(values, groups, true, FUNDER);
		// The classic rectangle: Hull and East Riding in both quarters; totals all shown.
		expect(sorted(hidden)).toEqual(['Q1|ERY', 'Q1|HULL', 'Q2|ERY', 'Q2|HULL']);
		// And no group is left with exactly one hidden part under a shown total.
		for (const g of groups) {
			const hiddenParts = g.parts.filter((k) => hidden.has(k)).length;
			if (!hidden.has(g.total!)) expect(hiddenParts).not.toBe(1);
		}
	});

	it('treats nested groups as a group of their difference (year to date at Q3 − at Q2 = Q3)', () => {
		// Q1 10, Q2 12, Q3 3; years to date 10, 22, 25. Q3 = 25 − 22 if both are shown.
		const values = new Map<string, number | null>([
			['Q1', 10],
			['Q2', 12],
			['Q3', 3],
			['YTD1', 10],
			['YTD2', 22],
			['YTD3', 25]
		]);
		const groups: AdditiveGroup[] = [
			{ total: 'YTD1', parts: ['Q1'] },
			{ total: 'YTD2', parts: ['Q1', 'Q2'] },
			{ total: 'YTD3', parts: ['Q1', 'Q2', 'Q3'] }
		];
		const periodOf = (key: string) => Number(key.slice(-1));
		// Q3 is hidden, and so is the year to date at Q3, the only cell of Q3 that can protect
		// it; Q1, Q2 and their years to date were shown last quarter and stay shown.
		expect(sorted(suppressGroups(values, groups, true, FUNDER, { periodOf }))).toEqual([
			'Q3',
			'YTD3'
		]);
		// Without periods the smallest quarter goes: protects Q3 within this table alone.
		const timeless = suppressGroups(values, groups, true, FUNDER);
		expect(timeless.has('Q3')).toBe(true);
		expect(timeless.has('YTD3') || timeless.has('YTD2')).toBe(true);
	});

	it('hides the latest quarter rather than one already on show when a quarter is small', () => {
		// Q1 10, Q2 3, Q3 12: at Q2, Q2 and its year to date were hidden; at Q3, Q3 goes with them.
		const values = new Map<string, number | null>([
			['Q1', 10],
			['Q2', 3],
			['Q3', 12],
			['YTD1', 10],
			['YTD2', 13],
			['YTD3', 25]
		]);
		const groups: AdditiveGroup[] = [
			{ total: 'YTD1', parts: ['Q1'] },
			{ total: 'YTD2', parts: ['Q1', 'Q2'] },
			{ total: 'YTD3', parts: ['Q1', 'Q2', 'Q3'] }
		];
		const periodOf = (key: string) => Number(key.slice(-1));
		expect(sorted(suppressGroups(values, groups, true, FUNDER, { periodOf }))).toEqual([
			'Q2',
			'Q3',
			'YTD2'
		]);
		// The pattern for Q1 and Q2 does not change when Q3 arrives.
		const before = new Map([...values].filter(([k]) => !k.endsWith('3')));
		expect(sorted(suppressGroups(before, groups.slice(0, 2), true, FUNDER, { periodOf }))).toEqual([
			'Q2',
			'YTD2'
		]);
	});

	it('gives only primary suppression to cells in no group', () => {
		const values = new Map<string, number | null>([
			['a', 2],
			['b', 9]
		]);
		expect(sorted(suppressGroups(values, [], true, FUNDER))).toEqual(['a']);
	});

	it('ignores a group whose total is nil or not in the grid', () => {
		const values = new Map<string, number | null>([
			['total', null],
			['a', 2],
			['b', 9]
		]);
		const groups: AdditiveGroup[] = [
			{ total: 'total', parts: ['a', 'b'] },
			{ total: 'elsewhere', parts: ['a', 'b'] },
			{ total: null, parts: ['a', 'b'] }
		];
		expect(sorted(suppressGroups(values, groups, true, FUNDER))).toEqual(['a']);
	});
});

describe('suppressGroups with cells the reader knows', () => {
	/** One group, `total` and the rest as parts in order, and the keys the reader knows. */
	function hiddenFrom(values: Record<string, number | null>, known: string[]): string[] {
		const map = new Map(Object.entries(values));
		const parts = Object.keys(values).filter((key) => key !== 'total');
		const groups: AdditiveGroup[] = [{ total: 'total', parts }];
		return sorted(suppressGroups(map, groups, true, FUNDER, { known: new Set(known) }));
	}

	it('never hides a small cell the reader knows (rule 5)', () => {
		// Its own 3 beside others' 20: hiding the 3 from the one who reported it protects nothing.
		expect(hiddenFrom({ total: 23, own: 3, others: 20 }, ['own'])).toEqual([]);
		expect(hiddenFrom({ total: 23, own: 3, others: 20 }, [])).toEqual(['others', 'own']);
	});

	it('hides the total when the remainder beyond the known part is small (rule 6)', () => {
		// 7 − 5 = 2: the others' figure is worked out from the total, so the total goes.
		expect(hiddenFrom({ total: 7, own: 5, others: 2 }, ['own'])).toEqual(['others', 'total']);
	});

	it('hides another shown part rather than the total to protect a small remainder (rule 1)', () => {
		// 20 − 5 − 13 = 2; with the 13 hidden too the reader knows only that 13 + 2 = 15.
		expect(hiddenFrom({ total: 20, own: 5, B: 13, rest: 2 }, ['own'])).toEqual(['B', 'rest']);
	});

	it('never chooses a known part to hide, though it is the smallest (rule 1)', () => {
		// Hull's 3 alone would be 45 − 10 − 12 − 20; the 10 is known, so the 12 goes.
		expect(hiddenFrom({ total: 45, own: 10, HULL: 3, NEL: 12, NL: 20 }, ['own'])).toEqual([
			'HULL',
			'NEL'
		]);
	});

	it('hides one more unknown part when the hidden ones can only be ones (rule 2)', () => {
		// 30 − 8 − 20 = 2 = A + B, each at least 1: both are 1, so the 20 goes, not the known 8.
		expect(hiddenFrom({ total: 30, own: 8, A: 1, B: 1, C: 20 }, ['own'])).toEqual(['A', 'B', 'C']);
	});

	it('hides an unknown part of a hidden total that its parts would give away (rule 3)', () => {
		// The total is hidden to protect a neighbour; own 5 + 10 would give it back.
		const values = new Map<string, number | null>([
			['HUMBER', 40],
			['HULL', 15],
			['ERY', 3],
			['NEL', 22],
			['HULL|own', 5],
			['HULL|others', 10]
		]);
		const groups: AdditiveGroup[] = [
			{ total: 'HULL', parts: ['HULL|own', 'HULL|others'] },
			{ total: 'HUMBER', parts: ['HULL', 'ERY', 'NEL'] }
		];
		const known = new Set(['HULL|own']);
		// East Riding's 3 → Hull (15, the smaller neighbour) → the others' 10, never shown anyway.
		expect(sorted(suppressGroups(values, groups, true, FUNDER, { known }))).toEqual([
			'ERY',
			'HULL',
			'HULL|others'
		]);
	});

	it('leaves a remainder of 0 and a nil remainder alone', () => {
		// The others made nil returns: 7 − 7 = 0 names no one.
		expect(hiddenFrom({ total: 7, own: 7, others: 0 }, ['own'])).toEqual([]);
		// A small total is still hidden: the reader does not know the others' returns were nil.
		expect(hiddenFrom({ total: 3, own: 3, others: 0 }, ['own'])).toEqual(['total']);
		// No one else gave a figure: the total is the reader's own, and the caller says it knows it.
		expect(hiddenFrom({ total: 3, own: 3, others: null }, ['own', 'total'])).toEqual([]);
	});

	it('protects what one reader cannot know with what another reader knows', () => {
		// Hull 3 and East Riding 2 under 37: two unknowns to the funder, but a reader that knows
		// Hull (its own, alone) would get East Riding as 37 − 3 − 12 − 20, so North East Lincs goes.
		const values = { total: 37, HULL: 3, ERY: 2, NEL: 12, NL: 20 };
		expect(hiddenFrom(values, [])).toEqual(['ERY', 'HULL']);
		expect(hiddenFrom(values, ['HULL'])).toEqual(['ERY', 'NEL']);
	});
});

describe('suppressionNote', () => {
	it('says which values are hidden, with the threshold', () => {
		expect(suppressionNote(5)).toMatch(
			/^\[c\] values of 1 to 4 are not shown to protect individuals/
		);
		expect(suppressionNote(3)).toContain('values of 1 to 2');
		expect(suppressionNote(2)).toContain('values of 1 are');
		expect(SUPPRESSED_SYMBOL).toBe('[c]');
	});
});
