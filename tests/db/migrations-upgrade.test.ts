/**
 * A database made by any earlier release opens under this one with nothing lost: for each prefix
 * of migrations/meta/_journal.json, a database is migrated that far, filled, then opened with
 * openDatabase (which applies the rest). The loop reads the journal, so a new migration is covered
 * without touching this file.
 *
 * The rows use only tables and columns that exist from 0000_init, so they fit every version. A
 * migration that adds a table or column gets no rows of its own here: add them, keyed by the
 * first version that has them, when that migration moves or reshapes data. A migration that
 * rewrites values on purpose will (rightly) fail "every row kept"; say so in the test then.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { closeDatabase, MIGRATIONS_DIR, openDatabase } from '../../src/db/client.js';

interface Journal {
	entries: { idx: number; tag: string }[];
}

const journal = JSON.parse(
	readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')
) as Journal;

type Row = Record<string, string | number | Buffer | null>;

const AT = '2025-07-14T09:30:00.000Z';

/** Every table of 0000_init, parents first, with rows as an installation would have them. */
const ROWS: [table: string, rows: Row[]][] = [
	['app_meta', [{ key: 'installed', value: '2025-04-01' }]],
	[
		'areas',
		[
			{
				code: 'HULL',
				name: 'Kingston upon Hull',
				population: 267000,
				population_source: 'ONS mid-2023',
				partnership_wide: 0,
				sort_order: 1
			},
			{
				code: 'ALL',
				name: 'Humber',
				population: 935000,
				population_source: '',
				partnership_wide: 1,
				sort_order: 0
			}
		]
	],
	[
		'strategies',
		[
			{
				id: 1,
				name: 'Humber Modern Slavery Strategy',
				partnership: 'Humber MSP',
				description: 'Tackling “modern slavery” – together',
				starts_on: '2024-04-01',
				ends_on: '2027-03-31',
				created_at: AT
			}
		]
	],
	['priorities', [{ id: 1, strategy_id: 1, number: 2, title: 'Protect', description: '' }]],
	[
		'partners',
		[
			{
				id: 1,
				code: 'HP',
				name: 'Humberside Police',
				sector: 'police',
				area_code: 'ALL',
				active: 1,
				created_at: AT
			},
			{
				id: 2,
				code: 'HCC',
				name: 'Hull City Council',
				sector: 'local-authority',
				area_code: 'HULL',
				active: 0,
				created_at: AT
			}
		]
	],
	[
		'metrics',
		[
			{
				id: 1,
				code: 'P2.01',
				priority_id: 1,
				name: 'Referrals to the NRM',
				unit: 'count',
				direction: 'up',
				partner_aggregation: 'sum',
				period_aggregation: 'sum',
				amber_tolerance: 0.15,
				sensitive: 1,
				lead_partner_id: 1,
				definition: "Adults and children, 'first' referrals",
				counting_rule: 'By date of referral',
				data_source: 'NRM',
				owner: 'HP',
				caveats: '',
				status: 'active',
				retired_at: null,
				sort_order: 1,
				created_at: AT
			},
			{
				id: 2,
				code: 'P2.02',
				priority_id: 1,
				name: 'Training sessions',
				unit: 'count',
				direction: 'up',
				partner_aggregation: 'sum',
				period_aggregation: 'sum',
				amber_tolerance: 0.1,
				sensitive: 0,
				lead_partner_id: null,
				definition: '',
				counting_rule: '',
				data_source: '',
				owner: '',
				caveats: 'Retired',
				status: 'retired',
				retired_at: AT,
				sort_order: 2,
				created_at: AT
			}
		]
	],
	['metric_reporters', [{ metric_id: 1, partner_id: 1, area_code: 'HULL' }]],
	[
		'targets',
		[
			{
				id: 1,
				metric_id: 1,
				year: 2025,
				quarter: 0,
				area_code: 'ALL',
				value: 120.5,
				updated_at: AT
			}
		]
	],
	[
		'baselines',
		[{ id: 1, metric_id: 1, area_code: 'HULL', year: 2023, value: 41, note: 'Estimated' }]
	],
	[
		'funding_streams',
		[
			{
				id: 1,
				code: 'HO-MS',
				funder: 'Home Office',
				name: 'Victim support',
				amount_gbp: 250000.75,
				first_year: 2024,
				last_year: 2026,
				description: ''
			}
		]
	],
	['funding_stream_metrics', [{ funding_stream_id: 1, metric_id: 1 }]],
	['quarter_deadlines', [{ year: 2025, quarter: 1, deadline: '2025-07-31' }]],
	[
		'users',
		[
			{
				id: 1,
				email: 'coordinator@example.org',
				display_name: 'Co Ordinator',
				role: 'coordinator',
				partner_id: null,
				password_hash: 'scrypt$abc$def',
				disabled_at: null,
				last_sign_in_at: AT,
				created_at: AT
			},
			{
				id: 2,
				email: 'police@example.org',
				display_name: '',
				role: 'partner',
				partner_id: 1,
				password_hash: null,
				disabled_at: AT,
				last_sign_in_at: null,
				created_at: AT
			}
		]
	],
	[
		'sessions',
		[
			{
				id_hash: 'f'.repeat(64),
				user_id: 1,
				created_at: AT,
				last_seen_at: AT,
				expires_at: '2025-07-14T21:30:00.000Z',
				ip: '10.0.0.1',
				user_agent: 'Firefox'
			}
		]
	],
	[
		'password_links',
		[
			{
				id: 1,
				user_id: 2,
				token_hash: 'a'.repeat(64),
				expires_at: AT,
				used_at: null,
				created_by_user_id: 1,
				created_at: AT
			}
		]
	],
	[
		'api_tokens',
		[
			{
				id: 1,
				partner_id: 1,
				name: 'HP records system',
				token_hash: 'b'.repeat(64),
				prefix: 'st_abcd',
				created_by_user_id: 1,
				created_at: AT,
				last_used_at: AT,
				revoked_at: null
			}
		]
	],
	[
		'submission_links',
		[
			{
				id: 1,
				partner_id: 2,
				year: 2025,
				quarter: 1,
				token_hash: 'c'.repeat(64),
				expires_at: AT,
				revoked_at: AT,
				last_used_at: null,
				created_by_user_id: 1,
				created_at: AT
			}
		]
	],
	[
		'uploads',
		[
			{
				id: 1,
				source: 'api',
				partner_id: 1,
				file_name: 'q1.csv',
				content_type: 'text/csv',
				byte_size: 40,
				sha256: 'd'.repeat(64),
				content: Buffer.from('metric_code,area,value\r\nP2.01,HULL,17\r\n'),
				uploaded_by_user_id: null,
				api_token_id: 1,
				submission_link_id: null,
				actor_label: 'token st_abcd',
				ip: '10.0.0.2',
				rows: 1,
				created: 1,
				updated: 0,
				unchanged: 0,
				uploaded_at: AT
			},
			{
				id: 2,
				source: 'web',
				partner_id: 1,
				file_name: null,
				content_type: null,
				byte_size: 0,
				sha256: 'e'.repeat(64),
				content: null,
				uploaded_by_user_id: 1,
				api_token_id: null,
				submission_link_id: 1,
				actor_label: 'coordinator@example.org',
				ip: '',
				rows: 1,
				created: 0,
				updated: 1,
				unchanged: 0,
				uploaded_at: AT
			}
		]
	],
	[
		'figure_revisions',
		[
			{
				id: 1,
				metric_id: 1,
				partner_id: 1,
				area_code: 'HULL',
				year: 2025,
				quarter: 1,
				kind: 'value',
				value: 17,
				comment: '',
				upload_id: 1,
				source_row: 2,
				previous_revision_id: null,
				created_at: AT
			},
			{
				id: 2,
				metric_id: 1,
				partner_id: 1,
				area_code: 'HULL',
				year: 2025,
				quarter: 1,
				kind: 'not_collected',
				value: null,
				comment: 'System down, "see note"',
				upload_id: 2,
				source_row: null,
				previous_revision_id: 1,
				created_at: AT
			}
		]
	],
	[
		'figures',
		[
			{
				id: 1,
				metric_id: 1,
				partner_id: 1,
				area_code: 'HULL',
				year: 2025,
				quarter: 1,
				kind: 'not_collected',
				value: null,
				comment: 'System down, "see note"',
				current_revision_id: 2,
				updated_at: AT
			}
		]
	],
	[
		'submissions',
		[
			{
				id: 1,
				partner_id: 1,
				year: 2025,
				quarter: 1,
				status: 'returned',
				first_submitted_at: AT,
				last_submitted_at: AT,
				reviewed_at: AT,
				reviewed_by_user_id: 1,
				reason: 'Hull looks low',
				version: 3,
				updated_at: AT
			}
		]
	],
	[
		'submission_events',
		[
			{
				id: 1,
				submission_id: 1,
				from_status: 'not_started',
				to_status: 'submitted',
				reason: null,
				actor_user_id: null,
				actor_label: 'token st_abcd',
				at: AT
			},
			{
				id: 2,
				submission_id: 1,
				from_status: 'submitted',
				to_status: 'returned',
				reason: 'Hull looks low',
				actor_user_id: 1,
				actor_label: 'coordinator@example.org',
				at: AT
			}
		]
	],
	[
		'commentary',
		[
			{
				id: 1,
				priority_id: 1,
				year: 2025,
				quarter: 1,
				body: 'Referrals rose after the summer campaign.\n\nSee annex.',
				author_user_id: 1,
				created_at: AT
			}
		]
	],
	[
		'board_reports',
		[
			{
				id: 1,
				year: 2025,
				quarter: 1,
				issued_at: AT,
				issued_by_user_id: 1,
				snapshot: '{"priorities":[{"number":2,"status":"green"}]}'
			}
		]
	],
	[
		'audit_log',
		[
			{
				id: 1,
				at: AT,
				actor_user_id: 1,
				actor_label: 'coordinator@example.org',
				ip: '10.0.0.1',
				action: 'user.create',
				outcome: 'success',
				entity_type: 'user',
				entity_id: '2',
				partner_id: 1,
				before: null,
				after: '{"email":"police@example.org"}',
				detail: ''
			},
			{
				id: 2,
				at: AT,
				actor_user_id: null,
				actor_label: 'anonymous',
				ip: '10.0.0.9',
				action: 'auth.sign-in',
				outcome: 'failure',
				entity_type: null,
				entity_id: null,
				partner_id: null,
				before: null,
				after: null,
				detail: 'unknown email'
			}
		]
	]
];

