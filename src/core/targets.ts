/**
 * The target a figure is judged against (SPEC §2). Annual targets are stored per financial year;
 * quarterly targets are optional. Without a quarterly target, a `sum` metric's quarter takes a
 * quarter of the annual target and its year to date the annual target pro rata; a `last` or
 * `mean` metric's target is the annual target itself, at every point of the year.
 */
import type { PeriodAggregation } from './framework.js';
import type { Period } from './periods.js';
import { mean, sum } from './combine-figures.js';

export interface TargetRow {
	year: number;
	/** 0 for the annual target, 1–4 for a quarterly one. */
	quarter: number;
	areaCode: string;
	value: number;
}

export interface PeriodTargets {
	quarter: number | null;
	yearToDate: number | null;
	annual: number | null;
}

export function targetsForPeriod(
	periodAggregation: PeriodAggregation,
	rows: TargetRow[],
	period: Period,
	areaCode: string
): PeriodTargets {
	const ofYear = rows.filter((r) => r.year === period.year && r.areaCode === areaCode);
	const annual = ofYear.find((r) => r.quarter === 0)?.value ?? null;
	const quarterly = [1, 2, 3, 4].map((q) => ofYear.find((r) => r.quarter === q)?.value ?? null);
	const q = period.quarter;
	const soFar = quarterly.slice(0, q);
	const allQuarterly = soFar.every((v) => v !== null) ? (soFar as number[]) : null;

	if (periodAggregation === 'sum') {
		return {
			quarter: quarterly[q - 1] ?? (annual === null ? null : annual / 4),
			yearToDate: allQuarterly ? sum(allQuarterly) : annual === null ? null : (annual * q) / 4,
			annual
		};
	}
	const level = quarterly[q - 1] ?? annual;
	return {
		quarter: level,
		yearToDate: periodAggregation === 'mean' && allQuarterly ? mean(allQuarterly) : level,
		annual
	};
}
