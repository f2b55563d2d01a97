/**
 * How partners' figures for one quarter combine into the partnership's figure for an area
 * (SPEC §2, §4 "missing is not zero"). A nil return counts as 0; "not collected" and absent
 * figures count as nothing, and make the result incomplete rather than silently lower.
 *
 * Combining happens in two steps, so that the database can do the first (figure-queries.ts) and
 * the pages never need every partner's raw figures:
 * 1. aggregate: each expected partner's figures become one partner figure (its areas added up,
 *    or averaged), and the partner figures are summarised every way a rule might combine them;
 * 2. combine: the metric's rule picks one of those summaries (combineAggregate).
 */
import type { FigureKind, PartnerAggregation, Unit } from './framework.js';

export interface PartnerFigure {
	partnerId: number;
	areaCode: string;
	kind: FigureKind;
	value: number | null;
}

export interface Reporter {
	partnerId: number;
	areaCode: string;
}

export interface CombineRule {
	unit: Unit;
	partnerAggregation: PartnerAggregation;
	leadPartnerId: number | null;
	reporters: Reporter[];
}

/** An area asked for; `partnershipWide` true means every area's figures count. */
export interface AreaScope {
	code: string;
	partnershipWide: boolean;
}

/**
 * The expected partners' figures for one metric, quarter and area, combined per partner and
 * summarised across partners. A partner's figure is the sum of its areas' figures for counts and
 * money, the mean otherwise (a partner may report one metric for several areas). The summaries
 * are null when no expected partner gave a number or a nil return.
 */
export interface FigureAggregate {
	sumOfPartnerSums: number | null;
	meanOfPartnerSums: number | null;
	meanOfPartnerMeans: number | null;
	maxOfPartnerSums: number | null;
	maxOfPartnerMeans: number | null;
	/** Figures that are a number or a nil return. */
	answeredCount: number;
	/** True when there are answers and every one is a nil return. */
	nilOnly: boolean;
	expectedPartnerCount: number;
	/** Partners with at least one expected area absent, in ascending id order. */
	missingPartnerIds: number[];
	/** Partners with at least one expected area not collected, in ascending id order. */
	notCollectedPartnerIds: number[];
}

export interface CombinedFigure {
	/** Null when no expected partner gave a number (or nil). */
	value: number | null;
	/** True when every expected partner gave a number or a nil return. */
	complete: boolean;
	expectedPartnerCount: number;
	missingPartnerIds: number[];
	notCollectedPartnerIds: number[];
	/** True when every figure behind the value is a nil return. */
	allNil: boolean;
}

/** Counts and money add up across areas; rates, percentages and durations are averaged. */
export function isAdditiveUnit(unit: Unit): boolean {
	return unit === 'count' || unit === 'gbp';
}

/**
 * The reporters whose figures make up the figure for `area`: those reporting for it (every
 * reporter for the partnership as a whole), and of those only the lead partner for `lead`.
 */
export function expectedReporters(rule: CombineRule, area: AreaScope): Reporter[] {
	return rule.reporters.filter(
		(r) =>
			(area.partnershipWide || r.areaCode === area.code) &&
			(rule.partnerAggregation !== 'lead' || r.partnerId === rule.leadPartnerId)
	);
}

/** Step 1 from raw figures; figure-queries.ts does the same in SQL for the dashboards. */
export function aggregatePartnerFigures(
	rule: CombineRule,
	figures: PartnerFigure[],
	area: AreaScope
): FigureAggregate {
	const pairKey = (partnerId: number, areaCode: string) => `${partnerId}|${areaCode}`;
	const expected = expectedReporters(rule, area);
	const expectedPairs = new Set(expected.map((r) => pairKey(r.partnerId, r.areaCode)));
	const figureOf = new Map<string, PartnerFigure>();
	for (const f of figures) {
		const key = pairKey(f.partnerId, f.areaCode);
		if (expectedPairs.has(key) && !figureOf.has(key)) figureOf.set(key, f);
	}

	const missing = new Set<number>();
	const notCollected = new Set<number>();
	for (const r of expected) {
		const f = figureOf.get(pairKey(r.partnerId, r.areaCode));
		if (!f) missing.add(r.partnerId);
		else if (f.kind === 'not_collected') notCollected.add(r.partnerId);
	}

	// In the order the figures came, so that sums add up in the same order as they always have.
	const answers = [...figureOf.values()].filter(
		(f) => f.kind === 'nil' || (f.kind === 'value' && f.value !== null)
	);
	const byPartner = new Map<number, number[]>();
	for (const f of answers) {
		const values = byPartner.get(f.partnerId) ?? [];
		values.push(f.kind === 'nil' ? 0 : (f.value as number));
		byPartner.set(f.partnerId, values);
	}
	const partnerSums = [...byPartner.values()].map(sum);
	const partnerMeans = [...byPartner.values()].map(mean);
	const answered = partnerSums.length > 0;
	return {
		sumOfPartnerSums: answered ? sum(partnerSums) : null,
		meanOfPartnerSums: answered ? mean(partnerSums) : null,
		meanOfPartnerMeans: answered ? mean(partnerMeans) : null,
		maxOfPartnerSums: answered ? Math.max(...partnerSums) : null,
		maxOfPartnerMeans: answered ? Math.max(...partnerMeans) : null,
		answeredCount: answers.length,
		// Not collected figures are not nil returns: with no answers at all there is nothing to call nil.
		nilOnly: answers.length > 0 && answers.every((f) => f.kind === 'nil'),
		expectedPartnerCount: new Set(expected.map((r) => r.partnerId)).size,
		missingPartnerIds: ascending(missing),
		notCollectedPartnerIds: ascending(notCollected)
	};
}

/** Step 2: the partnership's figure, as the metric's rule combines its partners' figures. */
export function combineAggregate(
	rule: Pick<CombineRule, 'unit' | 'partnerAggregation'>,
	aggregate: FigureAggregate
): CombinedFigure {
	const additive = isAdditiveUnit(rule.unit);
	const value = {
		// A partnership "sum" of percentages would be meaningless: they are averaged instead.
		sum: additive ? aggregate.sumOfPartnerSums : aggregate.meanOfPartnerMeans,
		lead: additive ? aggregate.sumOfPartnerSums : aggregate.meanOfPartnerMeans,
		mean: additive ? aggregate.meanOfPartnerSums : aggregate.meanOfPartnerMeans,
		max: additive ? aggregate.maxOfPartnerSums : aggregate.maxOfPartnerMeans
	}[rule.partnerAggregation];
	return {
		value,
		complete:
			aggregate.expectedPartnerCount > 0 &&
			aggregate.missingPartnerIds.length === 0 &&
			aggregate.notCollectedPartnerIds.length === 0,
		expectedPartnerCount: aggregate.expectedPartnerCount,
		missingPartnerIds: aggregate.missingPartnerIds,
		notCollectedPartnerIds: aggregate.notCollectedPartnerIds,
		allNil: aggregate.nilOnly
	};
}

export function combinePartnerFigures(
	rule: CombineRule,
	figures: PartnerFigure[],
	area: AreaScope
): CombinedFigure {
	return combineAggregate(rule, aggregatePartnerFigures(rule, figures, area));
}

export function sum(values: number[]): number {
	return values.reduce((total, v) => total + v, 0);
}

export function mean(values: number[]): number {
	return sum(values) / values.length;
}

function ascending(ids: Iterable<number>): number[] {
	return [...ids].sort((a, b) => a - b);
}
