/**
 * Builds the whole API on a fresh SQLite file with the migrations applied, in the spirit of
 * fastify/demo's `build(t)`. Requests go through `app.inject`; nothing listens on a port.
 * @see https://github.com/fastify/demo/blob/main/test/helper.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

import { buildApp, type PageHandler } from '../../src/api/app.js';
import type { LogOptions } from '../../src/api/logging.js';
import { sessionCookieName } from '../../src/auth/cookies.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Sleep } from '../../src/auth/sign-in-delay.js';
import { readConfig } from '../../src/config.js';
import type { Role } from '../../src/core/framework.js';
import { seedDatabase } from '../../src/db/seed.js';
import type { User } from '../../src/db/users.js';
import { createServices, type Services } from '../../src/services.js';

/** The Humber framework that readConfig loads by default. */
export const HUMBER_FIXTURES = fileURLToPath(new URL('../../fixtures/humber/', import.meta.url));

/** "Today" for every test, so demo figures and reportable quarters do not move with the clock. */
export const TEST_NOW = new Date('2026-11-23T12:00:00Z');

export interface TempDatabasePath {
	/** The database file; it does not exist until something opens it. */
	path: string;
	/** The temporary folder holding it (and its -wal and -shm files). */
	dir: string;
	/** Deletes the folder and everything in it. */
	remove(): void;
}

/** A database path in a new, empty temporary folder. */
export function tempDatabasePath(): TempDatabasePath {
	const dir = mkdtempSync(join(tmpdir(), 'strategy-tracker-test-'));
	return {
		path: join(dir, 'tracker.db'),
		dir,
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

export interface BuildTestAppOptions {
	/** `framework` loads fixtures/humber; `demo` also loads the demo figures. Default: nothing. */
	seed?: 'framework' | 'demo';
	/** Extra environment for readConfig (DATABASE_PATH is always the temporary file). */
	env?: NodeJS.ProcessEnv;
	now?: Date;
	/** A clock the test moves itself (see `testClock`); overrides `now`. */
	clock?: () => Date;
	/** A stand-in for the SvelteKit handler, to see what reaches the pages. */
	pages?: PageHandler;
	/**
	 * How sign-in waits out its progressive delay after failures. Default: not at all, so tests
	 * that fail to sign in on purpose stay fast; pass a recorder to see the delays asked for.
	 */
	sleep?: Sleep;
	/** JSON logs, to a stream the test reads; none by default. */
	logger?: LogOptions;
}

export interface TestApp {
	app: FastifyInstance;
	services: Services;
	dir: string;
	close(): Promise<void>;
}

/**
 * The app is returned before `ready()`, so a test may still add routes to it; `inject` makes it
 * ready on first use.
 */
export async function buildTestApp(options: BuildTestAppOptions = {}): Promise<TestApp> {
	const database = tempDatabasePath();
	const now = options.now ?? TEST_NOW;
	try {
		// An explicit ORIGIN, so requests injected with any Host reach the pages unredirected.
		const read = readConfig({
			LOG_LEVEL: 'silent',
			ORIGIN: 'http://localhost:3000',
			...options.env,
			DATABASE_PATH: database.path
		});
		if (!read.ok) throw new Error(`Test configuration: ${read.problems.join(' ')}`);
		const services = createServices(read.config, {
			now: options.clock ?? (() => new Date(now)),
			sleep: options.sleep ?? (async () => {})
		});
		try {
			if (options.seed)
				seedDatabase(services.db, {
					fixturesDir: read.config.fixturesDir,
					demo: options.seed === 'demo',
					today: services.now()
				});
			const app = await buildApp({ services, pages: options.pages, logger: options.logger });
			return {
				app,
				services,
				dir: database.dir,
				async close() {
					try {
						await app.close();
					} finally {
						services.close();
						database.remove();
					}
				}
			};
		} catch (error) {
			services.close();
			throw error;
		}
	} catch (error) {
		database.remove();
		throw error;
	}
}

/** A clock that starts at TEST_NOW and moves only when told to. */
export function testClock(start: Date = TEST_NOW) {
	let at = start.getTime();
	return {
		now: () => new Date(at),
		advance(ms: number) {
			at += ms;
		}
	};
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The password every test user gets: long, and on no common-password list. */
export const TEST_PASSWORD = 'amber kettle under the humber bridge';
let testPasswordHash: Promise<string> | undefined;

/** The coordinator who "does" what a test sets up, for the audit log. */
export const TEST_ACTOR = { userId: null, label: 'test set-up', ip: '127.0.0.1' };

/** A partner's database id by its code (the framework must be seeded). */
export function partnerIdOf(services: Services, code: string): number {
	const partner = services.framework.load().partners.find((p) => p.code === code);
	if (!partner) throw new Error(`No partner ${code} in the test database.`);
	return partner.id;
}

/**
 * A user with a role and the test password; a partner user belongs to `partner` (default HP,
 * Humberside Police). Hashing once and reusing the hash keeps scrypt's cost out of every test.
 */
export async function createTestUser(
	services: Services,
	role: Role,
	options: { email?: string; partner?: string } = {}
): Promise<User> {
	const user = services.auth.users.create({
		email: options.email ?? `${role}-${crypto.randomUUID().slice(0, 8)}@example.org`,
		displayName: `Test ${role}`,
		role,
		partnerId: role === 'partner' ? partnerIdOf(services, options.partner ?? 'HP') : null
	});
	testPasswordHash ??= hashPassword(TEST_PASSWORD);
	services.auth.users.setPasswordHash(user.id, await testPasswordHash);
	return services.auth.users.findById(user.id)!;
}

export interface SignedIn {
	user: User;
	/** The session secret, as the cookie carries it. */
	sessionToken: string;
	/** `name=value`, ready for a `cookie` request header. */
	cookie: string;
}

/** Signs a user in through services.auth.signIn, as the sign-in form does. */
export async function signInAs(
	services: Services,
	user: Pick<User, 'email'>,
	ip = '127.0.0.1'
): Promise<SignedIn> {
	const result = await services.auth.signIn(user.email, TEST_PASSWORD, { ip });
	if (!result.ok) throw new Error(`Could not sign ${user.email} in: ${result.reason}`);
	return {
		user: result.user,
		sessionToken: result.sessionToken,
		cookie: `${sessionCookieName(services.config.origin)}=${result.sessionToken}`
	};
}

/** A new user of the role, signed in. */
export async function signedInUser(
	services: Services,
	role: Role,
	options: { email?: string; partner?: string } = {}
): Promise<SignedIn> {
	return signInAs(services, await createTestUser(services, role, options));
}

/** A new API token for a partner (default HP): the secret, shown once, and its id. */
export function createTestApiToken(
	services: Services,
	partner = 'HP'
): { token: string; id: number; authorization: string } {
	const created = services.auth.createApiToken(
		{ partnerId: partnerIdOf(services, partner), name: `test token for ${partner}` },
		TEST_ACTOR
	);
	return { ...created, authorization: `Bearer ${created.token}` };
}
