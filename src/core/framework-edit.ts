/**
 * Checking what the coordinator types when editing the framework (SPEC §2): a metric's
 * attributes and its targets. Errors name the field and the value, so the form can show them
 * beside the field and say what to type instead.
 */
import {
	DIRECTIONS,
	METRIC_CODE_PATTERN,
	PARTNER_AGGREGATIONS,
	PERIOD_AGGREGATIONS,
	UNITS,
	type Metric,
	type PeriodAggregation,
	type Unit
} from './framework.js';
import type { Reporter } from './combine-figures.js';
import { parseFinancialYear } from './periods.js';

/** One problem with what was typed, tied to the name of the field it belongs to. */
export interface FieldError {
	field: string;
	message: string;
}

/** A metric's editable attributes as the form sends them: text, except the checkbox. */
export interface MetricForm {
	code: string;
	name: string;
	priorityId: string;
	unit: string;
	direction: string;
	partnerAggregation: string;
	periodAggregation: string;
	/** In per cent, as people think of it: "10" for 10 %. */
	amberTolerancePercent: string;
	sensitive: boolean;
	leadPartnerId: string;
	definition: string;
	countingRule: string;
	dataSource: string;
	owner: string;
	caveats: string;
}

/** A metric's editable attributes, checked (the amber tolerance as a fraction: 0.1 for 10 %). */
export type MetricAttributes = Pick<
	Metric,
	| 'code'
	| 'name'
	| 'priorityId'
	| 'unit'
	| 'direction'
	| 'partnerAggregation'
	| 'periodAggregation'
	| 'amberTolerance'
	| 'sensitive'
	| 'leadPartnerId'
	| 'definition'
	| 'countingRule'
	| 'dataSource'
	| 'owner'
	| 'caveats'
>;

