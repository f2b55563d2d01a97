/**
 * Whether this process can serve real requests: the database answers, its schema is the one this
 * code was built for, and a framework is loaded. For a load balancer's or an operator's readiness
 * probe (GET /api/v1/ready); the liveness probe (/health) stays cheaper.
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';

import { MIGRATIONS_DIR, type Db } from './client.js';
import { hasFramework } from './seed-framework.js';

export type CheckOutcome = 'ok' | 'failed' | 'not checked';

export interface Readiness {
	ready: boolean;
	checks: { database: CheckOutcome; migrations: CheckOutcome; framework: CheckOutcome };
	/** Why a check failed, for the log only: it may name files and tables. */
	cause?: unknown;
}

/** A probe must answer quickly: wait for a writer's lock this long, not the usual five seconds. */
const PROBE_BUSY_TIMEOUT_MS = 500;

/**
 * The migrations this code ships are read once, here; each probe then compares them with what the
 * database records as applied (drizzle's own table, by hash, in order).
 */
export function createReadinessCheck(db: Db, migrationsFolder = MIGRATIONS_DIR): () => Readiness {
	const shipped = readMigrationFiles({ migrationsFolder }).map((m) => m.hash);
	return () => {
		const answers = databaseAnswers(db);
		if (answers !== true)
			return {
				ready: false,
				checks: { database: 'failed', migrations: 'not checked', framework: 'not checked' },
				cause: answers.cause
			};
		try {
			if (!migrationsCurrent(db, shipped))
				return {
					ready: false,
					checks: { database: 'ok', migrations: 'failed', framework: 'not checked' }
				};
			const framework = hasFramework(db);
			return {
				ready: framework,
				checks: { database: 'ok', migrations: 'ok', framework: framework ? 'ok' : 'failed' }
			};
		} catch (cause) {
			return {
				ready: false,
				checks: { database: 'failed', migrations: 'not checked', framework: 'not checked' },
				cause
			};
		}
	};
}

/** A query that reads the file (unlike SELECT 1), under the probe's short lock wait. */
function databaseAnswers(db: Db): true | { cause: unknown } {
	const sqlite = db.$client;
	let usualTimeout: number | undefined;
	try {
		usualTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
		sqlite.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
		sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
		return true;
	} catch (cause) {
		return { cause };
	} finally {
		if (usualTimeout !== undefined && sqlite.open) sqlite.pragma(`busy_timeout = ${usualTimeout}`);
	}
}

function migrationsCurrent(db: Db, shipped: readonly string[]): boolean {
	const hasTable = db.$client
		.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
		.get();
	if (!hasTable) return false;
	const applied = db.$client
		// Drizzle leaves `id` empty on SQLite; `created_at` is the journal's time of each migration.
		.prepare('SELECT hash FROM __drizzle_migrations ORDER BY created_at')
		.pluck()
		.all() as string[];
	return applied.length === shipped.length && shipped.every((hash, i) => applied[i] === hash);
}
