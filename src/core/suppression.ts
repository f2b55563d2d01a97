/**
 * Sensitive figures (SPEC §6): small counts of victims are shown as `[c]`, the Government
 * Statistical Service symbol for "confidential", to everyone but the coordinator.
 *
 * Primary suppression. A value of a metric flagged `sensitive` is hidden when it is from 1 to
 * threshold − 1 (SUPPRESSION_THRESHOLD, default 5, so 1 to 4), for every principal except a
 * coordinator user and the command line (which acts as the coordinator, see access.ts).
 *
 * Zero and nil are not suppressed. Disclosure control (the GSS and ONS guidance on tables of
 * counts) is about identifying people: a count of 1 to 4 victims in one council area in one
 * quarter is few enough that someone who knows the area may recognise who they are. A true zero
 * says that nobody was counted, so there is nobody to recognise. The guidance's worry about zeros
 * is "group" or attribute disclosure: a zero that tells you every member of a known group shares
 * something (all the people in a category have the attribute because the other cell is 0). Here
 * the table counts victims and nothing else, so a zero reveals something about no one; hiding it
 * would only make every small area look like it had victims. Nil (no figure, shown `[x]`)
 * discloses nothing either. The guidance also uses a threshold as a convention, not a law, so the
 * threshold is configurable (SUPPRESSION_THRESHOLD).
 *
 * Secondary suppression. When parts are shown with the total they add up to (areas → partnership,
 * partners → area, quarters → year to date), a hidden cell could be worked out by subtraction.
 * Within an additive group, until nothing changes:
 *   1. total shown, exactly one part hidden → also hide the next smallest shown non-zero part
 *      (ties: the first in order), or, when every other part is zero or nil, hide the total;
 *   2. total shown, two or more parts hidden but they add up to as many as there are of them →
 *      every hidden part is known to be 1 (none is zero, since zeros are never hidden), so hide
 *      one more, chosen as in 1;
 *   3. total hidden and no part hidden → the parts would give the total away, so hide the
 *      smallest shown non-zero part (when the parts are all zero or nil the total is 0 or nil
 *      and was never hidden);
 *   4. total hidden and one or more parts hidden → fine: two unknowns in one sum. In particular
 *      all parts but one shown with the total hidden is fine, and a primary-suppressed total
 *      with a single non-zero part is safe because that part is the same small number and so
 *      primary-suppressed too.
 * Time: a group can span quarters (year to date). Earlier quarters' figures were on show before
 * the latest came in, so hiding one of them now would protect nothing; given each cell's period
 * (`periodOf`), the cell hidden in 1 to 3 is one of the latest period: the smallest such part,
 * else the total. So a small Q1 under a shown year to date at Q2 hides Q2 (not the year to date
 * at Q1, shown last quarter), and a small Q3 with Q1 and Q2 shown hides the year to date at Q3.
 * Parts that are nil count as known, not as hidden ("missing is not zero", combine-figures.ts:
 * the total is the sum of what was reported). Cells can sit in more than one group (a quarter's
 * area cell is a part of both the quarter's partnership total and the area's year to date), and
 * two nested groups make a third (year to date at Q3 − year to date at Q2 = Q3);
 * `suppressGroups` repeats the rules over all of them until no group changes.
 *
 * What the reader already knows. A partner knows its own figures whether or not a page shows
 * them, so suppression is worked out for each reader, from what that reader knows (`known`):
 *   5. a known cell is never hidden from the reader, by the primary rule or as the cell hidden in
 *      rules 1 to 3, because hiding it protects nothing; in the rules it counts as a shown part,
 *      so in rule 1 "every other part is zero or nil" reads "zero, nil or known";
 *   6. what the reader does not know of a total is its remainder: the total minus the known
 *      parts (everyone else's figure, for a partner). The remainder is given as one more part of
 *      the group, a cell that no page shows, and rules 1 to 4 treat it like any other part. A
 *      remainder of 1 to threshold − 1 is hidden, and as the only hidden part under a shown total
 *      rule 1 protects it by hiding another shown part the reader does not know or else the
 *      total: an area of 7 of which the reader's own figure is 5 would give away the others' 2,
 *      so the area is hidden from that reader (the funder, who knows neither figure, may still be
 *      shown it). Rule 3 may choose the remainder, which hides nothing on show.
 * The cases. A remainder of 0 (the others made nil returns: the reader's part is the whole total)
 * is a zero, shown like any other, so a total of 5 or more is shown; a small total is still
 * hidden by the primary rule, since the reader does not know the others' returns were nil, and
 * showing it only when they were would make `[c]` mean "the others counted someone". A nil
 * remainder (no one else reports there, or everyone else's figure is missing or not collected,
 * which the pages say) leaves the total as the reader's own figure, so the caller marks that
 * total known too; a known total therefore never has a hidden part to protect. The remainder is
 * one part however many partners make it up: the reader learns only their sum, and a small sum
 * is a small count of people in the area, as a small area figure is. A reader knows only its own
 * partner's figures: another partner's, though that partner knows them, are unknown to this
 * reader. The caller says which cells are known and `suppressGroups` infers no more: a group's
 * parts need not make up its whole total (an area group beside partnership-wide returns), so
 * knowing every part listed does not make the total known.
 */
