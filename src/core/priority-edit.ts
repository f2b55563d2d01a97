/**
 * Checking what the coordinator types for a priority (SPEC §2: number, title, description).
 * A priority's number is not edited: it is in the addresses of its pages (/priorities/3), in its
 * metrics' codes (P3.01) and in board reports already issued, so a new priority takes the next
 * number and keeps it.
 */
import type { Checked, FieldError } from './framework-edit.js';
import { isSameName } from './same-name.js';

export interface PriorityForm {
	title: string;
	description: string;
}

export interface PriorityAttributes {
	title: string;
	description: string;
}

export interface PriorityEditContext {
	/** The priority being edited, so that keeping its own title is not a clash; null for a new one. */
	priorityId: number | null;
	priorities: { id: number; number: number; title: string }[];
}

export const PRIORITY_TITLE_MAX = 200;
export const PRIORITY_DESCRIPTION_MAX = 2000;

export function validatePriority(
	form: PriorityForm,
	context: PriorityEditContext
): Checked<PriorityAttributes> {
	const errors: FieldError[] = [];
	const title = form.title.trim().replace(/\s+/g, ' ');
	const description = form.description.trim();

	if (title === '') errors.push({ field: 'title', message: 'Enter the priority’s title.' });
	else if (title.length > PRIORITY_TITLE_MAX)
		errors.push({
			field: 'title',
			message: `Shorten the title to ${PRIORITY_TITLE_MAX} characters or fewer (it has ${title.length}).`
		});
	else {
		const clash = context.priorities.find(
			(p) => p.id !== context.priorityId && isSameName(p.title, title)
		);
		if (clash)
			errors.push({
				field: 'title',
				message: `Priority ${clash.number} already has the title “${clash.title}”. Give this priority a title of its own.`
			});
	}

	if (description.length > PRIORITY_DESCRIPTION_MAX)
		errors.push({
			field: 'description',
			message: `Shorten the description to ${PRIORITY_DESCRIPTION_MAX} characters or fewer (it has ${description.length}).`
		});

	return errors.length ? { ok: false, errors } : { ok: true, value: { title, description } };
}

/** The number a new priority takes: one after the highest, so existing numbers never move. */
export function nextPriorityNumber(priorities: { number: number }[]): number {
	return priorities.reduce((highest, p) => Math.max(highest, p.number), 0) + 1;
}
