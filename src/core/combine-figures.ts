/**
 * How partners' figures for one quarter combine into the partnership's figure for an area
 * (SPEC §2, §4 "missing is not zero"). A nil return counts as 0; "not collected" and absent
 * figures count as nothing, and make the result incomplete rather than silently lower.
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

export interface CombinedFigure {
	/** Null when no expected partner gave a number (or nil). */
	value: number | null;
	/** True when every expected partner gave a number or a nil return. */
	complete: boolean;
	expectedPartnerIds: number[];
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
 * @param area the area asked for; `partnershipWide` true means every area's figures count.
 */
export function combinePartnerFigures(
	rule: CombineRule,
	figures: PartnerFigure[],
	area: { code: string; partnershipWide: boolean }
): CombinedFigure {
	const inArea = (areaCode: string) => area.partnershipWide || areaCode === area.code;
	let expected = rule.reporters.filter((r) => inArea(r.areaCode));
	if (rule.partnerAggregation === 'lead')
		expected = expected.filter((r) => r.partnerId === rule.leadPartnerId);

	const relevant = figures.filter(
		(f) =>
			inArea(f.areaCode) &&
			expected.some((r) => r.partnerId === f.partnerId && r.areaCode === f.areaCode)
	);
	const answered = (f: PartnerFigure) =>
		f.kind === 'nil' || (f.kind === 'value' && f.value !== null);
	const missing = new Set<number>();
	const notCollected = new Set<number>();
	for (const r of expected) {
		const f = relevant.find((x) => x.partnerId === r.partnerId && x.areaCode === r.areaCode);
		if (!f) missing.add(r.partnerId);
		else if (f.kind === 'not_collected') notCollected.add(r.partnerId);
	}

	const answers = relevant.filter(answered);
	const byPartner = new Map<number, number[]>();
	for (const f of answers) {
		const values = byPartner.get(f.partnerId) ?? [];
		values.push(f.kind === 'nil' ? 0 : (f.value as number));
		byPartner.set(f.partnerId, values);
	}
	const partnerValues = [...byPartner.values()].map((v) =>
		isAdditiveUnit(rule.unit) ? sum(v) : mean(v)
	);

	let value: number | null = null;
	if (partnerValues.length > 0) {
		switch (rule.partnerAggregation) {
			case 'sum':
			case 'lead':
				value = isAdditiveUnit(rule.unit) ? sum(partnerValues) : mean(partnerValues);
				break;
			case 'mean':
				value = mean(partnerValues);
				break;
			case 'max':
				value = Math.max(...partnerValues);
				break;
		}
	}
	const expectedPartnerIds = [...new Set(expected.map((r) => r.partnerId))];
	return {
		value,
		complete: expected.length > 0 && missing.size === 0 && notCollected.size === 0,
		expectedPartnerIds,
		missingPartnerIds: [...missing],
		notCollectedPartnerIds: [...notCollected],
		// Not collected figures are not nil returns: with no answers at all there is nothing to call nil.
		allNil: answers.length > 0 && answers.every((f) => f.kind === 'nil')
	};
}

export function sum(values: number[]): number {
	return values.reduce((total, v) => total + v, 0);
}

export function mean(values: number[]): number {
	return sum(values) / values.length;
}
