import { describe, expect, it } from 'vitest';

import {
	buildCompletenessGrid,
	classifySubmission,
	COMPLETENESS_LABELS,
	COMPLETENESS_STATES,
	deadlineCutoff,
	findExpectedPartners,
	partnersMissing,
	type CompletenessInput,
	type CompletenessPartner,
	type CompletenessState,
	type CompletenessSubmission
} from './completeness.js';
import type { SubmissionStatus } from './framework.js';
import type { Period } from './periods.js';

const Q1: Period = { year: 2025, quarter: 1 }; // April to June 2025, due 30 July 2025 (BST)
const Q2: Period = { year: 2025, quarter: 2 }; // July to September 2025, due 30 October 2025 (GMT)
const Q3: Period = { year: 2025, quarter: 3 }; // October to December 2025, due 30 January 2026

function sent(
	period: Period,
	status: SubmissionStatus,
	firstSubmittedAt: string | null,
	extra: Partial<CompletenessSubmission> = {}
): CompletenessSubmission {
	return {
		partnerId: 1,
		year: period.year,
		quarter: period.quarter,
		status,
		firstSubmittedAt,
		lastSubmittedAt: firstSubmittedAt,
		reason: null,
		...extra
	};
}

describe('deadlineCutoff', () => {
	it.each([
		// The deadline day ends at midnight UK time: 23:00 UTC in summer, 00:00 UTC in winter.
		['Q1 2025-26, due in summer time', Q1, '2025-07-30', '2025-07-30T23:00:00.000Z'],
		['Q2 2025-26, due after the clocks went back', Q2, '2025-10-30', '2025-10-31T00:00:00.000Z'],
		['Q3 2025-26, due in January', Q3, '2026-01-30', '2026-01-31T00:00:00.000Z'],
		[
			'Q4 2025-26, due 30 April',
			{ year: 2025, quarter: 4 },
			'2026-04-30',
			'2026-04-30T23:00:00.000Z'
		]
	] as const)('%s', (_case, period, deadline, cutoff) => {
		const found = deadlineCutoff(period);
		expect(found.deadline).toBe(deadline);
		expect(new Date(found.cutoff).toISOString()).toBe(cutoff);
	});
});

