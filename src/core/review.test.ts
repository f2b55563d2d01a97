import { describe, expect, it } from 'vitest';

import type { SubmissionStatus } from './framework.js';
import { decideReview, MAX_REASON_LENGTH, type ReviewAction } from './review.js';

function ask(
	action: ReviewAction,
	status: SubmissionStatus | null,
	reason = '',
	versions: { stored: number; seen: number } = { stored: 3, seen: 3 }
) {
	return decideReview({
		action,
		current: status === null ? null : { status, version: versions.stored },
		seenVersion: versions.seen,
		reason,
		partnerName: 'Humberside Police',
		quarterLabel: 'Q2 2025/26'
	});
}

describe('decideReview: allowed transitions', () => {
	it.each([
		['approve', 'submitted', '', 'approved', null],
		['approve', 'returned', '', 'approved', null],
		['return', 'submitted', 'Q2 victims look doubled', 'returned', 'Q2 victims look doubled'],
		['reopen', 'approved', 'Hull figures were restated', 'returned', 'Hull figures were restated']
	] as const)('%s from %s goes to %s', (action, from, reason, to, kept) => {
		expect(ask(action, from, reason)).toEqual({ ok: true, from, to, reason: kept });
	});

	it('keeps the reason without the spaces around it', () => {
		expect(ask('return', 'submitted', '  wrong area  ')).toMatchObject({ reason: 'wrong area' });
	});
});

describe('decideReview: refused transitions', () => {
	it.each([
		['approve', null, 'nothing-sent', 'Humberside Police has sent no figures for Q2 2025/26'],
		['approve', 'not_started', 'nothing-sent', 'nothing to approve'],
		['return', null, 'nothing-sent', 'nothing to return'],
		['reopen', null, 'nothing-sent', 'nothing to reopen'],
		['approve', 'approved', 'not-allowed', 'already approved'],
		['return', 'approved', 'not-allowed', 'Reopen it with a reason'],
		['return', 'returned', 'not-allowed', 'already returned'],
		['reopen', 'submitted', 'not-allowed', 'waiting for review, not approved'],
		['reopen', 'returned', 'not-allowed', 'returned to the partner, not approved']
	] as const)('%s from %s is refused (%s)', (action, from, code, words) => {
		const decision = ask(action, from, 'a reason');
		expect(decision).toMatchObject({ ok: false, code });
		expect(decision.ok ? '' : decision.message).toContain(words);
	});

	it.each(['return', 'reopen'] as const)('refuses to %s without a reason', (action) => {
		const from = action === 'return' ? 'submitted' : 'approved';
		for (const reason of ['', '   \n\t']) {
			const decision = ask(action, from, reason);
			expect(decision).toMatchObject({ ok: false, code: 'no-reason' });
			expect(decision.ok ? '' : decision.message).toContain('the partner sees it');
		}
	});

	it('refuses a reason longer than the limit, saying how long it is', () => {
		const decision = ask('return', 'submitted', 'x'.repeat(MAX_REASON_LENGTH + 1));
		expect(decision).toMatchObject({ ok: false, code: 'reason-too-long' });
		expect(decision.ok ? '' : decision.message).toContain('(it has 1001)');
	});

	it('refuses to act on a version the reviewer did not see, whatever the action', () => {
		for (const action of ['approve', 'return', 'reopen'] as const) {
			const decision = ask(action, 'submitted', 'a reason', { stored: 4, seen: 3 });
			expect(decision).toMatchObject({ ok: false, code: 'stale' });
			expect(decision.ok ? '' : decision.message).toContain('Nothing was changed');
		}
	});
});
