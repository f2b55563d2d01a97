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

import { buildApp } from '../../src/api/app.js';
import { readConfig } from '../../src/config.js';
import { seedDatabase } from '../../src/db/seed.js';
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
		const read = readConfig({ LOG_LEVEL: 'silent', ...options.env, DATABASE_PATH: database.path });
		if (!read.ok) throw new Error(`Test configuration: ${read.problems.join(' ')}`);
		const services = createServices(read.config, { now: () => new Date(now) });
		try {
			if (options.seed)
				seedDatabase(services.db, {
					fixturesDir: read.config.fixturesDir,
					demo: options.seed === 'demo',
					today: services.now()
				});
			const app = await buildApp({ services });
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