describe('classifySubmission', () => {
	const afterQ1Deadline = new Date('2025-11-01T12:00:00Z');

	it.each<[string, Period, CompletenessSubmission | undefined, string, CompletenessState, boolean]>(
		[
			[
				'nothing recorded, deadline passed',
				Q1,
				undefined,
				'2025-11-01T12:00:00Z',
				'missing',
				false
			],
			[
				'nothing recorded, 23:59:59 BST on the deadline day',
				Q1,
				undefined,
				'2025-07-30T22:59:59Z',
				'not-yet-due',
				false
			],
			[
				'nothing recorded, 00:00 BST the day after',
				Q1,
				undefined,
				'2025-07-30T23:00:00Z',
				'missing',
				false
			],
			[
				'nothing recorded, quarter ended, before the deadline',
				Q1,
				undefined,
				'2025-07-15T09:00:00Z',
				'not-yet-due',
				false
			],
			[
				'nothing recorded, quarter not ended yet',
				Q1,
				undefined,
				'2025-06-15T09:00:00Z',
				'not-yet-due',
				false
			],
			[
				'a row still not started, deadline passed',
				Q1,
				sent(Q1, 'not_started', null),
				'2025-11-01T12:00:00Z',
				'missing',
				false
			],
			[
				'sent well before the deadline',
				Q1,
				sent(Q1, 'submitted', '2025-07-10T09:00:00Z'),
				'2025-11-01T12:00:00Z',
				'submitted-on-time',
				false
			],
			[
				'sent before the quarter ended',
				Q1,
				sent(Q1, 'submitted', '2025-06-20T09:00:00Z'),
				'2025-11-01T12:00:00Z',
				'submitted-on-time',
				false
			],
			[
				'sent at 23:30 BST on the deadline day',
				Q1,
				sent(Q1, 'submitted', '2025-07-30T22:30:00Z'),
				'2025-11-01T12:00:00Z',
				'submitted-on-time',
				false
			],
			[
				'sent at 00:30 BST the next day (still 30 July in UTC)',
				Q1,
				sent(Q1, 'submitted', '2025-07-30T23:30:00Z'),
				'2025-11-01T12:00:00Z',
				'submitted-late',
				true
			],
			[
				'sent at 23:30 GMT on a winter deadline day',
				Q2,
				sent(Q2, 'submitted', '2025-10-30T23:30:00Z'),
				'2025-11-01T12:00:00Z',
				'submitted-on-time',
				false
			],
			[
				'sent at 00:00 GMT the day after a winter deadline',
				Q2,
				sent(Q2, 'submitted', '2025-10-31T00:00:00Z'),
				'2025-11-01T12:00:00Z',
				'submitted-late',
				true
			],
			[
				'sent on time, corrected after the deadline (lateness is the first sending)',
				Q1,
				sent(Q1, 'submitted', '2025-07-20T09:00:00Z', { lastSubmittedAt: '2025-08-20T09:00:00Z' }),
				'2025-11-01T12:00:00Z',
				'submitted-on-time',
				false
			],
			[
				'sent on time, approved',
				Q1,
				sent(Q1, 'approved', '2025-07-20T09:00:00Z'),
				'2025-11-01T12:00:00Z',
				'approved',
				false
			],
			[
				'sent late, since approved: approved, flagged late',
				Q1,
				sent(Q1, 'approved', '2025-08-05T09:00:00Z'),
				'2025-11-01T12:00:00Z',
				'approved',
				true
			],
			[
				'sent on time, returned',
				Q1,
				sent(Q1, 'returned', '2025-07-20T09:00:00Z'),
				'2025-11-01T12:00:00Z',
				'returned',
				false
			],
			[
				'sent late, returned: returned, flagged late',
				Q1,
				sent(Q1, 'returned', '2025-08-05T09:00:00Z'),
				'2025-11-01T12:00:00Z',
				'returned',
				true
			],
			[
				'submitted with no first-sending time: not called late',
				Q1,
				sent(Q1, 'submitted', null),
				'2025-11-01T12:00:00Z',
				'submitted-on-time',
				false
			],
			[
				'submitted with an unreadable time: not called late',
				Q1,
				sent(Q1, 'submitted', 'last Tuesday'),
				'2025-11-01T12:00:00Z',
				'submitted-on-time',
				false
			]
		]
	)('%s', (_case, period, submission, now, state, late) => {
		const cell = classifySubmission(period, submission, new Date(now));
		expect(cell.state).toBe(state);
		expect(cell.late).toBe(late);
		expect(cell.period).toEqual(period);
		expect(cell.deadline).toBe(period === Q1 ? '2025-07-30' : '2025-10-30');
	});

	it('keeps the reason of a returned return, and no reason on any other', () => {
		const reason = 'P3.01 is three times last quarter: please check.';
		const returned = sent(Q1, 'returned', '2025-07-20T09:00:00Z', { reason });
		expect(classifySubmission(Q1, returned, afterQ1Deadline).reason).toBe(reason);
		// A reason left from an earlier return is not shown once the return is approved.
		const approved = sent(Q1, 'approved', '2025-07-20T09:00:00Z', { reason });
		expect(classifySubmission(Q1, approved, afterQ1Deadline).reason).toBeNull();
	});

	it('carries the sending times through for the page', () => {
		const submission = sent(Q1, 'submitted', '2025-07-20T09:00:00Z', {
			lastSubmittedAt: '2025-07-25T10:00:00Z'
		});
		const cell = classifySubmission(Q1, submission, afterQ1Deadline);
		expect(cell.firstSubmittedAt).toBe('2025-07-20T09:00:00Z');
		expect(cell.lastSubmittedAt).toBe('2025-07-25T10:00:00Z');
	});
});