function insertRows(sqlite: Database.Database): void {
	sqlite.transaction(() => {
		for (const [table, rows] of ROWS)
			for (const row of rows) {
				const columns = Object.keys(row);
				sqlite
					.prepare(
						`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
					)
					.run(...Object.values(row));
			}
	})();
}

function userTables(sqlite: Database.Database): string[] {
	return sqlite
		.prepare(
			`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name`
		)
		.pluck()
		.all() as string[];
}

function triggerNames(sqlite: Database.Database): string[] {
	return sqlite
		.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
		.pluck()
		.all() as string[];
}

/** Every table's rows, column by column, in the order they were stored. */
function snapshot(
	sqlite: Database.Database
): Map<string, { columns: string[]; rows: unknown[][] }> {
	const tables = new Map<string, { columns: string[]; rows: unknown[][] }>();
	for (const table of userTables(sqlite)) {
		const columns = (sqlite.pragma(`table_info(${table})`) as { name: string }[]).map(
			(c) => c.name
		);
		const rows = sqlite
			.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`)
			.raw()
			.all() as unknown[][];
		tables.set(table, { columns, rows });
	}
	return tables;
}

/** A migrations folder holding only the first `count` migrations, as an earlier release shipped. */
function earlierRelease(dir: string, count: number): string {
	const folder = join(dir, 'migrations');
	mkdirSync(join(folder, 'meta'), { recursive: true });
	const full = JSON.parse(
		readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')
	) as Journal;
	const entries = full.entries.slice(0, count);
	writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...full, entries }));
	for (const entry of entries)
		copyFileSync(join(MIGRATIONS_DIR, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
	return folder;
}

describe('opening a database made by an earlier release', () => {
	let dir: string;
	let currentTriggers: string[];

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'st-upgrade-'));
		const fresh = openDatabase(join(dir, 'fresh.db'));
		currentTriggers = triggerNames(fresh.$client);
		closeDatabase(fresh);
	});

	afterAll(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('has migrations to test, and rows for every table of the first one', () => {
		expect(journal.entries.length).toBeGreaterThan(0);
		expect(currentTriggers).toEqual(
			expect.arrayContaining(['audit_log_no_update', 'audit_log_no_delete', 'uploads_no_update'])
		);
		const sqlite = new Database(':memory:');
		try {
			migrate(drizzle(sqlite), { migrationsFolder: earlierRelease(join(dir, 'first'), 1) });
			expect(ROWS.map(([table]) => table).sort()).toEqual(userTables(sqlite));
		} finally {
			sqlite.close();
		}
	});

	it.each(journal.entries.map((entry, i) => ({ tag: entry.tag, count: i + 1 })))(
		'keeps every row of a database at $tag and brings it up to date',
		({ tag, count }) => {
			const at = join(dir, tag);
			const path = join(at, 'tracker.db');
			const old = new Database((mkdirSync(at, { recursive: true }), path));
			let before: ReturnType<typeof snapshot>;
			try {
				old.pragma('journal_mode = WAL');
				old.pragma('foreign_keys = ON');
				migrate(drizzle(old), { migrationsFolder: earlierRelease(at, count) });
				insertRows(old);
				before = snapshot(old);
			} finally {
				old.close();
			}

			const db = openDatabase(path);
			try {
				const sqlite = db.$client;
				expect(sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(
					journal.entries.length
				);
				const after = snapshot(sqlite);
				for (const [table, { columns, rows }] of before) {
					expect(after.has(table), `table ${table} is still there`).toBe(true);
					const kept = sqlite
						.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`)
						.raw()
						.all();
					expect(kept, `rows of ${table}`).toEqual(rows);
				}
				expect(sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
				expect(sqlite.pragma('foreign_key_check')).toEqual([]);
				expect(triggerNames(sqlite)).toEqual(currentTriggers);
				expect(() => sqlite.prepare(`UPDATE audit_log SET detail = 'edited'`).run()).toThrow(
					/append-only/
				);
				expect(() => sqlite.prepare('DELETE FROM uploads').run()).toThrow(/append-only/);
			} finally {
				closeDatabase(db);
			}
		}
	);
});
