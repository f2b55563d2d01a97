/**
 * Reading a metric page's targets form (a year's annual and quarterly targets per area) and its
 * baselines form (a year and a value per area). Each box has its own id, so an error links to it.
 */
import { checkQuarterlyTargets, parseBaselineInput, parseTargetInput } from '$core/framework-edit';
import type { PeriodAggregation, Unit } from '$core/framework';
import { formatFinancialYear } from '$core/periods';
import type { FieldError } from './admin';
import { textField } from './admin';

/** 0 for the annual target, 1–4 for the quarters, as the targets table stores them. */
export const TARGET_QUARTERS = [0, 1, 2, 3, 4] as const;

export const targetField = (year: number, areaCode: string, quarter: number) =>
	quarter === 0 ? `target-${year}-${areaCode}` : `target-${year}-${areaCode}-q${quarter}`;

export function targetLabel(quarter: number, areaName: string, year: number): string {
	return `${quarter === 0 ? 'annual' : `Q${quarter}`} target for ${areaName} in ${formatFinancialYear(year)}`;
}

export const baselineField = (areaCode: string, part: 'year' | 'value') =>
	`baseline-${areaCode}-${part}`;

interface Area {
	code: string;
	name: string;
}

export interface TargetsRead {
	/** What was typed, by field id, to show again beside an error. */
	typed: Record<string, string>;
	errors: FieldError[];
	changes: { year: number; quarter: number; areaCode: string; value: number | null }[];
}

/** A year's targets for every area: each box checked by the unit, a flow's quarters against its year. */
export function readYearTargets(
	form: FormData,
	metric: { unit: Unit; periodAggregation: PeriodAggregation },
	year: number,
	areas: readonly Area[]
): TargetsRead {
	const read: TargetsRead = { typed: {}, errors: [], changes: [] };
	for (const area of areas) {
		const values: (number | null)[] = [];
		for (const quarter of TARGET_QUARTERS) {
			const field = targetField(year, area.code, quarter);
			const text = textField(form, field);
			read.typed[field] = text;
			const parsed = parseTargetInput(metric.unit, text, targetLabel(quarter, area.name, year));
			if (!parsed.ok) {
				read.errors.push({ field, message: parsed.errors[0]!.message });
				values.push(null);
				continue;
			}
			values.push(parsed.value);
			read.changes.push({ year, quarter, areaCode: area.code, value: parsed.value });
		}
		const [annual, ...quarters] = values;
		const mismatch = checkQuarterlyTargets(
			metric.periodAggregation,
			annual ?? null,
			quarters,
			`${area.name} in ${formatFinancialYear(year)}`
		);
		if (mismatch) read.errors.push({ field: targetField(year, area.code, 0), message: mismatch });
	}
	return read;
}

export interface BaselinesRead {
	typed: Record<string, string>;
	errors: FieldError[];
	changes: { areaCode: string; baseline: { year: number; value: number } | null }[];
}

/** A baseline per area: a financial year and a value, both or neither. */
export function readBaselines(form: FormData, unit: Unit, areas: readonly Area[]): BaselinesRead {
	const read: BaselinesRead = { typed: {}, errors: [], changes: [] };
	for (const area of areas) {
		const text = {
			year: textField(form, baselineField(area.code, 'year')),
			value: textField(form, baselineField(area.code, 'value'))
		};
		read.typed[baselineField(area.code, 'year')] = text.year;
		read.typed[baselineField(area.code, 'value')] = text.value;
		const parsed = parseBaselineInput(unit, text, area.name);
		if (parsed.ok) read.changes.push({ areaCode: area.code, baseline: parsed.value });
		else
			for (const e of parsed.errors)
				read.errors.push({
					field: baselineField(area.code, e.field === 'year' ? 'year' : 'value'),
					message: e.message
				});
	}
	return read;
}