// Four expected partners and three that are not; worked by hand below.
const PARTNERS: CompletenessPartner[] = [
	{
		id: 1,
		code: 'HP',
		name: 'Humberside Police',
		sector: 'police',
		areaCode: 'HUMBER',
		active: true
	},
	{
		id: 2,
		code: 'HCC',
		name: 'Hull City Council',
		sector: 'local-authority',
		areaCode: 'HULL',
		active: true
	},
	{
		id: 3,
		code: 'VS',
		name: 'Victim Support',
		sector: 'voluntary',
		areaCode: 'HUMBER',
		active: true
	},
	{
		id: 4,
		code: 'ABP',
		name: 'Associated British Ports',
		sector: 'other',
		areaCode: 'HUMBER',
		active: true
	},
	{ id: 5, code: 'OLD', name: 'Old Charity', sector: 'voluntary', areaCode: 'HULL', active: false },
	{
		id: 6,
		code: 'NOREP',
		name: 'Not Reporting Trust',
		sector: 'health',
		areaCode: 'NEL',
		active: true
	},
	{
		id: 7,
		code: 'HUTH',
		name: 'Hull University Teaching Hospitals',
		sector: 'health',
		areaCode: 'HULL',
		active: true
	}
];

const METRICS: CompletenessInput['metrics'] = [
	{ status: 'active', reporters: [{ partnerId: 1 }, { partnerId: 2 }, { partnerId: 5 }] },
	{ status: 'active', reporters: [{ partnerId: 3 }, { partnerId: 7 }, { partnerId: 1 }] },
	// ABP reports only a retired metric, so it is no longer expected.
	{ status: 'retired', reporters: [{ partnerId: 4 }] }
];

const reason = 'The training figure is three times last quarter: please check.';

function row(partnerId: number, period: Period, status: SubmissionStatus, first: string | null) {
	return {
		...sent(period, status, first),
		partnerId,
		reason: status === 'returned' ? reason : null
	};
}

const SUBMISSIONS: CompletenessSubmission[] = [
	row(1, Q1, 'approved', '2025-07-10T09:00:00Z'),
	row(1, Q2, 'approved', '2025-11-03T09:00:00Z'), // late, since approved
	row(1, Q3, 'submitted', '2026-01-15T09:00:00Z'),
	row(2, Q1, 'approved', '2025-07-29T16:00:00Z'),
	row(2, Q2, 'returned', '2025-10-20T09:00:00Z'),
	// HCC has nothing for Q3; VS has nothing for Q1 or Q3.
	row(3, Q2, 'submitted', '2025-10-29T09:00:00Z'),
	row(7, Q1, 'approved', '2025-07-01T09:00:00Z'),
	row(7, Q2, 'submitted', '2025-11-05T09:00:00Z'), // late, waiting
	row(7, Q3, 'submitted', '2026-01-10T09:00:00Z'),
	// Not expected, so never shown, whatever they sent.
	row(4, Q1, 'approved', '2025-07-10T09:00:00Z'),
	row(5, Q1, 'approved', '2025-07-10T09:00:00Z')
];

/** Before Q3's deadline (30 January 2026) and after it. */
const BEFORE_Q3_DEADLINE = new Date('2026-01-20T12:00:00Z');
const AFTER_Q3_DEADLINE = new Date('2026-02-02T12:00:00Z');

function grid(overrides: Partial<CompletenessInput> = {}) {
	return buildCompletenessGrid({
		partners: PARTNERS,
		metrics: METRICS,
		// Given out of order on purpose: the grid always runs oldest to latest.
		quarters: [Q3, Q1, Q2],
		submissions: SUBMISSIONS,
		now: BEFORE_Q3_DEADLINE,
		...overrides
	});
}

