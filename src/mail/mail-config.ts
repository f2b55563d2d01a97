/**
 * The mail settings (SMTP_URL, SMTP_INSECURE, MAIL_FROM). Without SMTP_URL nothing is sent and
 * every message waits in the outbox for the coordinator to read: the app works the same.
 */
export interface MailConfig {
	/** smtp://user:pass@host:587 or smtps://…:465; null: mail is not configured. */
	smtpUrl: string | null;
	/** Allow plain SMTP without STARTTLS (a relay on the same host); never for a server elsewhere. */
	smtpInsecure: boolean;
	/** The From of every message, e.g. "Humber Modern Slavery Partnership <tracker@example.org>". */
	from: string;
}

export function readMailConfig(
	env: NodeJS.ProcessEnv,
	origin: string,
	flag: (name: string) => boolean,
	problems: string[]
): MailConfig {
	const raw = env.SMTP_URL?.trim() || null;
	if (raw) {
		const url = URL.canParse(raw) ? new URL(raw) : null;
		// The value may hold a password: the message names its shape, never the value.
		if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname)
			problems.push(
				'SMTP_URL must be an address such as smtp://user:password@mail.example.org:587 (or smtps:// for port 465); the one set is not. Correct it, or unset it to keep messages in the outbox.'
			);
	}
	// ORIGIN's own mistake is reported where it is read; the default sender still needs a host.
	const host = URL.canParse(origin) ? new URL(origin).hostname : 'localhost';
	const from = env.MAIL_FROM?.trim() || `Strategy Tracker <no-reply@${host}>`;
	if (!/^[^<>@\s]+@[^<>@\s]+\.?[^<>@\s]*$|<[^<>@\s]+@[^<>@\s]+>$/.test(from))
		problems.push(
			`MAIL_FROM must be an address, or a name and an address such as "Humber Modern Slavery Partnership <tracker@example.org>"; it is "${from}".`
		);
	return { smtpUrl: raw, smtpInsecure: flag('SMTP_INSECURE'), from };
}

/** The SMTP server's address without its password, for logs and the outbox page. */
export function describeSmtpServer(smtpUrl: string): string {
	const url = new URL(smtpUrl);
	return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
}
