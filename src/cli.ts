/**
 * The `strategy-tracker` command: the same database and rules as the server, for set-up and
 * operations. Exit codes: 0 done, 1 failed, 2 a usage mistake.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pathToFileURL } from 'node:url';

import { readConfig, type Config } from './config.js';
import { DatabaseOpenError, closeDatabase, openDatabase } from './db/client.js';
import { describeDemoUsers, seedDemoUsers } from './auth/demo-users.js';
import { FixtureError, seedDatabase } from './db/seed.js';
import { createUsersRepository } from './db/users.js';
import { StartupError, startServer } from './server.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	env: NodeJS.ProcessEnv;
}

export class UsageError extends Error {
	override name = 'UsageError';
}

const HELP = `Usage: strategy-tracker <command> [options]

Commands:
  migrate                 Create the database or bring its tables up to date.
  seed [--demo]           Load the strategy framework from fixtures/ (once); with --demo,
                          also the demo figures (once).
  serve [--port N]        Serve the pages and the API (default port 3000, or PORT).
  help [command]          Show this help, or a command's.

Configuration comes from the environment: DATABASE_PATH (default ./data/tracker.db),
PORT, HOST (default 127.0.0.1), MAX_UPLOAD_BYTES, SUPPRESSION_THRESHOLD, DEMO, LOG_LEVEL.
`;

const COMMAND_HELP: Record<string, string> = {
	migrate: `Usage: strategy-tracker migrate\n\nCreates the database at DATABASE_PATH if needed and applies every pending migration.\n`,
	seed: `Usage: strategy-tracker seed [--demo]\n\nLoads the strategy framework (priorities, metrics, targets, partners, areas, funding\nstreams) from fixtures/humber, or FIXTURES_DIR, unless one is loaded already. With --demo,\nalso loads the demo figures, unless they are loaded already.\n`,
	serve: `Usage: strategy-tracker serve [--port N]\n\nServes the pages and the API on HOST:PORT until stopped with Ctrl+C.\n`
};

const OPTIONS: Record<string, ParseArgsConfig['options']> = {
	migrate: {},
	seed: { demo: { type: 'boolean' } },
	serve: { port: { type: 'string' } },
	help: {}
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
	const [command, ...rest] = argv;
	if (!command || command === '--help' || command === '-h') {
		io.out(HELP);
		return command ? 0 : 2;
	}
	if (!(command in OPTIONS)) {
		io.err(
			`"${command}" is not a strategy-tracker command. Run "strategy-tracker help" to see the commands.\n`
		);
		return 2;
	}
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({
			args: rest,
			options: { ...OPTIONS[command], help: { type: 'boolean', short: 'h' } },
			allowPositionals: command === 'help',
			strict: true
		});
	} catch (error) {
		io.err(
			`${(error as Error).message.replace(/\. To specify.*$/, '')}. Run "strategy-tracker help ${command}" for its options.\n`
		);
		return 2;
	}
	if (command === 'help') {
		const topic = parsed.positionals[0];
		io.out(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : HELP);
		return 0;
	}
	if (parsed.values.help) {
		io.out(COMMAND_HELP[command] ?? HELP);
		return 0;
	}

	const env = { ...io.env };
	if (command === 'serve' && parsed.values.port !== undefined)
		env.PORT = String(parsed.values.port);
	const read = readConfig(env);
	if (!read.ok) {
		io.err(`The configuration has problems:\n- ${read.problems.join('\n- ')}\n`);
		return 2;
	}
	try {
		switch (command) {
			case 'migrate':
				return migrateCommand(read.config, io);
			case 'seed':
				return await seedCommand(read.config, Boolean(parsed.values.demo), io);
			case 'serve':
				return await serveCommand(read.config, io);
		}
	} catch (error) {
		if (
			error instanceof DatabaseOpenError ||
			error instanceof FixtureError ||
			error instanceof StartupError
		) {
			io.err(`${error.message}\n`);
			return 1;
		}
		throw error;
	}
	return 2;
}

function openConfiguredDatabase(config: Config) {
	if (config.databasePathIsDefault) mkdirSync(dirname(config.databasePath), { recursive: true });
	return openDatabase(config.databasePath);
}

function migrateCommand(config: Config, io: CliIo): number {
	const db = openConfiguredDatabase(config);
	closeDatabase(db);
	io.out(`The database ${config.databasePath} is up to date.\n`);
	return 0;
}

async function seedCommand(config: Config, demo: boolean, io: CliIo): Promise<number> {
	const db = openConfiguredDatabase(config);
	try {
		const outcome = seedDatabase(db, { fixturesDir: config.fixturesDir, demo });
		io.out(
			outcome.framework === 'loaded'
				? `Loaded the framework from ${config.fixturesDir}.\n`
				: 'The framework was already loaded; it was left as it is.\n'
		);
		if (outcome.demo === 'loaded')
			io.out(`Loaded the demo data: ${outcome.returns} returns, ${outcome.figures} figures.\n`);
		if (outcome.demo === 'already-there')
			io.out('The demo data were already loaded; nothing was added.\n');
		if (demo) {
			const created = await seedDemoUsers(db, createUsersRepository(db), config.demoPassword);
			if (created.length) io.out(`${describeDemoUsers(config.demoPassword)}\n`);
		}
		return 0;
	} finally {
		closeDatabase(db);
	}
}

async function serveCommand(config: Config, io: CliIo): Promise<number> {
	const server = await startServer(config);
	io.out(`Strategy Tracker is serving ${server.url} (Ctrl+C to stop).\n`);
	await new Promise<void>((resolve) => {
		const stop = () => resolve();
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	});
	await server.close();
	return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	runCli(process.argv.slice(2), {
		out: (t) => process.stdout.write(t),
		err: (t) => process.stderr.write(t),
		env: process.env
	}).then(
		(code) => process.exit(code),
		(error: unknown) => {
			process.stderr.write(
				`strategy-tracker failed unexpectedly: ${(error as Error)?.message ?? String(error)}\n`
			);
			if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(error as Error)?.stack}\n`);
			process.exit(1);
		}
	);
}
