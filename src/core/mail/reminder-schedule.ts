/**
 * When reminders go to a partner that has sent nothing for a quarter. The schedule is the same
 * for every quarter and the coordinator may change it (Admin → Reminders); each point of it is a
 * step with a stable name, so the outbox key (kind, partner, quarter, step) makes a restart or a
 * second server unable to send one twice. Only the latest step that has come is sent: a server
 * that was down for a fortnight sends one reminder, not a burst.
 */
import { periodEndDate, type Period } from '../periods.js';
import { addDaysToIsoDate } from './iso-dates.js';

export interface ReminderSchedule {
	/** On the day after the quarter ends. */
	atClose: boolean;
	/** Days before the deadline, e.g. [7]. */
	daysBeforeDeadline: number[];
	/** Days after the deadline, e.g. [1]. */
	daysAfterDeadline: number[];
	/** Then every so many days after the last of those while nothing has come; null: stop. */
	thenEveryDays: number | null;
}

export const DEFAULT_REMINDER_SCHEDULE: ReminderSchedule = {
	atClose: true,
	daysBeforeDeadline: [7],
	daysAfterDeadline: [1],
	thenEveryDays: 7
};

/** Repeats stop after this many, so a partner that has left is not written to for ever. */
export const MAX_REPEATS = 12;

export interface ReminderStep {
	/** Stable within a quarter: `closed`, `before-7`, `after-1`, `repeat-3`. */
	name: string;
	/** The UK calendar day it is due (YYYY-MM-DD). */
	on: string;
	when: 'closed' | 'before' | 'after';
}

/** Every step of the schedule for one quarter, in date order. */
export function reminderSteps(
	schedule: ReminderSchedule,
	period: Period,
	deadline: string
): ReminderStep[] {
	const steps: ReminderStep[] = [];
	if (schedule.atClose)
		steps.push({ name: 'closed', on: addDaysToIsoDate(periodEndDate(period), 1), when: 'closed' });
	for (const days of schedule.daysBeforeDeadline)
		steps.push({ name: `before-${days}`, on: addDaysToIsoDate(deadline, -days), when: 'before' });
	const after = [...schedule.daysAfterDeadline].sort((a, b) => a - b);
	for (const days of after)
		steps.push({ name: `after-${days}`, on: addDaysToIsoDate(deadline, days), when: 'after' });
	if (schedule.thenEveryDays !== null) {
		const from = after.length ? after[after.length - 1]! : 0;
		for (let i = 1; i <= MAX_REPEATS; i += 1)
			steps.push({
				name: `repeat-${i}`,
				on: addDaysToIsoDate(deadline, from + i * schedule.thenEveryDays),
				when: 'after'
			});
	}
	return steps.sort((a, b) => a.on.localeCompare(b.on) || a.name.localeCompare(b.name));
}

/** The step to send on `today` (a UK date): the latest that has come, or null. */
export function dueReminderStep(
	schedule: ReminderSchedule,
	period: Period,
	deadline: string,
	today: string
): ReminderStep | null {
	const due = reminderSteps(schedule, period, deadline).filter((s) => s.on <= today);
	return due[due.length - 1] ?? null;
}

export type ScheduleParse =
	| { ok: true; schedule: ReminderSchedule }
	| { ok: false; field: keyof ReminderSchedule; message: string };

/**
 * The schedule from the Admin form: lists of whole days separated by commas ("14, 7"), and a
 * repeat in days, empty for none.
 */
export function parseReminderSchedule(input: {
	atClose: boolean;
	daysBeforeDeadline: string;
	daysAfterDeadline: string;
	thenEveryDays: string;
}): ScheduleParse {
	const before = parseDays(input.daysBeforeDeadline, 90);
	if (!before.ok)
		return {
			ok: false,
			field: 'daysBeforeDeadline',
			message: `Days before the deadline: ${before.message}`
		};
	const after = parseDays(input.daysAfterDeadline, 90);
	if (!after.ok)
		return {
			ok: false,
			field: 'daysAfterDeadline',
			message: `Days after the deadline: ${after.message}`
		};
	const repeat = input.thenEveryDays.trim();
	let thenEveryDays: number | null = null;
	if (repeat !== '') {
		const days = parseDays(repeat, 60);
		if (!days.ok || days.days.length !== 1)
			return {
				ok: false,
				field: 'thenEveryDays',
				message: `Repeat every: "${repeat}" is not one whole number of days from 1 to 60. Leave it empty to stop after the last reminder.`
			};
		thenEveryDays = days.days[0]!;
	}
	return {
		ok: true,
		schedule: {
			atClose: input.atClose,
			daysBeforeDeadline: before.days,
			daysAfterDeadline: after.days,
			thenEveryDays
		}
	};
}

function parseDays(
	text: string,
	max: number
): { ok: true; days: number[] } | { ok: false; message: string } {
	const parts = text
		.split(',')
		.map((p) => p.trim())
		.filter((p) => p !== '');
	const days: number[] = [];
	for (const part of parts) {
		if (!/^\d+$/.test(part) || Number(part) < 1 || Number(part) > max)
			return {
				ok: false,
				message: `"${part}" is not a whole number of days from 1 to ${max}. Write days separated by commas, e.g. 14, 7.`
			};
		if (!days.includes(Number(part))) days.push(Number(part));
	}
	return { ok: true, days: days.sort((a, b) => b - a) };
}

/** The schedule in one sentence, for the Admin page and the completeness page. */
export function describeReminderSchedule(s: ReminderSchedule): string {
	const parts: string[] = [];
	if (s.atClose) parts.push('when the quarter ends');
	for (const d of s.daysBeforeDeadline) parts.push(`${days(d)} before the deadline`);
	for (const d of [...s.daysAfterDeadline].sort((a, b) => a - b)) parts.push(`${days(d)} after it`);
	if (s.thenEveryDays !== null)
		parts.push(`then every ${days(s.thenEveryDays)} (at most ${MAX_REPEATS} times)`);
	if (parts.length === 0) return 'No reminders are sent.';
	return `Reminders go to partners that have sent nothing: ${parts.join(', ')}, while nothing has come.`;
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
