/**
 * Configuration from the environment (SPEC §7), checked once at start. Every mistake gets its own
 * sentence; the process refuses to start rather than run half-configured.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

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
	// On a loopback or every-address host the default is the README's http://localhost:PORT; the
	// server sends other spellings (127.0.0.1) there, so form posts match the origin SvelteKit checks.
	const localHost = ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host);
	const origin = env.ORIGIN?.trim() || `http://${localHost ? 'localhost' : host}:${port}`;
	if (!/^https?:\/\/[^/\s]+$/.test(origin))
		problems.push(
			`ORIGIN must be a site address such as https://tracker.example.org with no path; it is "${origin}".`
		);
	const logLevel = env.LOG_LEVEL?.trim() || 'info';
	if (!LOG_LEVELS.includes(logLevel))
		problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${logLevel}".`);

	const config: Config = {
		databasePath: resolve(env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH),
		databasePathIsDefault: !env.DATABASE_PATH?.trim(),
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
		fixturesDir: env.FIXTURES_DIR?.trim()
			? resolve(env.FIXTURES_DIR.trim())
			: fileURLToPath(new URL('../fixtures/humber/', import.meta.url))
	};
	return problems.length ? { ok: false, problems } : { ok: true, config };
}