/** Each row as "CODE: state state state", with "+late" where the flag is set. */
function describeRows(g: ReturnType<typeof grid>): string[] {
	return g.rows.map(
		(r) =>
			`${r.partner.code}: ${r.cells.map((c) => c.state + (c.late && !c.state.endsWith('late') ? '+late' : '')).join(' ')}`
	);
}

describe('findExpectedPartners', () => {
	it('expects active partners that report an active metric, and no one else', () => {
		expect(findExpectedPartners(PARTNERS, METRICS).map((p) => p.code)).toEqual([
			'HP',
			'HCC',
			'VS',
			'HUTH'
		]);
	});
});

describe('buildCompletenessGrid', () => {
	it('classifies every expected partner for every quarter, oldest quarter first', () => {
		const g = grid();
		expect(g.quarters).toEqual([Q1, Q2, Q3]);
		// Nobody is missing Q3 yet and nothing of Q3 was returned, so the rows are by name.
		expect(describeRows(g)).toEqual([
			'HCC: approved returned not-yet-due',
			'HUTH: approved submitted-late submitted-on-time',
			'HP: approved approved+late submitted-on-time',
			'VS: missing submitted-on-time not-yet-due'
		]);
		expect(g.rows[0]!.cells[1]!.reason).toBe(reason);
	});

	it('counts each quarter: states add up to the partners expected', () => {
		const [q1, q2, q3] = grid().counts;
		expect(q1).toEqual({
			period: Q1,
			deadline: '2025-07-30',
			deadlinePassed: true,
			expected: 4,
			states: {
				approved: 3,
				returned: 0,
				'submitted-on-time': 0,
				'submitted-late': 0,
				missing: 1,
				'not-yet-due': 0
			},
			onTime: 3,
			late: 0
		});
		// HP late (approved since), HUTH late (waiting); HCC on time (returned), VS on time.
		expect(q2).toMatchObject({
			deadlinePassed: true,
			states: {
				approved: 1,
				returned: 1,
				'submitted-on-time': 1,
				'submitted-late': 1,
				missing: 0,
				'not-yet-due': 0
			},
			onTime: 2,
			late: 2
		});
		expect(q3).toMatchObject({
			deadline: '2026-01-30',
			deadlinePassed: false,
			states: { 'submitted-on-time': 2, 'not-yet-due': 2, missing: 0 },
			onTime: 2,
			late: 0
		});
	});

	it('puts the partners missing the latest quarter first once its deadline has passed', () => {
		const g = grid({ now: AFTER_Q3_DEADLINE });
		expect(describeRows(g)).toEqual([
			'HCC: approved returned missing',
			'VS: missing submitted-on-time missing',
			'HUTH: approved submitted-late submitted-on-time',
			'HP: approved approved+late submitted-on-time'
		]);
		expect(g.counts[2]).toMatchObject({ deadlinePassed: true, states: { missing: 2 } });
		expect(partnersMissing(g, Q3).map((p) => p.code)).toEqual(['HCC', 'VS']);
		expect(partnersMissing(g, Q1).map((p) => p.code)).toEqual(['VS']);
		expect(partnersMissing(g, { year: 2030, quarter: 1 })).toEqual([]);
	});

	it.each<[string, Period[], string[]]>([
		// Latest Q2: HCC's return was returned, so it comes before the others (by name).
		['returned in the latest quarter next', [Q1, Q2], ['HCC', 'HUTH', 'HP', 'VS']],
		// Latest Q1: VS sent nothing.
		['missing in the latest quarter first', [Q1], ['VS', 'HCC', 'HUTH', 'HP']]
	])('orders rows for chasing: %s', (_case, quarters, order) => {
		expect(grid({ quarters }).rows.map((r) => r.partner.code)).toEqual(order);
	});

	it.each<[string, Partial<CompletenessInput>, string[], number]>([
		['no filter', {}, ['HCC', 'HUTH', 'HP', 'VS'], 4],
		['partners based in Hull', { areaCode: 'HULL' }, ['HCC', 'HUTH'], 2],
		['partnership-wide partners', { areaCode: 'HUMBER' }, ['HP', 'VS'], 2],
		['the health sector', { sector: 'health' }, ['HUTH'], 1],
		['Hull and health together', { areaCode: 'HULL', sector: 'health' }, ['HUTH'], 1],
		['a sector with no expected partner', { sector: 'other' }, [], 0],
		['Hull and police: nobody', { areaCode: 'HULL', sector: 'police' }, [], 0],
		['null filters mean everyone', { areaCode: null, sector: null }, ['HCC', 'HUTH', 'HP', 'VS'], 4]
	])('filters by area and sector: %s', (_case, filter, codes, expected) => {
		const g = grid(filter);
		expect(g.rows.map((r) => r.partner.code)).toEqual(codes);
		// The counts describe the partners shown, not the whole partnership.
		expect(g.counts.map((c) => c.expected)).toEqual([expected, expected, expected]);
		for (const c of g.counts)
			expect(Object.values(c.states).reduce((a, b) => a + b, 0)).toBe(expected);
	});

	it('gives an empty grid, with zero counts, when nobody is expected', () => {
		const g = grid({ metrics: [] });
		expect(g.rows).toEqual([]);
		expect(g.counts[0]).toMatchObject({ expected: 0, onTime: 0, late: 0, states: { missing: 0 } });
	});

	it('gives no columns when asked for no quarters', () => {
		const g = grid({ quarters: [] });
		expect(g.counts).toEqual([]);
		expect(g.rows.every((r) => r.cells.length === 0)).toBe(true);
	});
});

