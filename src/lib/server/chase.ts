/**
 * "Chase now" on the completeness page: who a chase goes to, what they will read, and queueing
 * it. The words come from the reminder itself (notifier.previewReminder), so what the coordinator
 * reads before confirming is what the partner gets.
 */
import type { CompletenessRow } from '$core/completeness';
import { echoInput } from '$core/echo';
import type { Framework } from '$core/framework';
import type { Period } from '$core/periods';
import { formatUkDate } from '$core/uk-time';
import type { FieldError } from './admin';

type Services = App.Locals['services'];

export interface ChaseTarget {
	id: number;
	code: string;
	name: string;
}

/** What a chase says: the deadline has passed ('after') or is still to come ('before'). */
export interface ChaseQuarter {
	period: Period;
	deadline: string;
	when: 'before' | 'after';
}

/** Nothing sent for the chosen quarter (the grid's last column), whether or not it is due yet. */
export function isChasable(row: CompletenessRow): boolean {
	const state = row.cells[row.cells.length - 1]?.state;
	return state === 'missing' || state === 'not-yet-due';
}

/**
 * The partners that `?chase=HP` or `?chase=all` names among the rows shown, or the reason there
 * is nobody to chase, said to the coordinator.
 */
export function pickChaseTargets(
	rows: CompletenessRow[],
	asked: string,
	quarterLabel: string
): { targets: ChaseTarget[] } | { problem: FieldError } {
	const toTarget = (r: CompletenessRow) => ({
		id: r.partner.id,
		code: r.partner.code,
		name: r.partner.name
	});
	if (asked === 'all') {
		const targets = rows.filter(isChasable).map(toTarget);
		if (targets.length) return { targets };
		return {
			problem: {
				field: 'grid-heading',
				message: `Every partner shown has sent its return for ${quarterLabel}, so there is nobody to chase.`
			}
		};
	}
	const row = rows.find((r) => r.partner.code.toLowerCase() === asked.toLowerCase());
	if (!row)
		return {
			problem: {
				field: 'grid-heading',
				message: `There is no partner "${echoInput(asked)}" among those shown. Choose Chase now beside a partner in the grid.`
			}
		};
	if (!isChasable(row))
		return {
			problem: {
				field: 'grid-heading',
				message: `${row.partner.name} has sent its return for ${quarterLabel}, so there is nothing to chase.`
			}
		};
	return { targets: [toTarget(row)] };
}

/** The message as the first partner will get it, and every partner's recipients. */
export function previewChase(
	services: Services,
	fw: Framework,
	targets: ChaseTarget[],
	quarter: ChaseQuarter
) {
	const { settings, notifier } = services.mail;
	const paused = settings.pausedPartners();
	const message = notifier.previewReminder(fw, {
		partnerName: targets[0]!.name,
		period: quarter.period,
		deadline: quarter.deadline,
		when: quarter.when
	});
	return {
		subject: message.subject,
		text: message.text,
		partners: targets.map((t) => ({
			code: t.code,
			name: t.name,
			recipients: settings.dataContacts(t.id).map((r) => r.address),
			paused: paused.has(t.id)
		})),
		/**
		 * Names this chase in the outbox: sending the confirmation twice (a double click, a reload)
		 * finds the same messages already queued and queues nothing more.
		 */
		token: crypto.randomUUID()
	};
}

const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Queues the chase for each partner in one transaction. `reached` are the partners with someone
 * to write to (queued now, or already by the same confirmation); the others have no contacts.
 */
export function queueChase(
	services: Services,
	fw: Framework,
	targets: ChaseTarget[],
	quarter: ChaseQuarter,
	token: string,
	actor: { userId: number; label: string; ip: string }
): { reached: ChaseTarget[]; noContacts: ChaseTarget[] } {
	const step = `chase-${TOKEN.test(token) ? token : crypto.randomUUID()}`;
	const { settings, notifier } = services.mail;
	return services.db.transaction(() => {
		const reached: ChaseTarget[] = [];
		const noContacts: ChaseTarget[] = [];
		for (const target of targets) {
			if (settings.dataContacts(target.id).length === 0) {
				noContacts.push(target);
				continue;
			}
			notifier.reminder(
				fw,
				{
					partnerId: target.id,
					period: quarter.period,
					deadline: quarter.deadline,
					step,
					when: quarter.when,
					fromCoordinator: true
				},
				actor
			);
			reached.push(target);
		}
		return { reached, noContacts };
	});
}

/** "3 times, last on 23 November 2026", per partner id, for the chosen quarter. */
export function describeReminders(services: Services, period: Period): Map<number, string> {
	const described = new Map<number, string>();
	for (const r of services.mail.outbox.remindersFor(period)) {
		if (r.partnerId === null || !r.lastAt || r.times === 0) continue;
		const on = formatUkDate(r.lastAt);
		described.set(
			r.partnerId,
			r.times === 1 ? `Once, on ${on}` : `${r.times} times, last on ${on}`
		);
	}
	return described;
}
