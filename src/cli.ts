/**
 * The `strategy-tracker` command: the same database and rules as the server, for set-up and
 * operations. Exit codes: 0 done, 1 failed, 2 a usage mistake.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pathToFileURL } from 'node:url';

import { readConfig, type Config } from './config.js';
import type { Principal } from './core/access.js';
import { ROLES, type Framework, type Role } from './core/framework.js';
import { describeSummary, type ImportSummary } from './core/import-issues.js';
import { formatByteSize } from './core/csv-decode.js';
import { formatFigureCell } from './core/import-template.js';
import { parsePeriodLabel, type Period } from './core/periods.js';
import { formatExportCsv, formatExportJson } from './core/value-export.js';
import { BackupError, backupDatabase } from './db/backup.js';
import { RestoreError, restoreDatabase } from './db/restore.js';
import { DatabaseOpenError, closeDatabase, openDatabase, type Db } from './db/client.js';
import { AuthInputError, createAuthService } from './auth/auth-service.js';
import { describeDemoUsers, seedDemoUsers } from './auth/demo-users.js';
import {
	DISCLOSURE_AUDIT_HELP,
	formatDisclosureAudit,
	readDisclosureAuditOptions,
	type DisclosureAuditOptions
} from './cli/disclosure-audit-command.js';
import { createFrameworkRepository } from './db/framework.js';
import { FixtureError, seedDatabase } from './db/seed.js';
import { createUsersRepository } from './db/users.js';
import { exportValues } from './exports/export-values.js';
import { ImportTargetError } from './imports/import-service.js';
import { StartupError, startServer } from './server.js';
import { withCommandLineInvitations } from './mail/command-line-mail.js';
import { createServices, type Services } from './services.js';

export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	env: NodeJS.ProcessEnv;
	/** "Today" for the import's checks (a quarter not yet ended); tests fix it. */
	now?: () => Date;
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
  user add --email E --role R [--partner CODE] [--name N]
                          Add a user and print their one-time link to set a password.
  token create --partner CODE [--name N]
                          Create an API token for a partner's system and print it, once.
  import FILE [--partner CODE] [--period LABEL] [--dry-run] [--json]
                          Check a CSV file of figures and store them (with --dry-run, only
                          check); print the summary. Exit 1 when the file is rejected.
  template [--partner CODE] --period LABEL [--out FILE]
                          Print a partner's CSV template for a quarter, or write it to FILE.
  export [--period LABEL] [--format csv|json]
                          Print every stored figure in long format, as the API's export.
  disclosure-audit [--period LABEL] [--role ROLE] [--json]
                          Check that no hidden figure can be worked out too closely by any
                          reader; exit 1 when one can.
  backup FILE             Copy the whole database to FILE, safely while the server runs.
  restore FILE            Replace the database with the backup in FILE, keeping the current
                          one aside. Stop the server first.
  help [command]          Show this help, or a command's.

Configuration comes from the environment: DATABASE_PATH (default ./data/tracker.db),
PORT, HOST (default 127.0.0.1), MAX_UPLOAD_BYTES, SUPPRESSION_THRESHOLD, DEMO, LOG_LEVEL, and
for the server's own backups BACKUP_DIR, BACKUP_KEEP (default 14), BACKUP_INTERVAL_HOURS (24).
`;

const COMMAND_HELP: Record<string, string> = {
	'disclosure-audit': DISCLOSURE_AUDIT_HELP,
	migrate: `Usage: strategy-tracker migrate\n\nCreates the database at DATABASE_PATH if needed and applies every pending migration.\n`,
	seed: `Usage: strategy-tracker seed [--demo]\n\nLoads the strategy framework (priorities, metrics, targets, partners, areas, funding\nstreams) from fixtures/humber, or FIXTURES_DIR, unless one is loaded already. With --demo,\nalso loads the demo figures, unless they are loaded already.\n`,
	serve: `Usage: strategy-tracker serve [--port N]\n\nServes the pages and the API on HOST:PORT until stopped with Ctrl+C.\n`,
	user: `Usage: strategy-tracker user add --email E --role R [--partner CODE] [--name N]

