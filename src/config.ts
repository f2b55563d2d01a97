/**
 * Configuration from the environment (SPEC §7), checked once at start. Every mistake gets its own
 * sentence; the process refuses to start rather than run half-configured. A variable that looks
 * like a misspelling of ours gets a warning: it is ignored, which the person would not expect.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { likelyMeant } from './core/likely-typo.js';
import { databaseFolderProblem } from './db/database-folder.js';
import { readMailConfig, type MailConfig } from './mail/mail-config.js';

export interface Config {
	databasePath: string;
	/** True when DATABASE_PATH was not set, so the default ./data folder may be created. */
	databasePathIsDefault: boolean;
	port: number;
	host: string;
	/** The public address of the site; SvelteKit checks form posts against it. */
	origin: string;
	/** True when ORIGIN was not set: the site then redirects other host names to the origin. */
	originIsDefault: boolean;
	maxUploadBytes: number;
	/** Requests a minute that one caller (a user, a token, or else an address) may make to the API. */
	apiRateLimit: number;
	/**
	 * How long one request, body included, may take to arrive before the connection is closed: a
	 * client that trickles its upload a byte at a time would otherwise hold a connection forever.
	 */
	requestTimeoutMs: number;
	suppressionThreshold: number;
	demo: boolean;
	/** The demo users' password (DEMO_PASSWORD), used only with DEMO. */
	demoPassword: string;
	logLevel: string;
	fixturesDir: string;
	/** Where the server writes its scheduled backups (BACKUP_DIR); null: no scheduled backups. */
	backupDir: string | null;
	/** How many scheduled backups to keep; older ones are deleted. */
	backupKeep: number;
	backupIntervalHours: number;
	mail: MailConfig;
}

/** Warnings are printed at start and never stop it; problems do. */
export type ConfigResult =
	| { ok: true; config: Config; warnings: string[] }
	| { ok: false; problems: string[]; warnings: string[] };

/**
 * Every variable this app reads (the README's configuration table), and MIGRATIONS_DIR, read by
 * src/db/client.ts. A new variable goes here too, or setting it draws a "did you mean" warning.
 */
export const CONFIG_VARIABLES = [
	'DATABASE_PATH',
	'PORT',
	'HOST',
	'ORIGIN',
	'MAX_UPLOAD_BYTES',
	'API_RATE_LIMIT',
	'REQUEST_TIMEOUT_SECONDS',
	'SUPPRESSION_THRESHOLD',
	'DEMO',
	'DEMO_PASSWORD',
	'LOG_LEVEL',
	'FIXTURES_DIR',
	'BACKUP_DIR',
	'BACKUP_KEEP',
	'BACKUP_INTERVAL_HOURS',
	'SMTP_URL',
	'SMTP_INSECURE',
	'MAIL_FROM',
	'MIGRATIONS_DIR'
] as const;