import type { Principal } from './access.js';

export const SUPPRESSED_SYMBOL = '[c]';

export interface SuppressionPolicy {
	/** False for principals who see every figure (the coordinator). */
	applies: boolean;
	/** Values from 1 to threshold − 1 are hidden. */
	threshold: number;
}

/** A policy that hides nothing: for the coordinator, and for code that must see true figures. */
export const NO_SUPPRESSION: SuppressionPolicy = { applies: false, threshold: 1 };

export function suppressionPolicyFor(principal: Principal, threshold: number): SuppressionPolicy {
	const sees =
		principal.kind === 'command-line' ||
		(principal.kind === 'user' && principal.role === 'coordinator');
	return { applies: !sees, threshold };
}

/** The key beneath a table or chart with `[c]` in it. */
export function suppressionNote(threshold: number): string {
	const range = threshold <= 2 ? 'values of 1' : `values of 1 to ${threshold - 1}`;
	return `${SUPPRESSED_SYMBOL} ${range} are not shown to protect individuals, nor are figures from which they could be worked out.`;
}

export function isPrimarySuppressed(
	value: number | null,
	sensitive: boolean,
	policy: SuppressionPolicy
): boolean {
	if (!sensitive || !policy.applies || value === null || !Number.isFinite(value)) return false;
	return value > 0 && value < policy.threshold;
}

export interface SuppressionCell {
	key: string;
	value: number | null;
	role: 'total' | 'part';
}

/**
 * A group of cells where the parts add up to the total (areas → partnership; partners → area;
 * quarters → year to date): returns the keys to hide, primary and secondary.
 */
export function suppressGroup(
	cells: SuppressionCell[],
	sensitive: boolean,
	policy: SuppressionPolicy
): Set<string> {
	const values = new Map(cells.map((cell) => [cell.key, cell.value]));
	const total = cells.find((cell) => cell.role === 'total')?.key ?? null;
	const parts = cells.filter((cell) => cell.role === 'part').map((cell) => cell.key);
	return suppressGroups(values, [{ total, parts }], sensitive, policy);
}

export interface AdditiveGroup {
	/** The key of the total, or null when the group's total is not shown anywhere. */
	total: string | null;
	/** The keys of the parts, in display order (ties for secondary suppression go to the first). */
	parts: string[];
}

export interface SuppressionOptions {
	/**
	 * The period a cell belongs to, as any number that grows with time (periods.ts `periodIndex`).
	 * Secondary suppression then hides a cell of the latest period it can rather than an earlier
	 * one, because an earlier quarter's figures were on show before this quarter's came in, and
	 * hiding them now would protect nothing. Without it every cell counts as the same period.
	 */
	periodOf?: (key: string) => number;
	/**
	 * The cells the reader knows without being shown them (rules 5 and 6): a partner's own
	 * figures, and totals made of nothing else. They are never hidden from it, nor hidden to
	 * protect another cell.
	 */
	known?: ReadonlySet<string>;
}

/**
 * Primary and secondary suppression over cells that may sit in several additive groups at once
 * (a table of areas by quarter with row and column totals). Keys in `values` that belong to no
 * group get primary suppression only.
 *
 * Besides the groups given, the difference of two nested groups is a group too: when one group's
 * parts are all among another's, the larger total minus the smaller gives the remaining parts
 * (the year to date at Q3 minus the year to date at Q2 is Q3).
 */