/** What a metric's attributes are checked against: the rest of the framework. */
export interface MetricEditContext {
	/** The metric being edited, so that keeping its own code is not a clash; null for a new one. */
	metricId: number | null;
	metrics: { id: number; code: string }[];
	priorities: { id: number; number: number }[];
	partners: { id: number; name: string }[];
	reporters: Reporter[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const NAME_MAX = 200;

function oneOf<T extends string>(allowed: readonly T[], text: string): T | null {
	return (allowed as readonly string[]).includes(text) ? (text as T) : null;
}

function listed(allowed: readonly string[]): string {
	return allowed.map((a) => `"${a}"`).join(', ');
}

function wholeId(text: string): number | null {
	return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function validateMetric(
	form: MetricForm,
	context: MetricEditContext
): Checked<MetricAttributes> {
	const errors: FieldError[] = [];
	const fail = (field: string, message: string) => {
		errors.push({ field, message });
		return null;
	};

	const code = form.code.trim().toUpperCase();
	const codeMatch = METRIC_CODE_PATTERN.exec(code);
	if (!codeMatch)
		fail(
			'code',
			`Enter the code as P, the priority number, a dot and two digits, for example P1.03 (got "${form.code.trim()}").`
		);
	else if (context.metrics.some((m) => m.code === code && m.id !== context.metricId))
		fail(
			'code',
			`Another metric already has the code ${code}. Choose a code no other metric uses.`
		);

	const name = form.name.trim();
	if (name === '') fail('name', 'Enter the metric’s name.');
	else if (name.length > NAME_MAX)
		fail('name', `Shorten the name to ${NAME_MAX} characters or fewer (it has ${name.length}).`);

	const priorityId = wholeId(form.priorityId);
	const priority = context.priorities.find((p) => p.id === priorityId);
	if (!priority) fail('priorityId', 'Choose the priority the metric belongs to.');
	else if (codeMatch && Number(codeMatch[1]) !== priority.number)
		fail(
			'code',
			`The code ${code} says priority ${codeMatch[1]}, but the metric is under priority ${priority.number}. Start the code with P${priority.number}.`
		);

	const unit =
		oneOf(UNITS, form.unit) ??
		fail('unit', `Choose a unit: one of ${listed(UNITS)} (got "${form.unit}").`);
	const direction =
		oneOf(DIRECTIONS, form.direction) ??
		fail(
			'direction',
			`Choose a direction: one of ${listed(DIRECTIONS)} (got "${form.direction}").`
		);
	const partnerAggregation =
		oneOf(PARTNER_AGGREGATIONS, form.partnerAggregation) ??
		fail(
			'partnerAggregation',
			`Choose how partners’ figures combine: one of ${listed(PARTNER_AGGREGATIONS)} (got "${form.partnerAggregation}").`
		);
	const periodAggregation =
		oneOf(PERIOD_AGGREGATIONS, form.periodAggregation) ??
		fail(
			'periodAggregation',
			`Choose how quarters combine into a year: one of ${listed(PERIOD_AGGREGATIONS)} (got "${form.periodAggregation}").`
		);

	const toleranceText = form.amberTolerancePercent.trim();
	const tolerance = toleranceText === '' ? NaN : Number(toleranceText);
	if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 100)
		fail(
			'amberTolerancePercent',
			`Enter the amber tolerance as a percentage from 0 to 100, for example 10 (got "${toleranceText}").`
		);

	let leadPartnerId: number | null = null;
	if (form.leadPartnerId.trim() !== '') {
		leadPartnerId = wholeId(form.leadPartnerId);
		const lead = context.partners.find((p) => p.id === leadPartnerId);
		if (!lead) fail('leadPartnerId', 'Choose the lead partner from the list.');
		else if (!context.reporters.some((r) => r.partnerId === lead.id))
			fail(
				'leadPartnerId',
				`${lead.name} does not report this metric, so cannot be its lead partner. Add it as a reporter first, or choose a partner that reports it.`
			);
	} else if (partnerAggregation === 'lead')
		fail(
			'leadPartnerId',
			'Choose a lead partner: the metric takes the lead partner’s figure alone.'
		);

	if (
		errors.length ||
		!unit ||
		!direction ||
		!partnerAggregation ||
		!periodAggregation ||
		!priority
	)
		return { ok: false, errors };
	return {
		ok: true,
		value: {
			code,
			name,
			priorityId: priority.id,
			unit,
			direction,
			partnerAggregation,
			periodAggregation,
			// Rounded so that 10 % is stored as 0.1, not 0.1 plus a floating-point tail.
			amberTolerance: Math.round(tolerance * 1e4) / 1e6,
			sensitive: form.sensitive,
			leadPartnerId,
			definition: form.definition.trim(),
			countingRule: form.countingRule.trim(),
			dataSource: form.dataSource.trim(),
			owner: form.owner.trim(),
			caveats: form.caveats.trim()
		}
	};
}

/** Units whose figures are never below zero. */
const NON_NEGATIVE_UNITS: readonly Unit[] = ['count', 'gbp', 'days'];

/** A target as a number, checked against the metric's unit; `label` says which target it is. */
export function checkTargetValue(unit: Unit, value: number, label: string): string | null {
	if (!Number.isFinite(value)) return `Enter the ${label} as a number.`;
	if (NON_NEGATIVE_UNITS.includes(unit) && value < 0)
		return `The ${label} cannot be negative (got ${value}): a ${unit === 'gbp' ? 'sum of money' : unit === 'days' ? 'number of days' : 'count'} is never below zero.`;
	if (unit === 'percent' && (value < 0 || value > 100))
		return `The ${label} is a percentage, so it must be from 0 to 100 (got ${value}).`;
	return null;
}

/**
 * A target as typed: blank means "no target", anything else must be a number the unit allows.
 * Commas between thousands are accepted, since people type them.
 */
export function parseTargetInput(unit: Unit, text: string, label: string): Checked<number | null> {
	const trimmed = text.trim().replace(/,/g, '');
	if (trimmed === '') return { ok: true, value: null };
	const value = /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
	if (Number.isNaN(value))
		return {
			ok: false,
			errors: [
				{
					field: '',
					message: `Enter the ${label} as a number, for example 120 (got "${text.trim()}").`
				}
			]
		};
	const problem = checkTargetValue(unit, value, label);
	return problem ? { ok: false, errors: [{ field: '', message: problem }] } : { ok: true, value };
}

/** What a new metric is checked against: the framework, and each partner's own area. */
export interface NewMetricContext {
	metrics: { id: number; code: string }[];
	priorities: { id: number; number: number }[];
	partners: { id: number; name: string; areaCode: string }[];
}

/** A new metric's attributes, and who reports it to begin with. */
export interface NewMetric {
	attributes: MetricAttributes;
	reporters: Reporter[];
}

/**
 * A new metric has no reporters yet, so a lead partner, when one is chosen, starts as its only
 * reporter, for the partner's own area; the coordinator adds the others on the metric's page.
 */
export function validateNewMetric(form: MetricForm, context: NewMetricContext): Checked<NewMetric> {
	const lead = context.partners.find((p) => p.id === wholeId(form.leadPartnerId));
	const reporters: Reporter[] = lead ? [{ partnerId: lead.id, areaCode: lead.areaCode }] : [];
	const checked = validateMetric(form, { ...context, metricId: null, reporters });
	return checked.ok ? { ok: true, value: { attributes: checked.value, reporters } } : checked;
}

/** The first code after the priority's highest, to suggest on the new-metric form: P1.08 after P1.07. */
export function nextMetricCode(priorityNumber: number, codes: readonly string[]): string {
	const used = codes
		.map((code) => METRIC_CODE_PATTERN.exec(code))
		.filter((m): m is RegExpExecArray => m !== null && Number(m[1]) === priorityNumber)
		.map((m) => Number(m[2]));
	const next = Math.max(0, ...used) + 1;
	return `P${priorityNumber}.${String(next).padStart(2, '0')}`;
}

/**
 * A flow's quarterly targets are its year to date (targets.ts), so when all four are set beside
 * an annual target they must add up to it, or a year would be judged against two totals.
 */
export function checkQuarterlyTargets(
	periodAggregation: PeriodAggregation,
	annual: number | null,
	quarters: readonly (number | null)[],
	label: string
): string | null {
	if (periodAggregation !== 'sum' || annual === null) return null;
	if (quarters.some((q) => q === null)) return null;
	const total = (quarters as number[]).reduce((a, b) => a + b, 0);
	if (Math.abs(total - annual) <= 1e-9 * Math.max(1, Math.abs(annual))) return null;
	return `The quarterly targets for ${label} add up to ${round(total)}, but the annual target is ${annual}. Make the four quarters add up to the annual target, or leave a quarter empty to take its share of the annual target.`;
}

function round(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

/** A baseline as typed: blank year and value mean "no baseline for this area". */
export interface BaselineInput {
	year: number;
	value: number;
}

/**
 * A baseline for one area (SPEC §2: a value and the period it describes): both or neither, the
 * year as a financial year, the value as the metric's unit allows.
 */
export function parseBaselineInput(
	unit: Unit,
	text: { year: string; value: string },
	areaName: string
): Checked<BaselineInput | null> {
	const yearText = text.year.trim();
	const valueText = text.value.trim();
	if (yearText === '' && valueText === '') return { ok: true, value: null };
	const errors: FieldError[] = [];
	const year = yearText === '' ? null : parseFinancialYear(yearText);
	if (yearText === '')
		errors.push({
			field: 'year',
			message: `Enter the financial year the baseline for ${areaName} describes, for example 2023-24, or clear its value.`
		});
	else if (year === null)
		errors.push({
			field: 'year',
			message: `Enter the baseline year for ${areaName} as a financial year, for example 2023-24 (got "${yearText}").`
		});
	const label = `baseline for ${areaName}`;
	const value = valueText === '' ? null : parseTargetInput(unit, valueText, label);
	if (value === null)
		errors.push({
			field: 'value',
			message: `Enter the ${label}, or clear its year.`
		});
	else if (!value.ok) errors.push({ field: 'value', message: value.errors[0]!.message });
	if (errors.length || year === null || !value?.ok || value.value === null)
		return { ok: false, errors };
	return { ok: true, value: { year, value: value.value } };
}
