/**
 * Checking what the coordinator types for a funding stream (SPEC §2: funder, name, amount,
 * financial years). The amount is read as figures are (figure-value.ts: "£45,000", "45000.50")
 * and the years as financial years are everywhere else ("2025-26", "2025/26", "FY25/26").
 */
import type { FundingStream } from './framework.js';
import type { Checked, FieldError } from './framework-edit.js';
import { readFigureValue } from './figure-value.js';
import { formatFinancialYear, parseFinancialYear } from './periods.js';
import { isSameName } from './same-name.js';

/** A stream's fields as the form sends them. */
export interface FundingStreamForm {
	code: string;
	name: string;
	funder: string;
	amount: string;
	firstYear: string;
	lastYear: string;
	description: string;
}

export type FundingStreamAttributes = Pick<
	FundingStream,
	'code' | 'name' | 'funder' | 'amountGbp' | 'firstYear' | 'lastYear' | 'description'
>;

export interface FundingStreamEditContext {
	/** The stream being edited, so that keeping its own code and name is not a clash; null if new. */
	streamId: number | null;
	streams: { id: number; code: string; name: string }[];
}

/** Letters, digits and hyphens, starting with a letter: "PCC-COORD". */
export const STREAM_CODE_PATTERN = /^[A-Z][A-Z0-9-]{1,19}$/;
export const STREAM_TEXT_MAX = 200;
export const STREAM_DESCRIPTION_MAX = 2000;

/** An amount of money as typed: pounds, with pence at most. */
export function parseAmountInput(text: string): Checked<number> {
	const typed = text.trim();
	const fail = (message: string): Checked<number> => ({
		ok: false,
		errors: [{ field: 'amount', message }]
	});
	if (typed === '') return fail('Enter the amount in pounds, for example 45000 or £45,000.');
	const reading = readFigureValue(typed, 'gbp');
	if (!reading.ok && reading.code === 'negative')
		return fail(`The amount cannot be negative (got "${typed}"). Enter what the funder gives.`);
	if (!reading.ok && reading.code === 'out-of-range')
		return fail(`"${typed}" is too large to be a funding amount. Check the figure.`);
	if (!reading.ok || reading.kind !== 'value' || reading.value === null)
		return fail(
			`Enter the amount in pounds as a number, for example 45000 or £45,000 (got "${typed}").`
		);
	if (Number(reading.value.toFixed(2)) !== reading.value)
		return fail(`Give the amount to the penny at most, for example 45000.50 (got "${typed}").`);
	return { ok: true, value: reading.value };
}

function parseYear(text: string, field: string, which: string): Checked<number> {
	const typed = text.trim();
	const year = typed === '' ? null : parseFinancialYear(typed);
	if (year === null)
		return {
			ok: false,
			errors: [
				{
					field,
					message: `Enter the ${which} financial year as two years, for example 2025-26${typed ? ` (got "${typed}")` : ''}.`
				}
			]
		};
	return { ok: true, value: year };
}

function checkText(
	errors: FieldError[],
	field: string,
	value: string,
	words: string,
	max: number,
	required: boolean
): void {
	if (required && value === '') errors.push({ field, message: `Enter the ${words}.` });
	else if (value.length > max)
		errors.push({
			field,
			message: `Shorten the ${words} to ${max} characters or fewer (it has ${value.length}).`
		});
}

/**
 * The rules a stream's attributes keep, whoever saves them: the form (through
 * validateFundingStream) and the editor, which checks again against the database it writes to.
 */
export function checkFundingStream(
	attributes: FundingStreamAttributes,
	context: FundingStreamEditContext
): FieldError[] {
	const errors: FieldError[] = [];
	const others = context.streams.filter((s) => s.id !== context.streamId);
	const { code, name } = attributes;

	if (!STREAM_CODE_PATTERN.test(code))
		errors.push({
			field: 'code',
			message: `Enter a short code of 2 to 20 letters, digits and hyphens, starting with a letter, for example PCC-COORD (got "${code}").`
		});
	else if (others.some((s) => s.code === code))
		errors.push({
			field: 'code',
			message: `Another funding stream already has the code ${code}. Choose a code no other stream uses.`
		});

	checkText(errors, 'name', name, 'funding stream’s name', STREAM_TEXT_MAX, true);
	const namesake = name === '' ? undefined : others.find((s) => isSameName(s.name, name));
	if (namesake)
		errors.push({
			field: 'name',
			message: `The stream ${namesake.code} is already called “${namesake.name}”. Give this stream a name of its own.`
		});

	checkText(errors, 'funder', attributes.funder, 'funder’s name', STREAM_TEXT_MAX, true);

	if (!Number.isFinite(attributes.amountGbp) || attributes.amountGbp < 0)
		errors.push({
			field: 'amount',
			message: `The amount must be a sum of money of £0 or more (got ${attributes.amountGbp}).`
		});

	if (attributes.lastYear < attributes.firstYear)
		errors.push({
			field: 'lastYear',
			message: `The last year (${formatFinancialYear(attributes.lastYear)}) is before the first (${formatFinancialYear(attributes.firstYear)}). Enter a last year the same as the first or after it.`
		});

	checkText(
		errors,
		'description',
		attributes.description,
		'description',
		STREAM_DESCRIPTION_MAX,
		false
	);
	return errors;
}

export function validateFundingStream(
	form: FundingStreamForm,
	context: FundingStreamEditContext
): Checked<FundingStreamAttributes> {
	const amount = parseAmountInput(form.amount);
	const firstYear = parseYear(form.firstYear, 'firstYear', 'first');
	const lastYear = parseYear(form.lastYear, 'lastYear', 'last');
	const unread = [amount, firstYear, lastYear].flatMap((r) => (r.ok ? [] : r.errors));
	const attributes: FundingStreamAttributes = {
		code: form.code.trim().toUpperCase(),
		name: form.name.trim().replace(/\s+/g, ' '),
		funder: form.funder.trim().replace(/\s+/g, ' '),
		amountGbp: amount.ok ? amount.value : 0,
		firstYear: firstYear.ok ? firstYear.value : 0,
		// A year that could not be read stands in as 0; the check's errors about it are dropped.
		lastYear: lastYear.ok ? lastYear.value : 0,
		description: form.description.trim()
	};
	const errors = [
		...unread,
		...checkFundingStream(attributes, context).filter(
			(e) => !unread.some((u) => u.field === e.field)
		)
	];
	if (errors.length) return { ok: false, errors: orderedByField(errors) };
	return { ok: true, value: attributes };
}

const FIELD_ORDER = ['code', 'name', 'funder', 'amount', 'firstYear', 'lastYear', 'description'];

/** In the order the fields are on the page, so the error summary reads top to bottom. */
function orderedByField(errors: FieldError[]): FieldError[] {
	return [...errors].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
}
