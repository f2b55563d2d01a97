/**
 * Mail end to end in one process: the event, the outbox row written with it, the sender, and a
 * real SMTP server on 127.0.0.1 reading what arrives. One app and one SMTP server for the file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { auditEntries } from '../helpers/audit-entries.js';
import {
	buildTestApp,
	createTestUser,
	partnerIdOf,
	TEST_ACTOR,
	type TestApp
} from '../helpers/build-app.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const QUIET = { info() {}, warn() {}, error() {} };
const Q2 = { year: 2026, quarter: 2 as const };

describe('mail from the outbox', () => {
	let sink: SmtpSink;
	let test: TestApp;
	let hp: number;
	let p208: number;

	beforeAll(async () => {
		sink = await startSmtpSink({ refuse: ['nobody@example.org'] });
		test = await buildTestApp({
			seed: 'framework',
			env: { SMTP_URL: sink.url, SMTP_INSECURE: '1', MAIL_FROM: 'Humber MSP <tracker@example.org>' }
		});
		test.services.mail.start(() => test.services.framework.load(), QUIET, {
			retryWaitsMs: [20, 20],
			idlePollMs: 50
		});
		hp = partnerIdOf(test.services, 'HP');
		p208 = test.services.framework.load().metrics.find((m) => m.code === 'P2.08')!.id;
	});

	afterAll(async () => {
		await test.services.mail.stop();
		await test.close();
		await sink.close();
	});

	beforeEach(() => {
		sink.messages.length = 0;
	});

	const fw = () => test.services.framework.load();
	const sendFigures = (value: number) =>
		test.services.figures.commit(
			{
				source: 'form',
				partnerId: hp,
				fileName: null,
				contentType: null,
				content: null,
				uploadedByUserId: null,
				actorLabel: 'police@example.org',
				ip: ''
			},
			[
				{
					metricId: p208,
					partnerId: hp,
					areaCode: 'HULL',
					...Q2,
					kind: 'value',
					value,
					comment: '',
					sourceRow: null
				}
			]
		);

	it('emails a new user their set-password link once, in plain text and HTML, and keeps no copy of the link once sent', async () => {
		const { user, setPasswordToken } = test.services.auth.createUser(
			{
				email: 'new.lead@example.org',
				displayName: 'New Lead',
				role: 'coordinator',
				partnerId: null
			},
			TEST_ACTOR
		);
		const [mail] = await sink.waitFor(1);
		expect(mail!.to).toMatchObject({ text: 'new.lead@example.org' });
		expect(mail!.from?.value[0]).toMatchObject({
			name: 'Humber MSP',
			address: 'tracker@example.org'
		});
		expect(mail!.subject).toBe(
			'Humber Modern Slavery Partnership: set your password for the Strategy Tracker'
		);
		const link = `http://localhost:3000/set-password/${setPasswordToken}`;
		expect(mail!.text).toContain(link);
		expect(mail!.html).toContain(`href="${link}"`);
		expect(mail!.html).toContain('lang="en-GB"');
		expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
		expect(mail!.text).toContain('You get this because a coordinator');

		// The link in the email is the one that works.
		expect(test.services.auth.checkPasswordLink(setPasswordToken)).toMatchObject({
			user: { email: 'new.lead@example.org' }
		});
		await waitUntil(() => test.services.mail.outbox.list()[0]!.status === 'sent');
		const [row] = test.services.mail.outbox.list();
		expect(row!.textBody).not.toContain(setPasswordToken);
		expect(row!.secrets).toEqual([]);
		const audit = JSON.stringify([
			...auditEntries(test.services.db, 'mail.queued'),
			...auditEntries(test.services.db, 'mail.sent')
		]);
		expect(audit).toContain('new.lead@example.org');
		expect(audit).not.toContain(setPasswordToken);
		expect(user.email).toBe('new.lead@example.org');
	});

	it("sends a receipt to the partner's data contacts when figures are stored, and none for the same figures again", async () => {
		await createTestUser(test.services, 'partner', { email: 'data@police.example.org' });
		test.services.mail.settings.addContact(
			{ partnerId: hp, email: 'Returns@Police.example.org', name: 'Returns inbox' },
			TEST_ACTOR
		);
		const stored = sendFigures(7);
		const mails = await sink.waitFor(2);
		const receipts = mails.filter((m) => m.subject?.includes('were received'));
		expect(receipts.map((m) => m.to && 'text' in m.to && m.to.text).sort()).toEqual([
			'data@police.example.org',
			'returns@police.example.org'
		]);
		expect(receipts[0]!.text).toContain(`reference upload ${stored.uploadId}`);
		expect(receipts[0]!.text).toContain('1 new figure, 0 changed figures and 0 unchanged figures');
		expect(receipts[0]!.text).toContain('/submissions/hp/2026-27-q2');
		// A figure is never in an email: 7 is the only figure sent, and no email says it.
		expect(receipts[0]!.text).not.toMatch(/\b7\b/);

		sink.messages.length = 0;
		expect(sendFigures(7).uploadId).toBeNull();
		await new Promise((r) => setTimeout(r, 300));
		expect(sink.messages).toEqual([]);
	});

	it('tells the partner when its return is sent back, with the reason, and when it is approved', async () => {
		const submission = test.services.review.queue(Q2)[0]!;
		const base = {
			partnerId: hp,
			...Q2,
			actor: TEST_ACTOR,
			partnerName: 'Humberside Police',
			quarterLabel: '2026-27 Q2'
		};
		const returned = test.services.review.act({
			...base,
			action: 'return',
			reason: 'Hull and East Riding look swapped.',
			seenVersion: submission.version
		});
		expect(returned.ok).toBe(true);
		const [back] = await sink.waitFor(1);
		expect(back!.subject).toContain("please correct Humberside Police's 2026-27 Q2 figures");
		expect(back!.text).toContain('“Hull and East Riding look swapped.”');

		sendFigures(8);
		const again = test.services.review.queue(Q2)[0]!;
		test.services.review.act({
			...base,
			action: 'approve',
			reason: '',
			seenVersion: again.version
		});
		await waitUntil(() => sink.messages.some((m) => m.subject?.includes('figures were approved')));
	});

	it('tells board members and the funder of an issued report, with an unsubscribe link, and not those who turned it off', async () => {
		const board = await createTestUser(test.services, 'viewer', { email: 'board@example.org' });
		await createTestUser(test.services, 'funder', { email: 'pcc@example.org' });
		const quiet = await createTestUser(test.services, 'viewer', { email: 'quiet@example.org' });
		test.services.mail.settings.setOptOut(quiet.id, 'report-issued', true, TEST_ACTOR);
		const id = test.services.reports.issue(fw(), Q2, TEST_ACTOR);
		const issued = () =>
			sink.messages.filter((m) => m.subject?.includes('board report has been issued'));
		await waitUntil(() => issued().length >= 2);
		await new Promise((r) => setTimeout(r, 200));
		const mails = issued();
		expect(mails.map((m) => m.to && 'text' in m.to && m.to.text).sort()).toEqual([
			'board@example.org',
			'pcc@example.org'
		]);
		const toBoard = mails.find((m) => m.to && 'text' in m.to && m.to.text === 'board@example.org')!;
		expect(toBoard.text).toContain(`/reports/2026-27-q2/issued/${id}`);
		const header = (name: string) =>
			toBoard.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
		const unsubscribe = header('list-unsubscribe');
		expect(unsubscribe).toMatch(
			new RegExp(`^<http://localhost:3000/unsubscribe\\?user=${board.id}&kind=report-issued&sig=`)
		);
		expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
		expect(toBoard.text).toContain('You can stop these messages');
	});

	it('marks an address the mail server refuses as failed and lists it for the coordinator, without holding up other mail', async () => {
		test.services.mail.settings.addContact(
			{ partnerId: hp, email: 'nobody@example.org', name: '' },
			TEST_ACTOR
		);
		test.services.mail.notifier.reminder(
			fw(),
			{
				partnerId: hp,
				period: Q2,
				deadline: '2026-10-30',
				step: 'refused-test',
				when: 'after',
				fromCoordinator: true
			},
			TEST_ACTOR
		);
		await waitUntil(() =>
			test.services.mail.outbox.refusedAddresses().some((r) => r.toAddress === 'nobody@example.org')
		);
		const failed = test.services.mail.outbox.list({ statuses: ['failed'] });
		expect(failed[0]!.lastError).toContain('550');
		expect(failed[0]!.attempts).toBe(1);
		expect(auditEntries(test.services.db, 'mail.failed').length).toBeGreaterThan(0);
		// The partner's other contacts still got the chase.
		await waitUntil(
			() =>
				sink.messages.filter((m) => m.text?.includes('The partnership coordinator asked'))
					.length === 2
		);
	});
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('Timed out waiting for the outbox.');
		await new Promise((r) => setTimeout(r, 25));
	}
}
