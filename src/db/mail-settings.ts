/**
 * Who receives mail and what they asked for: each partner's data contacts (its users, and
 * addresses for a partner without accounts), the messages a user turned off, the partners whose
 * reminders are paused, the reminder schedule, and the secret that signs unsubscribe links.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';

import type { Role } from '../core/framework.js';
import {
	DEFAULT_REMINDER_SCHEDULE,
	type ReminderSchedule
} from '../core/mail/reminder-schedule.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import { appMeta, mailOptOuts, partnerContacts, reminderPauses, users } from './schema.js';
import type { MailActor } from './outbox.js';

const SCHEDULE_KEY = 'reminder-schedule';
const UNSUBSCRIBE_SECRET_KEY = 'mail-unsubscribe-secret';

export interface Recipient {
	address: string;
	userId: number | null;
	name: string;
}

export function createMailSettings(db: Db) {
	function meta(key: string): string | null {
		return db.select().from(appMeta).where(eq(appMeta.key, key)).get()?.value ?? null;
	}
	function setMeta(key: string, value: string): void {
		db.insert(appMeta)
			.values({ key, value })
			.onConflictDoUpdate({ target: appMeta.key, set: { value } })
			.run();
	}

	/** A partner's active users, then its other addresses, each address once. */
	function dataContacts(partnerId: number): Recipient[] {
		const people = db
			.select({ address: users.email, userId: users.id, name: users.displayName })
			.from(users)
			.where(and(eq(users.partnerId, partnerId), isNull(users.disabledAt)))
			.orderBy(asc(users.email))
			.all();
		const others = contactsOf(partnerId).map((c) => ({
			address: c.email,
			userId: null,
			name: c.name
		}));
		const seen = new Set(people.map((p) => p.address));
		return [...people, ...others.filter((o) => !seen.has(o.address))];
	}

	function contactsOf(partnerId: number) {
		return db
			.select()
			.from(partnerContacts)
			.where(eq(partnerContacts.partnerId, partnerId))
			.orderBy(asc(partnerContacts.email))
			.all();
	}

	function allContacts() {
		return db.select().from(partnerContacts).orderBy(asc(partnerContacts.email)).all();
	}

	function addContact(
		input: { partnerId: number; email: string; name: string },
		actor: MailActor
	): void {
		db.transaction((tx) => {
			tx.insert(partnerContacts)
				.values({ ...input, email: input.email.toLowerCase() })
				.onConflictDoNothing()
				.run();
			appendAudit(tx, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'mail.contact-add',
				entityType: 'partner',
				entityId: input.partnerId,
				partnerId: input.partnerId,
				after: { email: input.email.toLowerCase() }
			});
		});
	}

	function removeContact(id: number, actor: MailActor): void {
		db.transaction((tx) => {
			const row = tx.select().from(partnerContacts).where(eq(partnerContacts.id, id)).get();
			if (!row) return;
			tx.delete(partnerContacts).where(eq(partnerContacts.id, id)).run();
			appendAudit(tx, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'mail.contact-remove',
				entityType: 'partner',
				entityId: row.partnerId,
				partnerId: row.partnerId,
				before: { email: row.email }
			});
		});
	}

	/** Active users in these roles, e.g. everyone who should hear of an issued report. */
	function usersInRoles(roles: readonly Role[]): Recipient[] {
		return db
			.select({ address: users.email, userId: users.id, name: users.displayName })
			.from(users)
			.where(and(inArray(users.role, [...roles]), isNull(users.disabledAt)))
			.orderBy(asc(users.email))
			.all();
	}

	function optOutsOf(userId: number): Set<string> {
		return new Set(
			db
				.select({ kind: mailOptOuts.kind })
				.from(mailOptOuts)
				.where(eq(mailOptOuts.userId, userId))
				.all()
				.map((r) => r.kind)
		);
	}

	function setOptOut(userId: number, kind: string, off: boolean, actor: MailActor): void {
		db.transaction((tx) => {
			if (off) tx.insert(mailOptOuts).values({ userId, kind }).onConflictDoNothing().run();
			else
				tx.delete(mailOptOuts)
					.where(and(eq(mailOptOuts.userId, userId), eq(mailOptOuts.kind, kind)))
					.run();
			appendAudit(tx, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: off ? 'mail.opt-out' : 'mail.opt-in',
				entityType: 'user',
				entityId: userId,
				after: { kind }
			});
		});
	}

	function pausedPartners(): Set<number> {
		return new Set(
			db
				.select({ id: reminderPauses.partnerId })
				.from(reminderPauses)
				.all()
				.map((r) => r.id)
		);
	}

	function setPaused(partnerId: number, paused: boolean, actor: MailActor): void {
		db.transaction((tx) => {
			if (paused)
				tx.insert(reminderPauses)
					.values({ partnerId, pausedByUserId: actor.userId })
					.onConflictDoNothing()
					.run();
			else tx.delete(reminderPauses).where(eq(reminderPauses.partnerId, partnerId)).run();
			appendAudit(tx, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: paused ? 'mail.reminders-pause' : 'mail.reminders-resume',
				entityType: 'partner',
				entityId: partnerId,
				partnerId
			});
		});
	}

	function schedule(): ReminderSchedule {
		const stored = meta(SCHEDULE_KEY);
		return stored ? (JSON.parse(stored) as ReminderSchedule) : DEFAULT_REMINDER_SCHEDULE;
	}

	function setSchedule(next: ReminderSchedule, actor: MailActor): void {
		db.transaction((tx) => {
			const before = schedule();
			setMeta(SCHEDULE_KEY, JSON.stringify(next));
			appendAudit(tx, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'mail.schedule-set',
				before,
				after: next
			});
		});
	}

	/** Made once per database, so a link keeps working across restarts and nothing is configured. */
	function unsubscribeSecret(): Buffer {
		let secret = meta(UNSUBSCRIBE_SECRET_KEY);
		if (!secret) {
			secret = randomBytes(32).toString('base64url');
			db.insert(appMeta)
				.values({ key: UNSUBSCRIBE_SECRET_KEY, value: secret })
				.onConflictDoNothing()
				.run();
			secret = meta(UNSUBSCRIBE_SECRET_KEY)!;
		}
		return Buffer.from(secret, 'base64url');
	}

	/** The signature in an unsubscribe link for one user and kind: it needs no sign-in. */
	function unsubscribeSignature(userId: number, kind: string): string {
		return createHmac('sha256', unsubscribeSecret())
			.update(`unsubscribe:${userId}:${kind}`)
			.digest('base64url');
	}

	function checkUnsubscribe(userId: number, kind: string, signature: string): boolean {
		const expected = Buffer.from(unsubscribeSignature(userId, kind));
		const given = Buffer.from(signature);
		return expected.length === given.length && timingSafeEqual(expected, given);
	}

	return {
		dataContacts,
		contactsOf,
		allContacts,
		addContact,
		removeContact,
		usersInRoles,
		optOutsOf,
		setOptOut,
		pausedPartners,
		setPaused,
		schedule,
		setSchedule,
		unsubscribeSignature,
		checkUnsubscribe
	};
}

export type MailSettings = ReturnType<typeof createMailSettings>;
