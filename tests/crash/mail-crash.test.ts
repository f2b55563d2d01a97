/**
 * The outbox across crashes, with the built server (`node dist/server.js`) and a real SMTP
 * server on 127.0.0.1: a message queued while no server runs is sent once a server starts, and
 * not again after a restart; a server killed mid-send resends it once; one killed after the SMTP
 * server accepted, but before it could mark the message sent, resends the same message (the same
 * Message-ID, which mail systems drop as a duplicate), never a second, different one. Needs
 * `npm run build` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { HUMBER_FIXTURES, tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';
import { assertBuildIsCurrent } from '../helpers/current-build.js';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../helpers/smtp-sink.js';
import { startServer, type RunningServer } from '../helpers/start-server.js';

describe('the outbox when the server crashes', () => {
	let database: TempDatabasePath;
	let sink: SmtpSink;
	const hooks: SmtpSinkOptions = {};
	let server: RunningServer | null = null;

	beforeAll(async () => {
		assertBuildIsCurrent(['db', 'mail', 'core']);
		database = tempDatabasePath();
		const db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false });
		closeDatabase(db);
		sink = await startSmtpSink({
			beforeAccept: () => hooks.beforeAccept?.()
		});
	});

	afterAll(async () => {
		await server?.stop();
		await sink?.close();
		database?.remove();
	});

	const env = () => ({
		DATABASE_PATH: database.path,
		DEMO: '0',
		SMTP_URL: sink.url,
		SMTP_INSECURE: '1',
		LOG_LEVEL: 'warn'
	});
	const start = async () => {
		server = await startServer(env(), { dir: database.dir });
		return server;
	};
	/** Adds a board member from the command line: the invitation is queued with the new user. */
	async function addUser(email: string): Promise<void> {
		let err = '';
		const code = await runCli(['user', 'add', '--email', email, '--role', 'viewer'], {
			out: () => {},
			err: (t) => (err += t),
			env: { DATABASE_PATH: database.path, LOG_LEVEL: 'silent' }
		});
		if (code !== 0) throw new Error(err);
	}
	const to = (address: string) =>
		sink.messages.filter((m) => m.to && 'text' in m.to && m.to.text === address);

	it('sends a message queued while no server ran once a server starts, and not again after a restart', async () => {
		await addUser('first@example.org');
		await start();
		await waitUntil(() => to('first@example.org').length === 1);
		await server!.stop();
		await start();
		await new Promise((r) => setTimeout(r, 1_000));
		expect(to('first@example.org')).toHaveLength(1);
	});

	it('resends once a message the server was killed in the middle of sending', async () => {
		let held!: () => void;
		const holding = new Promise<void>((resolve) => (held = resolve));
		// The SMTP server has the message but has not answered: the sender is mid-send.
		hooks.beforeAccept = async () => {
			held();
			await new Promise((r) => setTimeout(r, 60_000));
		};
		await addUser('second@example.org');
		await holding;
		server!.process.kill('SIGKILL');
		await server!.stop();
		hooks.beforeAccept = undefined;
		await start();
		await waitUntil(() => to('second@example.org').length === 1);
		await new Promise((r) => setTimeout(r, 500));
		expect(to('second@example.org')).toHaveLength(1);
	});

	it('resends the same message, never a different one, when killed after the SMTP server accepted it', async () => {
		let once = true;
		hooks.beforeAccept = () => {
			if (!once) return;
			once = false;
			// Accepted by the mail server, but the sender dies before it hears so.
			server!.process.kill('SIGKILL');
		};
		await addUser('third@example.org');
		await waitUntil(() => to('third@example.org').length === 1);
		await server!.stop();
		await start();
		await waitUntil(() => to('third@example.org').length === 2);
		const ids = new Set(to('third@example.org').map((m) => m.messageId));
		expect(ids.size).toBe(1);
		await new Promise((r) => setTimeout(r, 500));
		expect(to('third@example.org')).toHaveLength(2);
	});
});

async function waitUntil(check: () => boolean, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('Timed out waiting for mail.');
		await new Promise((r) => setTimeout(r, 50));
	}
}
