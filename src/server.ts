/**
 * The process: checks the configuration, opens the database (migrations applied), loads the
 * framework and, with DEMO=1, the demo figures once, then serves the API and the pages on one port.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { buildApp, type PageHandler } from './api/app.js';
import { describeDemoUsers, hasDemoUsers, seedDemoUsers } from './auth/demo-users.js';
import { readConfig, type Config } from './config.js';
import { DatabaseOpenError } from './db/client.js';
import { FixtureError, seedDatabase } from './db/seed.js';
import { describeSmtpServer } from './mail/mail-config.js';
import { describeSendError } from './mail/smtp-transport.js';
import { createServices, type Services } from './services.js';
import { startScheduledBackups } from './services/scheduled-backups.js';

export const PAGES_HANDLER = fileURLToPath(new URL('../build/handler.js', import.meta.url));

/** A problem the person starting the server can fix; printed as one sentence, no stack trace. */
export class StartupError extends Error {
	override name = 'StartupError';
}

export async function loadPagesHandler(config: Config): Promise<PageHandler> {
	if (!existsSync(PAGES_HANDLER))
		throw new StartupError(
			'The pages are not built yet. Run "npm run build" (or "npm start", which builds first).'
		);
	// adapter-node reads ORIGIN when its handler is imported; without it every form post over
	// http would be refused as cross-site.
	process.env.ORIGIN = config.origin;
	// Its default of 512 KB would refuse uploads well under MAX_UPLOAD_BYTES; the confirm step
	// re-sends the file base64-encoded, a third larger, with the form's other fields.
	process.env.BODY_SIZE_LIMIT = String(Math.ceil(config.maxUploadBytes * 1.4) + 256 * 1024);
	const mod = (await import(pathToFileURL(PAGES_HANDLER).href)) as { handler: PageHandler };
	return mod.handler;
}

export interface StartedServer {
	services: Services;
	url: string;
	close(): Promise<void>;
}

export async function startServer(config: Config): Promise<StartedServer> {
	const pages = await loadPagesHandler(config);
	let services: Services;
	try {
		services = createServices(config);
	} catch (error) {
		if (error instanceof DatabaseOpenError) throw new StartupError(error.message);
		throw error;
	}
	try {
		const outcome = seedDatabase(services.db, {
			fixturesDir: config.fixturesDir,
			demo: config.demo
		});
		const app = await buildApp({
			services,
			pages,
			logger: { level: config.logLevel }
		});
		if (outcome.framework === 'loaded')
			app.log.info({ fixtures: config.fixturesDir }, 'framework loaded');
		if (outcome.demo === 'loaded')
			app.log.info({ returns: outcome.returns, figures: outcome.figures }, 'demo data loaded');
		if (config.demo) await seedDemoUsers(services.db, services.auth.users, config.demoPassword);
		try {
			await app.listen({ port: config.port, host: config.host });
		} catch (error) {
			await app.close();
			const code = (error as { code?: string }).code;
			if (code === 'EADDRINUSE')
				throw new StartupError(
					`Port ${config.port} on ${config.host} is already in use. Stop the other program, or set PORT to a free port.`
				);
			if (code === 'EACCES')
				throw new StartupError(
					`This user may not listen on port ${config.port}. Set PORT to a number above 1023.`
				);
			if (code === 'EADDRNOTAVAIL')
				throw new StartupError(
					`HOST ${config.host} is not an address of this machine. Use 127.0.0.1, or 0.0.0.0 for every address.`
				);
			throw error;
		}
		const url = `http://${config.host}:${config.port}`;
		app.log.info({ url, database: config.databasePath }, 'Strategy Tracker is ready');
		const backups = config.backupDir
			? startScheduledBackups({
					db: services.db,
					dir: config.backupDir,
					keep: config.backupKeep,
					intervalMs: config.backupIntervalHours * 3_600_000,
					log: app.log
				})
			: null;
		const mailTransport = services.mail.start(() => services.framework.load(), app.log);
		if (!mailTransport)
			app.log.warn(
				'Mail is not configured (SMTP_URL is not set): messages wait in Admin → Outbox, with their links to copy.'
			);
		else
			mailTransport.verify().then(
				() => app.log.info({ smtp: describeSmtpServer(config.mail.smtpUrl!) }, 'mail server ready'),
				(error: unknown) =>
					app.log.error(
						{ smtp: describeSmtpServer(config.mail.smtpUrl!) },
						`The mail server in SMTP_URL could not be reached or refused the sign-in (${describeSendError(error)}). Messages wait in the outbox and are tried again.`
					)
			);
		if (config.demo && hasDemoUsers(services.db))
			process.stdout.write(
				`\nStrategy Tracker is serving ${url}\n${describeDemoUsers(config.demoPassword)}\n\n`
			);
		return {
			services,
			url,
			async close() {
				await backups?.stop();
				await app.close();
				await services.mail.stop();
				services.close();
			}
		};
	} catch (error) {
		services.close();
		if (error instanceof FixtureError) throw new StartupError(error.message);
		throw error;
	}
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const read = readConfig(env);
	for (const warning of read.warnings) process.stderr.write(`Warning: ${warning}\n`);
	if (!read.ok)
		throw new StartupError(`The configuration has problems:\n- ${read.problems.join('\n- ')}`);
	const server = await startServer(read.config);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`Received ${signal}: finishing requests and closing the database.\n`);
		server.close().then(
			() => process.exit(0),
			(error: unknown) => {
				process.stderr.write(`Could not stop cleanly: ${(error as Error).message}\n`);
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

export function reportStartupFailure(error: unknown): never {
	if (error instanceof StartupError)
		process.stderr.write(`Strategy Tracker did not start. ${error.message}\n`);
	else {
		process.stderr.write('Strategy Tracker did not start because of an unexpected error:\n');
		process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	}
	process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	main().catch(reportStartupFailure);
}
