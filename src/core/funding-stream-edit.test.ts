import { describe, expect, it } from 'vitest';

import {
	checkFundingStream,
	parseAmountInput,
	STREAM_DESCRIPTION_MAX,
	STREAM_TEXT_MAX,
	validateFundingStream,
	type FundingStreamEditContext,
	type FundingStreamForm
} from './funding-stream-edit.js';

const context: FundingStreamEditContext = {
	streamId: 2,
	streams: [
		{ id: 1, code: 'PCC-COORD', name: 'Partnership coordinator post' },
		{ id: 2, code: 'PCC-NAV', name: 'Survivor navigator service' }
	]
};

const good: FundingStreamForm = {
	code: ' pcc-nav ',
	name: ' Survivor  navigator service ',
	funder: 'Office of the Police and Crime Commissioner',
	amount: '£60,000',
	firstYear: '2024/25',
	lastYear: 'FY25/26',
	description: ' A two-year pilot. '
};

const messages = (form: FundingStreamForm, ctx = context) => {
	const result = validateFundingStream(form, ctx);
	return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
};

describe('validateFundingStream', () => {
	it('reads money and financial years as the rest of the app does, and tidies the text', () => {
		expect(validateFundingStream(good, context)).toEqual({
			ok: true,
			value: {
				code: 'PCC-NAV',
				name: 'Survivor navigator service',
				funder: 'Office of the Police and Crime Commissioner',
				amountGbp: 60000,
				firstYear: 2024,
				lastYear: 2025,
				description: 'A two-year pilot.'
			}
		});
	});

	it('accepts one financial year, and an amount of £0', () => {
		const result = validateFundingStream(
			{ ...good, amount: '0', firstYear: '2025-26', lastYear: '2025-26' },
			context
		);
		expect(result).toMatchObject({
			ok: true,
			value: { amountGbp: 0, firstYear: 2025, lastYear: 2025 }
		});
	});

	it('refuses a last year before the first, naming both', () => {
		expect(messages({ ...good, firstYear: '2026-27', lastYear: '2025-26' })).toEqual([
			'lastYear: The last year (2025-26) is before the first (2026-27). Enter a last year the same as the first or after it.'
		]);
	});

	it('refuses years it cannot read, saying what to type', () => {
		expect(messages({ ...good, firstYear: '2025', lastYear: '' })).toEqual([
			'firstYear: Enter the first financial year as two years, for example 2025-26 (got "2025").',
			'lastYear: Enter the last financial year as two years, for example 2025-26.'
		]);
	});

	it('asks for the code, name and funder when they are blank', () => {
		expect(messages({ ...good, code: '', name: ' ', funder: '' })).toEqual([
			'code: Enter a short code of 2 to 20 letters, digits and hyphens, starting with a letter, for example PCC-COORD (got "").',
			'name: Enter the funding stream’s name.',
			'funder: Enter the funder’s name.'
		]);
	});

	it('refuses another stream’s code or name, whatever the case, naming that stream', () => {
		expect(messages({ ...good, code: 'pcc-coord', name: 'PARTNERSHIP coordinator post' })).toEqual([
			'code: Another funding stream already has the code PCC-COORD. Choose a code no other stream uses.',
			'name: The stream PCC-COORD is already called “Partnership coordinator post”. Give this stream a name of its own.'
		]);
	});

	it('lets a new stream take any code and name not in use', () => {
		expect(
			validateFundingStream(
				{ ...good, code: 'SAB-TRAIN', name: 'Training' },
				{ ...context, streamId: null }
			).ok
		).toBe(true);
		expect(validateFundingStream(good, { ...context, streamId: null }).ok).toBe(false);
	});

	it('says how long the name, funder and description may be and how long they are', () => {
		expect(
			messages({
				...good,
				name: 'n'.repeat(STREAM_TEXT_MAX + 1),
				funder: 'f'.repeat(STREAM_TEXT_MAX + 2),
				description: 'd'.repeat(STREAM_DESCRIPTION_MAX + 3)
			})
		).toEqual([
			`name: Shorten the funding stream’s name to ${STREAM_TEXT_MAX} characters or fewer (it has ${STREAM_TEXT_MAX + 1}).`,
			`funder: Shorten the funder’s name to ${STREAM_TEXT_MAX} characters or fewer (it has ${STREAM_TEXT_MAX + 2}).`,
			`description: Shorten the description to ${STREAM_DESCRIPTION_MAX} characters or fewer (it has ${STREAM_DESCRIPTION_MAX + 3}).`
		]);
	});

	it('gives an error for each field at once, in the order of the form', () => {
		const result = validateFundingStream(
			{ ...good, lastYear: 'soon', amount: 'lots', code: '1' },
			context
		);
		expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
			'code',
			'amount',
			'lastYear'
		]);
	});
});

describe('parseAmountInput', () => {
	it('accepts pounds with a £ sign, thousands separators and pence', () => {
		expect(parseAmountInput(' £45,000.50 ')).toEqual({ ok: true, value: 45000.5 });
		expect(parseAmountInput('0.29')).toEqual({ ok: true, value: 0.29 });
	});

	it('refuses an amount too large to be right', () => {
		expect(parseAmountInput('£5,000,000,000,000')).toEqual({
			ok: false,
			errors: [
				{
					field: 'amount',
					message: '"£5,000,000,000,000" is too large to be a funding amount. Check the figure.'
				}
			]
		});
	});

	it('refuses a negative amount', () => {
		expect(parseAmountInput('-5000')).toEqual({
			ok: false,
			errors: [
				{
					field: 'amount',
					message: 'The amount cannot be negative (got "-5000"). Enter what the funder gives.'
				}
			]
		});
	});

	it('refuses words, percentages, a nil return and fractions of a penny', () => {
		for (const typed of ['sixty thousand', '10%', 'nil', 'n/a', '100.001'])
			expect(parseAmountInput(typed).ok, typed).toBe(false);
	});

	it('asks for the amount when the box is empty', () => {
		expect(parseAmountInput('  ')).toEqual({
			ok: false,
			errors: [
				{ field: 'amount', message: 'Enter the amount in pounds, for example 45000 or £45,000.' }
			]
		});
	});
});

describe('checkFundingStream', () => {
	it('refuses a negative amount and a bad code even when they did not come from the form', () => {
		const errors = checkFundingStream(
			{
				code: 'pcc nav',
				name: 'Navigators',
				funder: 'PCC',
				amountGbp: -1,
				firstYear: 2025,
				lastYear: 2025,
				description: ''
			},
			context
		);
		expect(errors.map((e) => e.field)).toEqual(['code', 'amount']);
	});
});
