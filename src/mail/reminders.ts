/**
 * The scheduled mail: reminders to partners that have sent nothing for a quarter, on the
 * coordinator's schedule (core/mail/reminder-schedule.ts), and the coordinator's weekly digest.
 * `run` is safe to call as often as anyone likes, from any number of processes: each message's
 * outbox key (kind, partner, quarter, step) lets it be queued once.
 */
import {
	buildCompletenessGrid,
	type CompletenessGrid,
	type DeadlineOverrides
} from '../core/completeness.js';
import type { Framework } from '../core/framework.js';
import { addDaysToIsoDate, ukIsoDate } from '../core/mail/iso-dates.js';
import { dueReminderStep } from '../core/mail/reminder-schedule.js';
import {
	addQuarters,
	comparePeriods,
	formatPeriodLabel,
	lastCompleteQuarter,
	periodContainingDate,
	type Period
} from '../core/periods.js';
import type { CompletenessQueries } from '../db/completeness-queries.js';
import type { MailSettings } from '../db/mail-settings.js';
import type { MailActor } from '../db/outbox.js';
import type { Notifier } from './notify.js';

/** Reminders run for the last complete quarter and the one before it, for late returns. */
const QUARTERS_CHASED = 2;
const SCHEDULE: MailActor = { userId: null, label: 'reminder schedule' };

export interface ReminderDeps {
	notifier: Notifier;
	settings: MailSettings;
	completeness: CompletenessQueries;
	deadlines: { overrides(): DeadlineOverrides };
	/** Returns waiting for the coordinator's review, for the digest. */
	waitingForReview(): number;
	now: () => Date;
}

export function createReminders(deps: ReminderDeps) {
	function grid(fw: Framework, quarters: Period[]): CompletenessGrid {
		return buildCompletenessGrid({
			partners: fw.partners,
			metrics: fw.metrics,
			quarters,
			submissions: deps.completeness.findSubmissionsBetween(
				quarters[0]!,
				quarters[quarters.length - 1]!
			),
			now: deps.now(),
			deadlines: deps.deadlines.overrides()
		});
	}

	/** Queues every reminder due today; returns how many messages were queued. */
	function runReminders(fw: Framework): number {
		const today = ukIsoDate(deps.now());
		const latest = lastCompleteQuarter(deps.now());
		// Never a quarter before the strategy began: nobody was asked for it.
		const first = periodContainingDate(fw.strategy.startsOn);
		const quarters = Array.from({ length: QUARTERS_CHASED }, (_, i) =>
			addQuarters(latest, i - QUARTERS_CHASED + 1)
		).filter((q) => comparePeriods(q, first) >= 0);
		if (quarters.length === 0) return 0;
		const chased = grid(fw, quarters);
		const schedule = deps.settings.schedule();
		const paused = deps.settings.pausedPartners();
		let queued = 0;
		for (const row of chased.rows) {
			if (paused.has(row.partner.id)) continue;
			row.cells.forEach((cell) => {
				// Only a partner that has sent nothing: a returned submission gets its own message.
				if (cell.state !== 'missing' && cell.state !== 'not-yet-due') return;
				const step = dueReminderStep(schedule, cell.period, cell.deadline, today);
				if (!step) return;
				queued += deps.notifier.reminder(
					fw,
					{
						partnerId: row.partner.id,
						period: cell.period,
						deadline: cell.deadline,
						step: step.name,
						when: step.when,
						fromCoordinator: false
					},
					SCHEDULE
				);
			});
		}
		return queued;
	}

	/**
	 * The coordinator's digest for the week that ended last Sunday, queued on the first run of
	 * the week: returns that came in, how many wait for review, and who is late.
	 */
	function runDigest(fw: Framework): number {
		const now = deps.now();
		const today = ukIsoDate(now);
		const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
		const weekOf = addDaysToIsoDate(today, -weekday - 7);
		const weekEnd = addDaysToIsoDate(weekOf, 7);
		const latest = lastCompleteQuarter(now);
		const quarters = [addQuarters(latest, -1), latest];
		const recent = grid(fw, quarters);
		const lines: string[] = [];
		for (const row of recent.rows)
			row.cells.forEach((cell) => {
				const sent = cell.lastSubmittedAt ? ukIsoDate(new Date(cell.lastSubmittedAt)) : null;
				if (sent && sent >= weekOf && sent < weekEnd)
					lines.push(`${row.partner.name}: ${formatPeriodLabel(cell.period)}`);
			});
		const lateNow = recent.counts[recent.counts.length - 1]!.states.missing;
		return deps.notifier.digest(
			fw,
			{ weekOf, lines: lines.sort(), waitingForReview: deps.waitingForReview(), late: lateNow },
			SCHEDULE
		);
	}

	return {
		runReminders,
		runDigest,
		run(fw: Framework) {
			return runReminders(fw) + runDigest(fw);
		}
	};
}

export type Reminders = ReturnType<typeof createReminders>;
