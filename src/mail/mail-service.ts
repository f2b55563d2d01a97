/**
 * Email as the rest of the app sees it: the outbox and the people (db), what each event sends
 * (notify.ts), the schedule (reminders.ts), and, when SMTP_URL is set, the background sender.
 * Without SMTP_URL nothing is sent; the outbox page shows every message with its link to copy.
 */
import type { Config } from '../config.js';
import type { Framework } from '../core/framework.js';
import type { Db } from '../db/client.js';
import type { CompletenessQueries } from '../db/completeness-queries.js';
import { createMailSettings } from '../db/mail-settings.js';
import { createOutbox } from '../db/outbox.js';
import type { Logger } from '../services.js';
import { createNotifier } from './notify.js';
import { createReminders } from './reminders.js';
import { createMailSender, type MailSender, type MailSenderDeps } from './sender.js';
import { createSmtpTransport, type MailTransport } from './smtp-transport.js';

/** How often the schedule is looked at; each reminder is still queued only once. */
const SCHEDULE_EVERY_MS = 10 * 60_000;

export interface MailServiceDeps {
	db: Db;
	config: Config;
	now: () => Date;
	completeness: CompletenessQueries;
	deadlines: { overrides(): ReadonlyMap<string, string> };
	waitingForReview(): number;
}

export function createMailService(deps: MailServiceDeps) {
	const outbox = createOutbox(deps.db, deps.now);
	const settings = createMailSettings(deps.db);
	let sender: MailSender | null = null;
	let scheduleTimer: NodeJS.Timeout | null = null;
	const notifier = createNotifier({
		outbox,
		settings,
		origin: deps.config.origin,
		queued: () => sender?.wake()
	});
	const reminders = createReminders({
		notifier,
		settings,
		completeness: deps.completeness,
		deadlines: deps.deadlines,
		waitingForReview: deps.waitingForReview,
		now: deps.now
	});

	return {
		outbox,
		settings,
		notifier,
		reminders,
		/** True when SMTP_URL is set: messages leave; otherwise they wait for the coordinator. */
		sends: deps.config.mail.smtpUrl !== null,
		/**
		 * Starts the sender (when mail is configured) and the schedule. `transport` and the waits
		 * are for tests; the server passes nothing.
		 */
		start(
			framework: () => Framework,
			logger: Logger,
			options: { transport?: MailTransport } & Pick<
				MailSenderDeps,
				'retryWaitsMs' | 'idlePollMs'
			> = {}
		) {
			const smtpUrl = deps.config.mail.smtpUrl;
			const transport =
				options.transport ??
				(smtpUrl ? createSmtpTransport({ ...deps.config.mail, smtpUrl }) : null);
			if (transport) {
				sender = createMailSender({
					outbox,
					transport,
					from: deps.config.mail.from,
					now: deps.now,
					logger,
					retryWaitsMs: options.retryWaitsMs,
					idlePollMs: options.idlePollMs
				});
				sender.start();
			}
			const runSchedule = () => {
				try {
					reminders.run(framework());
				} catch (error) {
					logger.error({ err: error }, 'The reminder schedule could not run; it will try again.');
				}
				scheduleTimer = setTimeout(runSchedule, SCHEDULE_EVERY_MS).unref();
			};
			runSchedule();
			return transport;
		},
		/** A failed message queued again by the coordinator, and sent now rather than at a poll. */
		retry(id: number, actor: Parameters<typeof outbox.retry>[1]): boolean {
			const queued = outbox.retry(id, actor);
			if (queued) sender?.wake();
			return queued;
		},
		/** Sends every message due now (tests, and a clean stop). */
		drain: () => sender?.drain() ?? Promise.resolve(0),
		async stop() {
			if (scheduleTimer) clearTimeout(scheduleTimer);
			scheduleTimer = null;
			await sender?.stop();
			sender = null;
		}
	};
}

export type MailService = ReturnType<typeof createMailService>;