const DEFAULT_DATABASE_PATH = './data/tracker.db';
/** Published in the README: the demo is for trying the app, never for real figures. */
export const DEFAULT_DEMO_PASSWORD = 'humber demo figures';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
	const problems: string[] = [];
	const integer = (name: string, fallback: number, min: number, max: number): number => {
		const raw = env[name]?.trim();
		if (raw === undefined || raw === '') return fallback;
		if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
			problems.push(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
			return fallback;
		}
		return Number(raw);
	};
	const flag = (name: string): boolean => {
		const raw = env[name]?.trim().toLowerCase();
		if (raw === undefined || raw === '') return false;
		if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
		if (['0', 'false', 'no', 'off'].includes(raw)) return false;
		problems.push(`${name} must be 1 or 0 (or true or false); it is "${env[name]}".`);
		return false;
	};

	const port = integer('PORT', 3000, 1, 65535);
	const host = env.HOST?.trim() || '127.0.0.1';
	// A URL or host:port here is the commonest slip; Node would fail later with a vaguer error.
	if (/[/\s]/.test(host) || /^[^:]+:\d+$/.test(host))
		problems.push(
			`HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0, without http:// or a port (PORT sets that); it is "${host}".`
		);
	// On a loopback or every-address host the default is the README's http://localhost:PORT; the
	// server sends other spellings (127.0.0.1) there, so form posts match the origin SvelteKit checks.
	const localHost = ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host);
	// A trailing slash is how addresses are often copied from a browser; the site is the same.
	const origin =
		env.ORIGIN?.trim().replace(/\/+$/, '') || `http://${localHost ? 'localhost' : host}:${port}`;
	// Only when set: the default comes from HOST, whose own mistake is reported above.
	if (env.ORIGIN?.trim() && !/^https?:\/\/[^/\s]+$/.test(origin))
		problems.push(
			`ORIGIN must be a site address such as https://tracker.example.org with no path; it is "${origin}".`
		);
	const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
	if (!LOG_LEVELS.includes(logLevel))
		problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${logLevel}".`);

	const databasePathIsDefault = !env.DATABASE_PATH?.trim();
	const databasePath = resolve(env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH);
	// The default folder is created on first start; a chosen one must already be there.
	const folderProblem = databasePathIsDefault ? undefined : databaseFolderProblem(databasePath);
	if (folderProblem) problems.push(folderProblem);
	const fixturesDir = env.FIXTURES_DIR?.trim()
		? resolve(env.FIXTURES_DIR.trim())
		: fileURLToPath(new URL('../fixtures/humber/', import.meta.url));
	if (env.FIXTURES_DIR?.trim() && !(existsSync(fixturesDir) && statSync(fixturesDir).isDirectory()))
		problems.push(
			`FIXTURES_DIR must be a folder holding a framework (see fixtures/humber); ${fixturesDir} is not one. Correct it, or unset it to use the Humber framework.`
		);
	const backupDir = env.BACKUP_DIR?.trim() ? resolve(env.BACKUP_DIR.trim()) : null;
	const backupDirProblem = backupDir && describeBackupDirProblem(backupDir);
	if (backupDirProblem) problems.push(backupDirProblem);

	const config: Config = {
		databasePath,
		databasePathIsDefault,
		port,
		host,
		origin,
		originIsDefault: !env.ORIGIN?.trim(),
		maxUploadBytes: integer('MAX_UPLOAD_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
		apiRateLimit: integer('API_RATE_LIMIT', 300, 1, 1_000_000),
		requestTimeoutMs: integer('REQUEST_TIMEOUT_SECONDS', 60, 1, 3600) * 1000,
		suppressionThreshold: integer('SUPPRESSION_THRESHOLD', 5, 1, 1000),
		demo: flag('DEMO'),
		demoPassword: env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
		logLevel,
		fixturesDir,
		backupDir,
		backupKeep: integer('BACKUP_KEEP', 14, 1, 10_000),
		backupIntervalHours: integer('BACKUP_INTERVAL_HOURS', 24, 1, 24 * 366),
		mail: readMailConfig(env, origin, flag, problems)
	};
	const warnings = typoWarnings(env);
	return problems.length ? { ok: false, problems, warnings } : { ok: true, config, warnings };
}

/** One warning for each variable that is not ours but looks meant to be; its value is not shown. */
export function typoWarnings(env: NodeJS.ProcessEnv): string[] {
	return Object.keys(env).flatMap((name) => {
		const meant = likelyMeant(name, CONFIG_VARIABLES);
		return meant
			? [`${name} is not a setting of Strategy Tracker and is ignored; did you mean ${meant}?`]
			: [];
	});
}

/** BACKUP_DIR must be a writable folder, or one the server can create (its parent is writable). */
function describeBackupDirProblem(dir: string): string | null {
	let existing = dir;
	while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
	if (!statSync(existing).isDirectory())
		return `BACKUP_DIR must be a folder; ${existing} is a file. Set BACKUP_DIR to a folder for the backups.`;
	try {
		accessSync(existing, constants.W_OK);
	} catch {
		return existing === dir
			? `BACKUP_DIR ${dir} cannot be written to. Give this user write access, or choose another folder.`
			: `BACKUP_DIR ${dir} does not exist and cannot be created, because ${existing} cannot be written to. Create it, or choose another folder.`;
	}
	return null;
}