describe('COMPLETENESS_LABELS', () => {
	it('has a distinct word for every state, for the tags and the key', () => {
		const words = COMPLETENESS_STATES.map((s) => COMPLETENESS_LABELS[s].tag);
		expect(new Set(words).size).toBe(COMPLETENESS_STATES.length);
	});
});

describe('deadlines set by the coordinator', () => {
	// Q1 2025-26 moved from 30 July to 15 August 2025 (summer time: the day ends 23:00 UTC).
	const moved = new Map([['2025|1', '2025-08-15']]);

	it('uses the set deadline for that quarter and the default for the others', () => {
		expect(deadlineCutoff(Q1, moved)).toEqual({
			deadline: '2025-08-15',
			cutoff: Date.parse('2025-08-15T23:00:00.000Z')
		});
		expect(deadlineCutoff(Q2, moved).deadline).toBe('2025-10-30');
	});

	it('calls a return sent after the default but before the set deadline on time', () => {
		const sentAug = sent(Q1, 'submitted', '2025-08-10T09:00:00Z');
		const now = new Date('2025-09-01T12:00:00Z');
		expect(classifySubmission(Q1, sentAug, now).state).toBe('submitted-late');
		expect(classifySubmission(Q1, sentAug, now, moved)).toMatchObject({
			state: 'submitted-on-time',
			late: false,
			deadline: '2025-08-15'
		});
	});

	it('does not call a quarter missing until its set deadline has passed', () => {
		expect(classifySubmission(Q1, undefined, new Date('2025-08-10T12:00:00Z'), moved).state).toBe(
			'not-yet-due'
		);
		expect(classifySubmission(Q1, undefined, new Date('2025-08-16T00:00:00Z'), moved).state).toBe(
			'missing'
		);
	});

	it('counts the grid against the set deadline', () => {
		// An earlier Q3 deadline (15 January 2026) has passed by 20 January.
		const g = grid({ deadlines: new Map([['2025|3', '2026-01-15']]) });
		expect(g.counts[2]).toMatchObject({ deadline: '2026-01-15', deadlinePassed: true });
		expect(grid().counts[2]).toMatchObject({ deadline: '2026-01-30', deadlinePassed: false });
	});
});
