/**
 * A real SMTP server on 127.0.0.1 (smtp-server), reading what arrives with mailparser: the
 * tests see exactly what a partner's mail system would. It can refuse addresses, hold messages
 * (to crash the app mid-send) or be slow.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface SmtpSink {
	port: number;
	url: string;
	messages: ParsedMail[];
	/** Resolves once `count` messages have arrived in all. */
	waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
	close(): Promise<void>;
}

export interface SmtpSinkOptions {
	/** Addresses answered 550 at RCPT TO, as a mail server does for an unknown mailbox. */
	refuse?: string[];
	/** Called with each message's raw data before it is accepted; return a promise to hold it. */
	beforeAccept?: () => Promise<void> | void;
	port?: number;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
	const messages: ParsedMail[] = [];
	const waiters: { count: number; resolve: () => void }[] = [];
	const serverOptions: SMTPServerOptions = {
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (options.refuse?.includes(address.address.toLowerCase())) {
				const error = Object.assign(new Error('No such mailbox here'), { responseCode: 550 });
				return callback(error);
			}
			callback();
		},
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', async () => {
				try {
					await options.beforeAccept?.();
					messages.push(await simpleParser(Buffer.concat(chunks)));
					for (const w of waiters.filter((w) => messages.length >= w.count)) w.resolve();
					callback();
				} catch (error) {
					callback(error as Error);
				}
			});
		}
	};
	const server = new SMTPServer(serverOptions);
	const port = await new Promise<number>((resolve, reject) => {
		server.on('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			const address = server.server.address();
			resolve(typeof address === 'object' && address ? address.port : 0);
		});
	});
	return {
		port,
		url: `smtp://127.0.0.1:${port}`,
		messages,
		waitFor(count, timeoutMs = 20_000) {
			if (messages.length >= count) return Promise.resolve(messages);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`Only ${messages.length} of ${count} messages arrived.`)),
					timeoutMs
				);
				waiters.push({
					count,
					resolve: () => {
						clearTimeout(timer);
						resolve(messages);
					}
				});
			});
		},
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
