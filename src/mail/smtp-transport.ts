/**
 * One nodemailer transport for the process, over SMTP_URL. STARTTLS is required on smtp://
 * unless SMTP_INSECURE says the server is a relay that cannot offer it; smtps:// is TLS from the
 * start. Timeouts are short so a slow server costs a retry, never a held page: sending happens
 * only in the background sender.
 */
import nodemailer from 'nodemailer';

import type { MailConfig } from './mail-config.js';

export interface OutgoingMail {
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	headers: Record<string, string>;
}

export interface MailTransport {
	send(mail: OutgoingMail): Promise<string>;
	verify(): Promise<void>;
	close(): void;
}

export function createSmtpTransport(config: MailConfig & { smtpUrl: string }): MailTransport {
	const url = new URL(config.smtpUrl);
	const secure = url.protocol === 'smtps:';
	const transport = nodemailer.createTransport({
		host: url.hostname,
		port: url.port ? Number(url.port) : secure ? 465 : 587,
		secure,
		requireTLS: !secure && !config.smtpInsecure,
		ignoreTLS: !secure && config.smtpInsecure,
		auth: url.username
			? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
			: undefined,
		connectionTimeout: 15_000,
		greetingTimeout: 15_000,
		socketTimeout: 30_000
	});
	return {
		async send(mail) {
			const info = await transport.sendMail({
				from: mail.from,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				messageId: mail.messageId,
				headers: mail.headers
			});
			return String(info.response ?? 'accepted');
		},
		async verify() {
			await transport.verify();
		},
		close() {
			transport.close();
		}
	};
}

/**
 * Whether the server refused the address itself (5xx to RCPT TO): sending again will not help,
 * and the coordinator should correct it. Everything else (a timeout, a busy or unreachable
 * server, a refused login) is worth retrying.
 */
export function isRefusedAddress(error: unknown): boolean {
	const e = error as { responseCode?: number; command?: string; code?: string };
	return (
		(e.code === 'EENVELOPE' || e.command === 'RCPT TO') &&
		typeof e.responseCode === 'number' &&
		e.responseCode >= 500 &&
		e.responseCode < 600
	);
}

/** A sending error in one sentence, without the server's whole transcript. */
export function describeSendError(error: unknown): string {
	const e = error as { message?: string; responseCode?: number; response?: string };
	const response = e.response ? ` (${e.response.split('\n')[0]})` : '';
	return `${e.message?.split('\n')[0] ?? String(error)}${response}`.slice(0, 400);
}
