import { describe, expect, it } from 'vitest';

import {
	nextPriorityNumber,
	PRIORITY_DESCRIPTION_MAX,
	PRIORITY_TITLE_MAX,
	validatePriority,
	type PriorityEditContext
} from './priority-edit.js';

const context: PriorityEditContext = {
	priorityId: 12,
	priorities: [
		{ id: 11, number: 1, title: 'Support victims' },
		{ id: 12, number: 2, title: 'Disrupt organised crime' }
	]
};

describe('validatePriority', () => {
	it('accepts a title and description, trimming them and closing up runs of spaces in the title', () => {
		expect(
			validatePriority(
				{ title: '  Disrupt   serious organised crime ', description: ' Police and councils. ' },
				context
			)
		).toEqual({
			ok: true,
			value: { title: 'Disrupt serious organised crime', description: 'Police and councils.' }
		});
	});

	it('lets a priority keep its own title', () => {
		expect(
			validatePriority({ title: 'Disrupt organised crime', description: '' }, context)
		).toMatchObject({ ok: true });
	});

	it('asks for a title when there is none', () => {
		expect(validatePriority({ title: '   ', description: '' }, context)).toEqual({
			ok: false,
			errors: [{ field: 'title', message: 'Enter the priority’s title.' }]
		});
	});

	it('refuses another priority’s title, whatever its case and spacing, and names that priority', () => {
		const result = validatePriority({ title: 'support  VICTIMS', description: '' }, context);
		expect(result).toEqual({
			ok: false,
			errors: [
				{
					field: 'title',
					message:
						'Priority 1 already has the title “Support victims”. Give this priority a title of its own.'
				}
			]
		});
	});

	it('refuses an existing title for a new priority too', () => {
		const result = validatePriority(
			{ title: 'Disrupt organised crime', description: '' },
			{ ...context, priorityId: null }
		);
		expect(result.ok).toBe(false);
	});

	it('says how long a title or description may be and how long it is', () => {
		const result = validatePriority(
			{
				title: 'x'.repeat(PRIORITY_TITLE_MAX + 1),
				description: 'y'.repeat(PRIORITY_DESCRIPTION_MAX + 5)
			},
			context
		);
		expect(result).toEqual({
			ok: false,
			errors: [
				{
					field: 'title',
					message: `Shorten the title to ${PRIORITY_TITLE_MAX} characters or fewer (it has ${PRIORITY_TITLE_MAX + 1}).`
				},
				{
					field: 'description',
					message: `Shorten the description to ${PRIORITY_DESCRIPTION_MAX} characters or fewer (it has ${PRIORITY_DESCRIPTION_MAX + 5}).`
				}
			]
		});
	});
});

describe('nextPriorityNumber', () => {
	it('is one after the highest number, so no existing number moves', () => {
		expect(nextPriorityNumber([{ number: 1 }, { number: 6 }, { number: 3 }])).toBe(7);
	});

	it('is 1 for a strategy with no priorities yet', () => {
		expect(nextPriorityNumber([])).toBe(1);
	});
});
