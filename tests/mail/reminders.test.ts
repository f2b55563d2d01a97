/**
 * The reminder schedule on a clock the test moves: which partners are reminded, at which step,
 * and that nothing is queued twice, however often the schedule runs or however many servers run it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import {
	buildTestApp,
	createTestUser,
	partnerIdOf,
	TEST_ACTOR,
	testClock,
	type TestApp
} from '../helpers/build-app.js';

const DAY = 86_400_000;

describe('reminders on a schedule', () => {
	const clock = testClock(new Date('2026-10-01T08:00:00Z'));
	let test: TestApp;
	let hp: number;
	let eryc: number;

	beforeAll(async () => {
		test = await buildTestApp({ seed: 'framework', clock: clock.now });
		hp = partnerIdOf(test.services, 'HP');
		eryc = partnerIdOf(test.services, 'ERYC');
		await createTestUser(test.services, 'partner', { email: 'lead@police.example.org' });
		test.services.mail.settings.addContact(
			{ partnerId: eryc, email: 'returns@eastriding.example.org', name: '' },
			TEST_ACTOR
		);
	});

	afterAll(() => test.close());

	const run = () => test.services.mail.reminders.runReminders(test.services.framework.load());
	const reminders = (partnerId: number) =>
		test.services.mail.outbox
			.list()
			.filter((m) => m.kind === 'reminder' && m.partnerId === partnerId && m.quarter === 2)
			.map((m) => m.cause.split('|').slice(2).join('|'))
			.sort();

	it('reminds every data contact the day after the quarter ends, once however often it runs', () => {
		// 2026-27 Q1 is still missing too: it is reminded on its own steps, apart from Q2's.
		run();
		run();
		expect(reminders(hp)).toEqual(['2026-27-q2|closed']);
		expect(reminders(eryc)).toEqual(['2026-27-q2|closed']);
		const [toHp] = test.services.mail.outbox.list().filter((m) => m.partnerId === hp);
		expect(toHp!.subject).toBe(
			'Humber Modern Slavery Partnership: your 2026-27 Q2 figures are due by 30 October 2026'
		);
	});

	it('queues nothing again when a second server runs the same schedule on the same database', () => {
		const read = readConfig({
			LOG_LEVEL: 'silent',
			DATABASE_PATH: test.services.config.databasePath
		});
		if (!read.ok) throw new Error(read.problems.join(' '));
		const second = createServices(read.config, { now: clock.now });
		try {
			expect(second.mail.reminders.runReminders(second.framework.load())).toBe(0);
		} finally {
			second.close();
		}
	});

	it('reminds 7 days before the deadline, and not a partner that has sent its return', () => {
		clock.advance(22 * DAY); // 23 October
		const p208 = test.services.framework.load().metrics.find((m) => m.code === 'P2.08')!;
		test.services.figures.commit(
			{
				source: 'form',
				partnerId: hp,
				fileName: null,
				contentType: null,
				content: null,
				uploadedByUserId: null,
				actorLabel: 'lead@police.example.org',
				ip: ''
			},
			[
				{
					metricId: p208.id,
					partnerId: hp,
					areaCode: 'HULL',
					year: 2026,
					quarter: 2,
					kind: 'value',
					value: 3,
					comment: '',
					sourceRow: null
				}
			]
		);
		run();
		expect(reminders(hp)).toEqual(['2026-27-q2|closed']);
		expect(reminders(eryc)).toEqual(['2026-27-q2|before-7', '2026-27-q2|closed']);
	});

	it('sends only the latest step after a pause in running, and none to a partner the coordinator paused', () => {
		clock.advance(15 * DAY); // 7 November: the day after the deadline has passed too
		run();
		expect(reminders(eryc)).toEqual([
			'2026-27-q2|before-7',
			'2026-27-q2|closed',
			'2026-27-q2|repeat-1'
		]);
		test.services.mail.settings.setPaused(eryc, true, TEST_ACTOR);
		clock.advance(7 * DAY);
		run();
		expect(reminders(eryc)).toHaveLength(3);
		test.services.mail.settings.setPaused(eryc, false, TEST_ACTOR);
		run();
		expect(reminders(eryc)).toContain('2026-27-q2|repeat-2');
	});

	it('follows the schedule the coordinator set', () => {
		test.services.mail.settings.setSchedule(
			{ atClose: false, daysBeforeDeadline: [], daysAfterDeadline: [], thenEveryDays: null },
			TEST_ACTOR
		);
		clock.advance(7 * DAY);
		expect(run()).toBe(0);
	});

	it('counts how often and when each partner was reminded, for the completeness page', () => {
		const counts = test.services.mail.outbox.remindersFor({ year: 2026, quarter: 2 });
		expect(counts.find((c) => c.partnerId === eryc)).toMatchObject({ times: 4 });
	});
});
