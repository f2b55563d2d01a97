import { describe, expect, it } from 'vitest';

import { findRestatement, type RestatementInput } from './restatements.js';

const base: RestatementInput = {
	metric: { code: 'P2.06', name: 'Charges', unit: 'count' },
	periodLabel: '2025-26 Q3',
	report: { id: 7, issuedAt: '2026-02-10T10:00:00.000Z' },
	issued: { value: 41, suppressed: false },
	current: { value: 44, suppressed: false },
	revisions: [
		{
			createdAt: '2026-03-03T09:30:00.000Z',
			partnerName: 'Hull City Council',
			actorLabel: 'data@hull.example',
			comment: 'late return from the Hull office'
		},
		{
			createdAt: '2026-01-05T09:30:00.000Z',
			partnerName: 'Hull City Council',
			actorLabel: 'data@hull.example',
			comment: 'first return'
		}
	]
};

describe('findRestatement', () => {
	it('says what the board was told, the new figure, and the revisions made after the issue', () => {
		expect(findRestatement(base)?.sentence).toBe(
			'Reported to the board as 41 for 2025-26 Q3, revised to 44 on 3 March 2026 by data@hull.example (Hull City Council): late return from the Hull office.'
		);
	});

	it('finds nothing when the figure stands as issued', () => {
		expect(findRestatement({ ...base, current: { value: 41, suppressed: false } })).toBeNull();
	});

	it('never compares a hidden figure', () => {
		expect(findRestatement({ ...base, current: { value: null, suppressed: true } })).toBeNull();
		expect(findRestatement({ ...base, issued: { value: null, suppressed: true } })).toBeNull();
	});
});
