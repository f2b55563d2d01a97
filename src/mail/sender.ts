/**
 * The background sender: takes one due message at a time from the outbox, sends it, marks it.
 * A crash between the SMTP server's acceptance and the mark leaves the row held; when its lease
 * runs out it is sent again with the same Message-ID, which mail systems drop as a duplicate
 * (edges.md: SMTP is at least once, so the message must be the same one). Failures are retried
 * with growing waits, and after the last one are shown to the coordinator.
 */
import { REFUSED_PREFIX, type Outbox, type OutboxRow } from '../db/outbox.js';
import type { Logger } from '../services.js';
import { describeSendError, isRefusedAddress, type MailTransport } from './smtp-transport.js';

/** Waits after the 1st, 2nd … failed attempt; after the last the message has failed. */
export const RETRY_WAITS_MS = [
	60_000,
	5 * 60_000,
	15 * 60_000,
	60 * 60_000,
	3 * 3_600_000,
	6 * 3_600_000
];
/** Longer than the transport's timeouts together, so a live sender never loses its hold. */
export const SEND_LEASE_MS = 2 * 60_000;
/**
 * How long the sender sleeps with nothing due: another process (the CLI) may queue meanwhile.
 * A look is one indexed query, so every two seconds costs nothing and nobody waits long.
 */
const IDLE_POLL_MS = 2_000;

export interface MailSenderDeps {
	outbox: Outbox;
	transport: MailTransport;
	from: string;
	now: () => Date;
	logger: Logger;
	/** Waits after failures; tests shorten them. */
	retryWaitsMs?: readonly number[];
	idlePollMs?: number;
}

export function createMailSender(deps: MailSenderDeps) {
	const waits = deps.retryWaitsMs ?? RETRY_WAITS_MS;
	let running = false;
	let timer: NodeJS.Timeout | null = null;
	let wakeUp: (() => void) | null = null;
	let loop: Promise<void> | null = null;

	/** Sends one due message; false when none was due. */
	async function sendOne(): Promise<boolean> {
		const row = deps.outbox.claimNext(SEND_LEASE_MS);
		if (!row) return false;
		try {
			const response = await deps.transport.send({
				from: deps.from,
				to: row.toAddress,
				subject: row.subject,
				text: row.textBody,
				html: row.htmlBody,
				messageId: row.messageId,
				headers: row.headers
			});
			deps.outbox.markSent(row, response);
		} catch (error) {
			failed(row, error);
		}
		return true;
	}

	function failed(row: OutboxRow, error: unknown): void {
		const refused = isRefusedAddress(error);
		const reason = `${refused ? REFUSED_PREFIX : ''}${describeSendError(error)}`;
		const wait = refused ? undefined : waits[row.attempts - 1];
		const retryAt = wait === undefined ? null : new Date(deps.now().getTime() + wait);
		deps.outbox.markNotSent(row, reason, retryAt);
		deps.logger.warn(
			{ mailId: row.id, kind: row.kind, attempt: row.attempts, retryAt: retryAt?.toISOString() },
			retryAt
				? `A message could not be sent and will be tried again: ${reason}`
				: `A message could not be sent and has failed: ${reason}`
		);
	}

	/** Sends everything due now, one after another; the tests' and the CLI's way to flush. */
	async function drain(): Promise<number> {
		let sent = 0;
		while (await sendOne()) sent += 1;
		return sent;
	}

	function sleep(ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			wakeUp = () => resolve();
			timer = setTimeout(resolve, ms).unref();
		}).then(() => {
			if (timer) clearTimeout(timer);
			timer = null;
			wakeUp = null;
		});
	}

	async function run(): Promise<void> {
		while (running) {
			try {
				if (await sendOne()) continue;
			} catch (error) {
				// The database itself failed (disk full, say): say so and keep trying later.
				deps.logger.error({ err: error }, 'The mail sender could not read the outbox.');
			}
			const next = deps.outbox.nextDueAt();
			const untilNext = next ? next.getTime() - deps.now().getTime() : IDLE_POLL_MS;
			await sleep(Math.max(50, Math.min(untilNext, deps.idlePollMs ?? IDLE_POLL_MS)));
		}
	}

	return {
		start() {
			if (running) return;
			running = true;
			loop = run();
		},
		/** A message was queued: send it now rather than at the next poll. */
		wake() {
			wakeUp?.();
		},
		drain,
		async stop() {
			running = false;
			wakeUp?.();
			await loop;
			deps.transport.close();
		}
	};
}

export type MailSender = ReturnType<typeof createMailSender>;