export function suppressGroups(
	values: ReadonlyMap<string, number | null>,
	groups: readonly AdditiveGroup[],
	sensitive: boolean,
	policy: SuppressionPolicy,
	options: SuppressionOptions = {}
): Set<string> {
	const hidden = new Set<string>();
	if (!sensitive || !policy.applies) return hidden;
	const known = options.known ?? new Set<string>();
	for (const [key, value] of values) {
		if (!known.has(key) && isPrimarySuppressed(value, sensitive, policy)) hidden.add(key);
	}
	const valueOf = (key: string): number | null => values.get(key) ?? null;
	const periodOf = options.periodOf ?? (() => 0);
	const candidate = (key: string): boolean => {
		const value = valueOf(key);
		return !hidden.has(key) && !known.has(key) && value !== null && value !== 0;
	};
	/**
	 * The cell to hide next: of the shown non-zero parts the reader does not know (and the total,
	 * when it may be chosen), those of the latest period; of those a part before the total, the
	 * smallest part first. Null when there is none left to hide.
	 */
	const complement = (parts: readonly string[], total: string | null): string | null => {
		const keys = parts.filter(candidate);
		if (total !== null && candidate(total)) keys.push(total);
		let best: string | null = null;
		let bestRank: number[] = [];
		for (const key of keys) {
			const rank = [-periodOf(key), key === total ? 1 : 0, Math.abs(valueOf(key) ?? 0)];
			if (best === null || compareRanks(rank, bestRank) < 0) {
				best = key;
				bestRank = rank;
			}
		}
		return best;
	};

	const all = [...groups, ...differenceGroups(groups, values)];
	// Each pass hides at least one more cell or stops, so this ends within values.size passes.
	for (let changed = true; changed;) {
		changed = false;
		for (const group of all) {
			const total = group.total;
			if (total === null || valueOf(total) === null) continue;
			const hiddenParts = group.parts.filter((key) => hidden.has(key));
			let next: string | null = null;
			if (!hidden.has(total)) {
				// Rules 1 and 2: one hidden part, or hidden parts that can only all be 1.
				const hiddenSum = hiddenParts.reduce((sum, key) => sum + (valueOf(key) ?? 0), 0);
				const exposed =
					hiddenParts.length === 1 || (hiddenParts.length > 1 && hiddenSum === hiddenParts.length);
				if (exposed) next = complement(group.parts, total);
			} else if (hiddenParts.length === 0) {
				// Rule 3: a hidden total that its parts would give away.
				next = complement(group.parts, null);
			}
			if (next !== null) {
				hidden.add(next);
				changed = true;
			}
		}
	}
	return hidden;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
	return 0;
}

/** For each pair of groups whose parts nest, the group of the larger minus the smaller. */
function differenceGroups(
	groups: readonly AdditiveGroup[],
	values: ReadonlyMap<string, number | null>
): AdditiveGroup[] {
	const withTotals = groups.filter(
		(g): g is AdditiveGroup & { total: string } =>
			g.total !== null && (values.get(g.total) ?? null) !== null && g.parts.length > 0
	);
	const sets = withTotals.map((g) => new Set(g.parts));
	// The groups holding each part, in order: only those holding a group's first part can hold all
	// of it, so each group is checked against a few groups rather than against every one.
	const holding = new Map<string, number[]>();
	sets.forEach((parts, j) => {
		for (const key of parts) {
			const list = holding.get(key);
			if (list) list.push(j);
			else holding.set(key, [j]);
		}
	});
	const derived: AdditiveGroup[] = [];
	const seen = new Set<string>();
	withTotals.forEach((inner, i) => {
		for (const j of holding.get(inner.parts[0]!) ?? []) {
			const outer = withTotals[j]!;
			if (i === j || inner.total === outer.total) continue;
			if (inner.parts.length > outer.parts.length) continue;
			const outerSet = sets[j]!;
			if (!inner.parts.every((key) => outerSet.has(key))) continue;
			const innerSet = sets[i]!;
			const parts = [inner.total, ...outer.parts.filter((key) => !innerSet.has(key))];
			const id = `${outer.total}\u0000${parts.join('\u0000')}`;
			if (seen.has(id)) continue;
			seen.add(id);
			derived.push({ total: outer.total, parts });
		}
	});
	return derived;
}
