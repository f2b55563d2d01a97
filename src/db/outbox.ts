/**
 * The outbox's rows (schema.ts, `outbox`): queued in the caller's transaction, claimed by one
 * sender at a time under a lease, marked sent or failed. Every change is audited without the
 * links' secrets. Its writes are bookkeeping for the data cache (data-version.ts): no page of
 * figures reads the outbox or the mail's audit entries, so a reminder empties no cache.
 */
import { and, count, desc, eq, inArray, lt, lte, max, or, sql } from 'drizzle-orm';

import { redactSecrets } from '../core/mail/message.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import { noteBookkeepingChanges } from './data-version.js';
import { outbox } from './schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface QueuedMail {
	/** What caused it: kind, partner, quarter, step (see schema.ts); the key adds the address. */
	cause: string;
	kind: string;
	toAddress: string;
	userId: number | null;
	partnerId: number | null;
	period: { year: number; quarter: number } | null;
	subject: string;
	text: string;
	html: string;
	headers: Record<string, string>;
	secrets: string[];
	messageId: string;
}

export interface MailActor {
	userId: number | null;
	label: string;
	ip?: string;
}

/** How the sender's error for a refused address begins: not a server that was only down. */
export const REFUSED_PREFIX = 'The mail server refused this address: ';

const SYSTEM: MailActor = { userId: null, label: 'mail sender' };

