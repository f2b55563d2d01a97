import { describe, expect, it } from 'vitest';

import { parseDeadlineInput } from './deadline-input.js';

const Q2 = { year: 2025, quarter: 2 as const }; // July to September 2025

describe('parseDeadlineInput', () => {
	it.each([
		['2025-10-30', '2025-10-30'],
		[' 2025-11-14 ', '2025-11-14'],
		['2025-09-30', '2025-09-30'],
		['', null]
	])('reads "%s" as %s', (text, deadline) => {
		expect(parseDeadlineInput(text, Q2)).toEqual({ ok: true, deadline });
	});

	it.each([
		['30/10/2025', 'Enter the deadline as a date, for example 2025-10-30 (got "30/10/2025").'],
		['2025-02-30', 'Enter the deadline as a date, for example 2025-10-30 (got "2025-02-30").'],
		['2025-09-29', 'must be on or after the quarter’s last day, 2025-09-30.']
	])('refuses "%s"', (text, message) => {
		const found = parseDeadlineInput(text, Q2);
		expect(found.ok).toBe(false);
		expect(found.ok ? '' : found.message).toContain(message);
	});
});
