/**
 * A metric's baseline (SPEC §2: its figure for a year before the strategy) set beside this year's.
 *
 * A baseline is a whole year's figure, so it is compared with this year's best estimate of its
 * whole year: for a flow (quarters `sum`) the year-end forecast, as a year to date part way
 * through the year would always look short of a full year; for a level (`last`) or an average
 * (`mean`) the year to date, which already stands for the year (and is what the forecast keeps).
 */
import { describeChange, type Change } from './change.js';
import type { AreaScope } from './combine-figures.js';
import type { Area, Baseline, PeriodAggregation, Unit } from './framework.js';
import { isPrimarySuppressed, type SuppressionPolicy } from './suppression.js';

export type BaselineComparedWith = 'forecast' | 'year-to-date';

export interface BaselineComparison {
	areaCode: string;
	/** The financial year it describes: 2023 for 2023-24. */
	year: number;
	/** Null only when hidden from the reader (suppressBaseline). */
	value: number | null;
	comparedWith: BaselineComparedWith;
	/** From the baseline to the forecast or year to date. */
	change: Change;
}

/**
 * The baseline for the area shown: that area's own, or, when the area shown is partnership-wide,
 * a partnership-wide one. A partnership-wide baseline says nothing about one council area, and one
 * council's baseline nothing about the partnership.
 */
export function baselineForArea(
	baselines: readonly Baseline[] | null | undefined,
	area: AreaScope,
	areas: readonly Pick<Area, 'code' | 'partnershipWide'>[]
): Baseline | null {
	if (!baselines?.length) return null;
	const own = baselines.find((b) => b.areaCode === area.code);
	if (own) return own;
	if (!area.partnershipWide) return null;
	const isPartnershipWide = (code: string) =>
		areas.some((a) => a.code === code && a.partnershipWide);
	return baselines.find((b) => isPartnershipWide(b.areaCode)) ?? null;
}

export function compareWithBaseline(
	rule: { unit: Unit; periodAggregation: PeriodAggregation },
	baseline: Baseline,
	thisYear: { yearToDate: number | null; forecast: number | null }
): BaselineComparison {
	const comparedWith: BaselineComparedWith =
		rule.periodAggregation === 'sum' ? 'forecast' : 'year-to-date';
	const to = comparedWith === 'forecast' ? thisYear.forecast : thisYear.yearToDate;
	return {
		areaCode: baseline.areaCode,
		year: baseline.year,
		value: baseline.value,
		comparedWith,
		change: describeChange(rule.unit, baseline.value, to)
	};
}

/**
 * The comparison as a reader may see it (SPEC §6). A sensitive metric's small baseline is hidden
 * by the primary rule, as in the definitions register; the change goes with it, and with a hidden
 * year to date, as it gives both its ends away (the forecast is a multiple of the year to date).
 */
export function suppressBaseline(
	comparison: BaselineComparison,
	sensitive: boolean,
	policy: SuppressionPolicy,
	yearToDateHidden: boolean
): { baseline: BaselineComparison; hidden: boolean } {
	const hidden = isPrimarySuppressed(comparison.value, sensitive, policy);
	if (!hidden && !yearToDateHidden) return { baseline: comparison, hidden };
	return {
		baseline: {
			...comparison,
			value: hidden ? null : comparison.value,
			change: { kind: 'none' }
		},
		hidden
	};
}
