/**
 * Mail for commands that work on the database without the whole app (`user add`): the same
 * outbox and messages, queued for the server's sender to send.
 */
import type { AuthService } from '../auth/auth-service.js';
import { DEFAULT_AUTH_SETTINGS } from '../auth/auth-service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { createDeadlineQueries } from '../db/deadlines.js';
import { createFrameworkRepository } from '../db/framework.js';
import { createMailSettings } from '../db/mail-settings.js';
import { createOutbox } from '../db/outbox.js';
import { withInvitations } from './mail-events.js';
import { createNotifier } from './notify.js';

export function withCommandLineInvitations(auth: AuthService, db: Db, config: Config) {
	const now = () => new Date();
	const notifier = createNotifier({
		outbox: createOutbox(db, now),
		settings: createMailSettings(db),
		origin: config.origin
	});
	const framework = createFrameworkRepository(db);
	return withInvitations(auth, {
		db,
		notifier,
		framework: () => framework.load(),
		origin: config.origin,
		now,
		deadlines: createDeadlineQueries(db),
		passwordLinkTtlMs: DEFAULT_AUTH_SETTINGS.passwordLinkTtlMs
	});
}