export function createOutbox(db: Db, now: () => Date) {
	/**
	 * Queues messages; call it inside the transaction of their cause. A key already queued is
	 * skipped: the outbox holds each cause's message once. Returns how many were queued.
	 */
	function enqueue(messages: QueuedMail[], actor: MailActor): number {
		if (messages.length === 0) return 0;
		return db.transaction((tx) => {
			let queued = 0;
			const at = now().toISOString();
			for (const m of messages) {
				const inserted = tx
					.insert(outbox)
					.values({
						cause: m.cause,
						key: `${m.cause}>${m.toAddress}`,
						kind: m.kind,
						toAddress: m.toAddress,
						userId: m.userId,
						partnerId: m.partnerId,
						year: m.period?.year ?? null,
						quarter: m.period?.quarter ?? null,
						subject: m.subject,
						textBody: m.text,
						htmlBody: m.html,
						headers: m.headers,
						secrets: m.secrets,
						messageId: m.messageId,
						nextAttemptAt: at,
						createdAt: at
					})
					.onConflictDoNothing({ target: outbox.key })
					.returning({ id: outbox.id })
					.all();
				if (inserted.length === 0) continue;
				queued += 1;
				appendAudit(tx, {
					actorUserId: actor.userId,
					actorLabel: actor.label,
					ip: actor.ip,
					action: 'mail.queued',
					entityType: 'mail',
					entityId: inserted[0]!.id,
					partnerId: m.partnerId,
					after: { kind: m.kind, to: m.toAddress, subject: m.subject, cause: m.cause }
				});
			}
			// The row and its audit entry: no page of figures reads either.
			noteBookkeepingChanges(db, queued * 2);
			return queued;
		});
	}

	/**
	 * Takes the next message due, for `leaseMs`: queued and due, or held by a sender that is gone
	 * (its process has ended, or its lease ran out: it crashed mid-send). The update names the
	 * row's state as read, so two senders never take the same row.
	 */
	function claimNext(leaseMs: number): OutboxRow | null {
		const at = now().toISOString();
		const leaseUntil = new Date(now().getTime() + leaseMs).toISOString();
		const held = db
			.select({ id: outbox.id, leaseOwner: outbox.leaseOwner, leaseUntil: outbox.leaseUntil })
			.from(outbox)
			.where(eq(outbox.status, 'sending'))
			.all()
			.filter((r) => (r.leaseUntil ?? '') < at || !isRunning(r.leaseOwner))
			.map((r) => r.id);
		const due = db
			.select({ id: outbox.id })
			.from(outbox)
			.where(
				or(
					and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, at)),
					held.length ? inArray(outbox.id, held) : undefined
				)
			)
			.orderBy(outbox.nextAttemptAt, outbox.id)
			.limit(1)
			.get();
		if (!due) return null;
		const claimed = db
			.update(outbox)
			.set({
				status: 'sending',
				attempts: sql`${outbox.attempts} + 1`,
				leaseUntil,
				leaseOwner: process.pid
			})
			.where(
				and(
					eq(outbox.id, due.id),
					held.includes(due.id) ? eq(outbox.status, 'sending') : eq(outbox.status, 'queued')
				)
			)
			.returning()
			.all();
		noteBookkeepingChanges(db, claimed.length);
		return claimed[0] ?? null;
	}

	/** Sent: the stored copy loses its one-time links, which have done their work. */
	function markSent(row: OutboxRow, response: string): void {
		db.transaction((tx) => {
			const changed = tx
				.update(outbox)
				.set({
					status: 'sent',
					sentAt: now().toISOString(),
					leaseUntil: null,
					leaseOwner: null,
					lastError: null,
					textBody: redactSecrets(row.textBody, row.secrets),
					htmlBody: redactSecrets(row.htmlBody, row.secrets),
					secrets: []
				})
				.where(eq(outbox.id, row.id))
				.run().changes;
			auditSend(tx, row, 'mail.sent', 'success', response);
			noteBookkeepingChanges(db, changed + 1);
		});
	}

	/** Not sent this time: tried again at `retryAt`, or failed for good when that is null. */
	function markNotSent(row: OutboxRow, error: string, retryAt: Date | null): void {
		db.transaction((tx) => {
			const changed = tx
				.update(outbox)
				.set({
					status: retryAt ? 'queued' : 'failed',
					nextAttemptAt: (retryAt ?? now()).toISOString(),
					leaseUntil: null,
					leaseOwner: null,
					lastError: error.slice(0, 500)
				})
				.where(eq(outbox.id, row.id))
				.run().changes;
			auditSend(tx, row, retryAt ? 'mail.retry' : 'mail.failed', 'failure', error);
			noteBookkeepingChanges(db, changed + 1);
		});
	}

	function auditSend(
		tx: Parameters<Parameters<Db['transaction']>[0]>[0],
		row: OutboxRow,
		action: string,
		outcome: 'success' | 'failure',
		detail: string
	): void {
		appendAudit(tx, {
			actorUserId: SYSTEM.userId,
			actorLabel: SYSTEM.label,
			action,
			outcome,
			entityType: 'mail',
			entityId: row.id,
			partnerId: row.partnerId,
			after: { kind: row.kind, to: row.toAddress, attempt: row.attempts },
			detail: detail.slice(0, 300)
		});
	}

	/** A failed message queued again by the coordinator, sent at the sender's next turn. */
	function retry(id: number, actor: MailActor): boolean {
		return db.transaction((tx) => {
			const changed = tx
				.update(outbox)
				.set({ status: 'queued', nextAttemptAt: now().toISOString(), attempts: 0 })
				.where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
				.run().changes;
			if (changed === 1)
				appendAudit(tx, {
					actorUserId: actor.userId,
					actorLabel: actor.label,
					ip: actor.ip,
					action: 'mail.requeued',
					entityType: 'mail',
					entityId: id
				});
			return changed === 1;
		});
	}

	/** When the next queued message is due, so the sender can sleep until then. */
	function nextDueAt(): Date | null {
		const row = db
			.select({ at: sql<string | null>`min(${outbox.nextAttemptAt})` })
			.from(outbox)
			.where(eq(outbox.status, 'queued'))
			.get();
		return row?.at ? new Date(row.at) : null;
	}

	/** The newest messages first, optionally of some statuses only. */
	function list(options: { statuses?: OutboxRow['status'][]; limit?: number } = {}) {
		return db
			.select()
			.from(outbox)
			.where(options.statuses ? inArray(outbox.status, options.statuses) : undefined)
			.orderBy(desc(outbox.id))
			.limit(options.limit ?? 200)
			.all();
	}

	function counts(): Record<OutboxRow['status'], number> {
		const rows = db
			.select({ status: outbox.status, n: count() })
			.from(outbox)
			.groupBy(outbox.status)
			.all();
		const out = { queued: 0, sending: 0, sent: 0, failed: 0 };
		for (const r of rows) out[r.status] = r.n;
		return out;
	}

	/**
	 * Addresses the mail server refused for good (their errors begin with REFUSED_PREFIX),
	 * and that nothing has been sent to since: the coordinator should correct them.
	 */
	function refusedAddresses() {
		return db.$client
			.prepare(
				`select to_address as toAddress, last_error as lastError, max(next_attempt_at) as at
				 from outbox o
				 where status = 'failed' and last_error like ?
				   and not exists (select 1 from outbox later where later.to_address = o.to_address
				     and later.status = 'sent' and later.created_at > o.created_at)
				 group by to_address order by to_address`
			)
			.all(`${REFUSED_PREFIX}%`) as {
			toAddress: string;
			lastError: string;
			at: string;
		}[];
	}

	/**
	 * Reminders and chases per partner for one quarter: how many times (causes, whatever the
	 * number of contacts) and when the last was queued.
	 */
	function remindersFor(period: { year: number; quarter: number }) {
		return db
			.select({
				partnerId: outbox.partnerId,
				times: sql<number>`count(distinct ${outbox.cause})`,
				lastAt: max(outbox.createdAt)
			})
			.from(outbox)
			.where(
				and(
					eq(outbox.year, period.year),
					eq(outbox.quarter, period.quarter),
					inArray(outbox.kind, ['reminder', 'chase'])
				)
			)
			.groupBy(outbox.partnerId)
			.all();
	}

	/** Whether anything with this cause is already in the outbox. */
	function hasCause(cause: string): boolean {
		return (
			db.select({ id: outbox.id }).from(outbox).where(eq(outbox.cause, cause)).get() !== undefined
		);
	}

	/** Messages held by a sender past their lease, or due long ago: a sign the sender is stuck. */
	function overdue(olderThan: Date): number {
		const row = db
			.select({ n: count() })
			.from(outbox)
			.where(
				or(
					and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, olderThan.toISOString())),
					and(eq(outbox.status, 'sending'), lt(outbox.leaseUntil, olderThan.toISOString()))
				)
			)
			.get();
		return row?.n ?? 0;
	}

	return {
		enqueue,
		claimNext,
		markSent,
		markNotSent,
		retry,
		nextDueAt,
		list,
		counts,
		refusedAddresses,
		remindersFor,
		hasCause,
		overdue
	};
}

export type Outbox = ReturnType<typeof createOutbox>;

/** Whether a process on this machine is running (every server shares the database's machine). */
function isRunning(pid: number | null): boolean {
	if (pid === null) return false;
	if (pid === process.pid) return true;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