Adds a user and prints their one-time link to set a password: it works once, for 72 hours.
The link is also queued as an email, which the server sends when SMTP_URL is set; without
it, send the link to the person yourself. On a fresh installation this is how the first
coordinator is made.

  --email E        their email address, which they sign in with
  --role R         coordinator, funder, partner or viewer (a board member)
  --partner CODE   for the partner role only: their organisation's code, e.g. HP
  --name N         their name, as colleagues know them
`,
	token: `Usage: strategy-tracker token create --partner CODE [--name N]

Creates an API token for a partner organisation's own system and prints it. The token is
shown only this once (the tracker keeps a hash of it): store it straight away. It acts as
that partner's data lead, sent as "Authorization: Bearer <token>".

  --partner CODE   the partner organisation's code, e.g. HP
  --name N         what the token is for, to tell tokens apart
`,
	import: `Usage: strategy-tracker import FILE [--partner CODE] [--period LABEL] [--dry-run] [--json]

Checks a CSV file of figures with the same rules as the upload page and the API, and stores
them if nothing is wrong: all or nothing. Prints a one-line verdict, then each problem and
warning, one per line, then each figure already stored that the file changes, old → new.
The command line acts as the partnership coordinator; the upload is recorded as coming from
the command line, with the name of the account that ran it.

  FILE             the CSV file (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab)
  --partner CODE   whose figures they are, e.g. HP; without it the file needs a partner_code
                   column
  --period LABEL   the quarter, e.g. "2025-26 Q1"; without it the file needs a period column
  --dry-run        check the file and show what would change, but store nothing
  --json           print the summary as JSON (the API's answer) instead

Exit codes: 0 the file is good (and stored, unless --dry-run), 1 the file was rejected and
nothing was stored, 2 a usage mistake (no FILE, an unreadable file, an unknown partner or a
quarter that is not one).
`,
	template: `Usage: strategy-tracker template [--partner CODE] --period LABEL [--out FILE]

Prints the CSV template for a quarter: the same file as the upload page and the API give,
with the partner's metrics, areas and targets filled in, and any figures already sent.

  --partner CODE   the partner organisation's code, e.g. HP; without it, every partner's rows
                   in one file, with a partner_code column
  --period LABEL   the quarter, e.g. "2025-26 Q1" or 2025-26-q1
  --out FILE       write the template to FILE (which must not exist yet) instead of printing it
`,
	export: `Usage: strategy-tracker export [--period LABEL] [--format csv|json]

Prints every stored figure in long format: partner, quarter, area, metric, kind, value, the
status of the partner's submission for the quarter, its comment, and the upload it came from.
The same bytes as GET /api/v1/export.csv (or export.json) gives the coordinator. Every CSV cell
is neutralised against formula injection. Redirect it to a file: > values.csv

  --period LABEL   only this quarter, e.g. "2025-26 Q1" or 2025-26-q1; without it, every quarter
  --format F       csv (the default) or json
`,
	backup: `Usage: strategy-tracker backup FILE

Copies the whole database (figures, uploads with their files, users, audit log) to FILE with
SQLite's online backup, which is safe while the server runs, then checks the copy's integrity
and prints what it holds. FILE must not exist yet: a backup never overwrites. The coordinator
can download the same backup from Admin.

Exit codes: 0 the backup is written and checked, 1 it failed, 2 a usage mistake.
`,
	restore: `Usage: strategy-tracker restore FILE

Replaces the database at DATABASE_PATH with the backup in FILE. Stop the server first: the
command refuses while anything else has the database open.

FILE is checked before anything changes: it must be an SQLite database that passes SQLite's
integrity check, made by Strategy Tracker, with a schema this version knows. A backup from an
older version is brought up to date as it is restored; one from a newer version is refused.

The current database is kept aside, never overwritten, as <database>.before-restore-<UTC time>
beside it; to undo the restore, restore that file. The restore is recorded in the restored
database's audit log as done from the command line.

Exit codes: 0 the backup is in place, 1 it was refused or failed (the database is unchanged),
2 a usage mistake.
`
};

/** Commands that take one subcommand word, e.g. "user add". */
const SUBCOMMANDS: Record<string, string> = { user: 'add', token: 'create' };

const OPTIONS: Record<string, ParseArgsConfig['options']> = {
	migrate: {},
	seed: { demo: { type: 'boolean' } },
	serve: { port: { type: 'string' } },
	user: {
		email: { type: 'string' },
		role: { type: 'string' },
		partner: { type: 'string' },
		name: { type: 'string' }
	},
	token: { partner: { type: 'string' }, name: { type: 'string' } },
	import: {
		partner: { type: 'string' },
		period: { type: 'string' },
		'dry-run': { type: 'boolean' },
		json: { type: 'boolean' }
	},
	template: { partner: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' } },
	export: { period: { type: 'string' }, format: { type: 'string' } },
	'disclosure-audit': {
		period: { type: 'string' },
		role: { type: 'string' },
		json: { type: 'boolean' }
	},
	backup: {},
	restore: {},
	help: {}
};

/** Commands that take file names as their positional arguments, and how many. */
const FILE_ARGUMENTS: Record<string, number> = { import: 1, backup: 1, restore: 1 };

/** What each file-taking command's FILE is, for the usage message when it is left out. */
const FILE_ROLES: Record<string, string> = {
	import: 'the file to import',
	backup: 'the file to write',
	restore: 'the backup file to restore'
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
			allowPositionals: command === 'help' || command in SUBCOMMANDS || command in FILE_ARGUMENTS,
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

	const subcommand = SUBCOMMANDS[command];
	if (subcommand) {
		const [given, ...extra] = parsed.positionals;
		if (given !== subcommand || extra.length) {
			io.err(
				`${given ? `"${command} ${given}" is not a command` : `"${command}" needs a subcommand`}: use "strategy-tracker ${command} ${subcommand}". Run "strategy-tracker help ${command}" for its options.\n`
			);
			return 2;
		}
		const required = command === 'user' ? ['email', 'role'] : ['partner'];
		const missing = required.find((name) => !String(parsed.values[name] ?? '').trim());
		if (missing) {
			io.err(
				`"${command} ${subcommand}" needs --${missing}. Run "strategy-tracker help ${command}" for its options.\n`
			);
			return 2;
		}
	}

	const files = FILE_ARGUMENTS[command];
	if (files !== undefined && parsed.positionals.length !== files) {
		io.err(
			`${parsed.positionals.length === 0 ? `"${command}" needs ${FILE_ROLES[command]}` : `"${command}" takes one file at a time`}: use "strategy-tracker ${command} FILE". Run "strategy-tracker help ${command}" for its options.\n`
		);
		return 2;
	}
	if (command === 'template' && !String(parsed.values.period ?? '').trim()) {
		io.err(
			'"template" needs --period, e.g. --period 2025-26-q1. Run "strategy-tracker help template" for its options.\n'
		);
		return 2;
	}

	const env = { ...io.env };
	if (command === 'serve' && parsed.values.port !== undefined)
		env.PORT = String(parsed.values.port);
	const read = readConfig(env);
	for (const warning of read.warnings) io.err(`Warning: ${warning}\n`);
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
			case 'user':
				return userAddCommand(read.config, parsed.values as Record<string, string>, io);
			case 'token':
				return tokenCreateCommand(read.config, parsed.values as Record<string, string>, io);
			case 'import':
				return importCommand(
					read.config,
					parsed.positionals[0]!,
					parsed.values as ImportOptions,
					io
				);
			case 'template':
				return templateCommand(read.config, parsed.values as TemplateOptions, io);
			case 'export':
				return exportCommand(read.config, parsed.values as ExportOptions, io);
			case 'disclosure-audit':
				return disclosureAuditCommand(read.config, parsed.values as DisclosureAuditOptions, io);
			case 'backup':
				return await backupCommand(read.config, parsed.positionals[0]!, io);
			case 'restore':
				return restoreCommand(read.config, parsed.positionals[0]!, io);
		}
	} catch (error) {
		if (
			error instanceof BackupError ||
			error instanceof RestoreError ||
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

async function backupCommand(config: Config, file: string, io: CliIo): Promise<number> {
	if (!existsSync(config.databasePath)) {
		io.err(`There is no database at ${config.databasePath} to back up.\n`);
		return 1;
	}
	const db = openDatabase(config.databasePath);
	try {
		const summary = await backupDatabase(db, file);
		io.out(
			`Backed up ${config.databasePath} to ${summary.path} (${formatByteSize(summary.bytes)}): ${summary.figures} figures, ${summary.uploads} uploads, ${summary.auditEntries} audit entries. Integrity check: ok.\n`
		);
		return 0;
	} finally {
		closeDatabase(db);
	}
}

function restoreCommand(config: Config, file: string, io: CliIo): number {
	if (config.databasePathIsDefault) mkdirSync(dirname(config.databasePath), { recursive: true });
	const restored = restoreDatabase({
		databasePath: config.databasePath,
		backupPath: file,
		now: io.now ?? (() => new Date()),
		actorLabel: COMMAND_LINE_ACTOR.label
	});
	const { backup } = restored;
	if (restored.keptAside)
		io.out(
			`Kept the database that was in place aside as ${restored.keptAside}${restored.replacedWasDamaged ? ' (it could not be opened as SQLite, so it was kept as it was, with its -wal and -journal files if any)' : ''}.\n`
		);
	else io.out(`There was no database at ${config.databasePath}, so nothing was kept aside.\n`);
	if (backup.schemaChanges < backup.knownSchemaChanges)
		io.out(
			`The backup was made by an older version of Strategy Tracker (${backup.schemaChanges} of ${backup.knownSchemaChanges} schema changes); it was brought up to date.\n`
		);
	io.out(
		`Restored ${backup.path} to ${config.databasePath}: ${restored.figures} figures, ${restored.uploads} uploads, ${restored.auditEntries} audit entries (including this restore). Integrity check: ok.\n`
	);
	return 0;
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

/** Who the audit log says acted, for everything done from the command line. */
const COMMAND_LINE_ACTOR = { userId: null, label: 'command line', ip: '' };
const MAX_NAME_LENGTH = 100;

/** A mistake in what was asked for that is not a usage slip: one sentence, exit 1. */
class CommandInputError extends Error {
	override name = 'CommandInputError';
}

function findPartner(db: Db, code: string) {
	const partners = createFrameworkRepository(db).listPartners();
	if (partners.length === 0)
		throw new CommandInputError(
			'There are no partner organisations yet: run "strategy-tracker seed" to load the framework first.'
		);
	const partner = partners.find((p) => p.code.toUpperCase() === code.trim().toUpperCase());
	if (!partner)
		throw new CommandInputError(
			`There is no partner with the code "${code.trim()}". The codes are: ${partners
				.map((p) => p.code)
				.sort()
				.join(', ')}.`
		);
	if (!partner.active)
		throw new CommandInputError(
			`${partner.name} (${partner.code}) is no longer an active partner.`
		);
	return partner;
}

function checkName(name: string | undefined): string {
	const trimmed = name?.trim() ?? '';
	if (trimmed.length > MAX_NAME_LENGTH)
		throw new CommandInputError(`--name must be ${MAX_NAME_LENGTH} characters or fewer.`);
	return trimmed;
}

/** Runs a command that only reads what was typed and writes through the auth service. */
function withDatabase(config: Config, io: CliIo, work: (db: Db) => string): number {
	const db = openConfiguredDatabase(config);
	try {
		io.out(work(db));
		return 0;
	} catch (error) {
		if (error instanceof CommandInputError || error instanceof AuthInputError) {
			io.err(`${error.message}\n`);
			return 1;
		}
		throw error;
	} finally {
		closeDatabase(db);
	}
}

function userAddCommand(config: Config, options: Record<string, string>, io: CliIo): number {
	const roleText = options.role!.trim().toLowerCase();
	if (!(ROLES as readonly string[]).includes(roleText)) {
		io.err(
			`"${options.role}" is not a role. Use one of: ${ROLES.join(', ')} (viewer is a board member).\n`
		);
		return 1;
	}
	const role = roleText as Role;
	if (role === 'partner' && !options.partner?.trim()) {
		io.err(
			'A partner user needs --partner CODE: the organisation whose figures they submit. Run "strategy-tracker help user" for its options.\n'
		);
		return 2;
	}
	return withDatabase(config, io, (db) => {
		const displayName = checkName(options.name);
		if (role !== 'partner' && options.partner !== undefined)
			throw new CommandInputError(
				`Only partner users belong to a partner organisation: leave out --partner for the ${role} role.`
			);
		const partner = role === 'partner' ? findPartner(db, options.partner!) : null;
		const auth = withCommandLineInvitations(
			createAuthService(db, () => new Date()),
			db,
			config
		);
		const { user, setPasswordToken } = auth.createUser(
			{ email: options.email!, displayName, role, partnerId: partner?.id ?? null },
			COMMAND_LINE_ACTOR
		);
		return (
			`Added ${user.email} as ${role === 'viewer' ? 'a board member (viewer)' : `a ${role}`}${partner ? ` for ${partner.name} (${partner.code})` : ''}.\n` +
			'Their link to set a password (it works once, for 72 hours):\n' +
			`${config.origin}/set-password/${setPasswordToken}\n` +
			(config.mail.smtpUrl
				? 'The running server also emails it to them.\n'
				: 'Mail is not configured (SMTP_URL): send the link to them yourself. It also waits in Admin → Outbox.\n')
		);
	});
}

function tokenCreateCommand(config: Config, options: Record<string, string>, io: CliIo): number {
	return withDatabase(config, io, (db) => {
		const name = checkName(options.name);
		const partner = findPartner(db, options.partner!);
		const tokenName = name || `${partner.name} API token`;
		const auth = createAuthService(db, () => new Date());
		const { token } = auth.createApiToken(
			{ partnerId: partner.id, name: tokenName },
			COMMAND_LINE_ACTOR
		);
		return (
			`Created the API token "${tokenName}" for ${partner.name} (${partner.code}):\n` +
			`${token}\n` +
			'It is shown only this once: store it now. Send it as "Authorization: Bearer <token>".\n'
		);
	});
}

interface ImportOptions {
	partner?: string;
	period?: string;
	'dry-run'?: boolean;
	json?: boolean;
}

interface TemplateOptions {
	partner?: string;
	/** Checked to be there before the command runs. */
	period?: string;
	out?: string;
}

/** A mistake in what was typed (an unknown partner, a quarter that is not one): exit 2. */
class CommandUsageError extends Error {
	override name = 'CommandUsageError';
}

/**
 * Who the records say acted: the command line, as the coordinator, with the operating-system
 * account that ran it, since there is no signed-in user to name.
 */
function commandLinePrincipal(io: CliIo): Principal {
	let account: string | undefined;
	try {
		account = userInfo().username;
	} catch {
		// No entry for this user id (a container, say): fall back on what the shell says.
		account = io.env.USER ?? io.env.USERNAME;
	}
	return { kind: 'command-line', label: account ? `command line (${account})` : 'command line' };
}

/**
 * Runs a command with the services every door shares, on a database that has a framework. An
 * ImportTargetError (whose partner, which quarter) is a usage mistake: exit 2.
 */
function withServices(
	config: Config,
	io: CliIo,
	work: (services: Services, fw: Framework) => number
): number {
	const services = createServices(config, io.now ? { now: io.now } : {});
	try {
		if (services.framework.listPartners().length === 0)
			throw new CommandInputError(
				'There is no strategy framework yet: run "strategy-tracker seed" to load it first.'
			);
		const fw = services.framework.load();
		return work(services, fw);
	} catch (error) {
		if (error instanceof CommandInputError) {
			io.err(`${error.message}\n`);
			return 1;
		}
		if (error instanceof ImportTargetError || error instanceof CommandUsageError) {
			io.err(`${error.message}\n`);
			return 2;
		}
		throw error;
	} finally {
		services.close();
	}
}

/** The service answers an unknown code as "not one you can submit for"; here, list the codes. */
function checkPartnerCode(fw: Framework, code: string | undefined): void {
	if (code === undefined) return;
	if (fw.partners.some((p) => p.code.toUpperCase() === code.trim().toUpperCase())) return;
	throw new CommandUsageError(
		`There is no partner with the code "${code.trim()}". The codes are: ${fw.partners
			.map((p) => p.code)
			.sort()
			.join(', ')}.`
	);
}

function readImportFile(file: string): Buffer {
	try {
		return readFileSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new CommandUsageError(
			code === 'ENOENT'
				? `There is no file ${file}.`
				: code === 'EISDIR'
					? `${file} is a folder, not a file.`
					: code === 'EACCES' || code === 'EPERM'
						? `${file} cannot be read: permission denied.`
						: `${file} cannot be read: ${(error as Error).message}.`
		);
	}
}

function importCommand(config: Config, file: string, options: ImportOptions, io: CliIo): number {
	let bytes: Buffer;
	try {
		// Read before the database is opened: a mistyped name touches nothing.
		bytes = readImportFile(file);
	} catch (error) {
		io.err(`${(error as Error).message}\n`);
		return 2;
	}
	return withServices(config, io, (services, fw) => {
		checkPartnerCode(fw, options.partner);
		const { summary } = services.imports.importFile({
			principal: commandLinePrincipal(io),
			framework: fw,
			partnerCode: options.partner ?? null,
			period: options.period ?? null,
			dryRun: Boolean(options['dry-run']),
			source: 'cli',
			ip: '',
			bytes,
			fileName: basename(file),
			contentType: null
		});
		io.out(options.json ? `${JSON.stringify(summary, null, 2)}\n` : describeImport(summary));
		return summary.ok ? 0 : 1;
	});
}

/** The summary for a person: the verdict, each problem, then each figure that changes. */
function describeImport(summary: ImportSummary): string {
	const lines = [describeSummary(summary)];
	for (const e of summary.errors) lines.push(`Error: ${e.message}`);
	for (const w of summary.warnings) lines.push(`Warning: ${w.message}`);
	for (const c of summary.changes) {
		if (c.type !== 'updated' || !c.before) continue;
		const [before, after] = [formatFigureCell(c.before), formatFigureCell(c.after)];
		lines.push(
			`Updated: row ${c.row}, ${c.partnerCode} ${c.metricCode} ${c.areaCode} ${c.period}: ` +
				(before === after ? 'the comment changed' : `${before} → ${after}`)
		);
	}
	return `${lines.join('\n')}\n`;
}

function templateCommand(config: Config, options: TemplateOptions, io: CliIo): number {
	return withServices(config, io, (services, fw) => {
		checkPartnerCode(fw, options.partner);
		const { csv } = services.imports.template(
			commandLinePrincipal(io),
			fw,
			options.partner ?? null,
			options.period ?? ''
		);
		if (options.out === undefined) {
			io.out(csv);
			return 0;
		}
		try {
			// 'wx': never over a file that exists, which may be the filled-in copy of last time.
			writeFileSync(options.out, csv, { encoding: 'utf8', flag: 'wx' });
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			io.err(
				code === 'EEXIST'
					? `${options.out} already exists: choose another name, or move it out of the way first.\n`
					: `Could not write ${options.out}: ${(error as Error).message}.\n`
			);
			return 1;
		}
		io.out(`Wrote the template to ${options.out}.\n`);
		return 0;
	});
}

interface ExportOptions {
	period?: string;
	format?: string;
}

function exportCommand(config: Config, options: ExportOptions, io: CliIo): number {
	const format = (options.format ?? 'csv').trim().toLowerCase();
	if (format !== 'csv' && format !== 'json') {
		io.err(`"${options.format}" is not an export format: use --format csv or --format json.\n`);
		return 2;
	}
	let period: Period | undefined;
	if (options.period !== undefined) {
		const read = parsePeriodLabel(options.period);
		if (!read.ok) {
			io.err(`${read.message}\n`);
			return 2;
		}
		period = read.period;
	}
	return withServices(config, io, (services, fw) => {
		const exported = exportValues(services, fw, commandLinePrincipal(io), { period });
		const chunks =
			format === 'csv'
				? formatExportCsv(exported.rows)
				: formatExportJson(exported.rows, exported.suppression);
		for (const chunk of chunks) io.out(chunk);
		return 0;
	});
}

function disclosureAuditCommand(
	config: Config,
	options: DisclosureAuditOptions,
	io: CliIo
): number {
	const read = readDisclosureAuditOptions(options);
	if (!read.ok) {
		io.err(`${read.message}\n`);
		return 2;
	}
	return withServices(config, io, (services, fw) => {
		const result = services.disclosureAudit(fw, { roles: read.roles, only: read.only });
		io.out(formatDisclosureAudit(fw, result, read.only, read.json));
		return result.passed ? 0 : 1;
	});
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
