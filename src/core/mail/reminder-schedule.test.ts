import { describe, expect, it } from 'vitest';

import {
	DEFAULT_REMINDER_SCHEDULE,
	describeReminderSchedule,
	dueReminderStep,
	MAX_REPEATS,
	parseReminderSchedule,
	reminderSteps
} from './reminder-schedule.js';

const Q2 = { year: 2026, quarter: 2 as const };
const DEADLINE = '2026-10-30';

describe('the reminder schedule', () => {
	it('runs by default from the day after the quarter ends to weekly repeats after the deadline', () => {
		const steps = reminderSteps(DEFAULT_REMINDER_SCHEDULE, Q2, DEADLINE);
		expect(steps.slice(0, 5).map((s) => `${s.name} ${s.on}`)).toEqual([
			'closed 2026-10-01',
			'before-7 2026-10-23',
			'after-1 2026-10-31',
			'repeat-1 2026-11-07',
			'repeat-2 2026-11-14'
		]);
		expect(steps.filter((s) => s.name.startsWith('repeat'))).toHaveLength(MAX_REPEATS);
	});

	it('sends nothing before the quarter has ended, and only the latest step that has come', () => {
		expect(dueReminderStep(DEFAULT_REMINDER_SCHEDULE, Q2, DEADLINE, '2026-09-30')).toBeNull();
		expect(dueReminderStep(DEFAULT_REMINDER_SCHEDULE, Q2, DEADLINE, '2026-10-22')?.name).toBe(
			'closed'
		);
		expect(dueReminderStep(DEFAULT_REMINDER_SCHEDULE, Q2, DEADLINE, '2026-11-20')?.name).toBe(
			'repeat-2'
		);
	});

	it('reads the coordinator’s days, largest first, each once', () => {
		expect(
			parseReminderSchedule({
				atClose: false,
				daysBeforeDeadline: '7, 14, 7',
				daysAfterDeadline: '',
				thenEveryDays: ''
			})
		).toEqual({
			ok: true,
			schedule: {
				atClose: false,
				daysBeforeDeadline: [14, 7],
				daysAfterDeadline: [],
				thenEveryDays: null
			}
		});
	});

	it('refuses a day that is not a whole number in range, naming the field and the value', () => {
		const parsed = parseReminderSchedule({
			atClose: true,
			daysBeforeDeadline: '7',
			daysAfterDeadline: 'two',
			thenEveryDays: '7'
		});
		expect(parsed).toMatchObject({ ok: false, field: 'daysAfterDeadline' });
		expect(!parsed.ok && parsed.message).toContain('"two" is not a whole number of days');
		expect(
			parseReminderSchedule({
				atClose: true,
				daysBeforeDeadline: '',
				daysAfterDeadline: '',
				thenEveryDays: '0'
			})
		).toMatchObject({ ok: false, field: 'thenEveryDays' });
	});

	it('says in one sentence when reminders go, or that none do', () => {
		expect(describeReminderSchedule(DEFAULT_REMINDER_SCHEDULE)).toBe(
			'Reminders go to partners that have sent nothing: when the quarter ends, 7 days before the deadline, 1 day after it, then every 7 days (at most 12 times), while nothing has come.'
		);
		expect(
			describeReminderSchedule({
				atClose: false,
				daysBeforeDeadline: [],
				daysAfterDeadline: [],
				thenEveryDays: null
			})
		).toBe('No reminders are sent.');
	});
});
