/**
 * A fingerprint of the data in the database, cheap enough to read on every request (a few
 * microseconds), that changes whenever any row changes, whoever changes it.
 * @see https://www.sqlite.org/pragma.html#pragma_data_version
 * @see https://www.sqlite.org/lang_corefunc.html#total_changes
 */
import type { Statement } from 'better-sqlite3';

import type { Db } from './client.js';

interface VersionRow {
	committedElsewhere: number;
	changedHere: number;
}

/**
 * Two counters, both of this connection, together cover every writer:
 * - `PRAGMA data_version` changes when another connection commits: the CLI importing into the
 *   same file while the server runs, or a second connection in this process;
 * - `total_changes()` counts every row that this connection inserts, updates or deletes, through
 *   any module, so no write path has to remember to announce itself.
 * A rolled-back write still moves `total_changes()`: that only costs a cache entry, never shows
 * stale data. Schema changes on this connection move neither, and happen only in the migrations
 * applied when the database is opened, before anything is read. Bookkeeping writes (last use of a
 * session, token or link) are subtracted: see noteBookkeepingChanges.
 */
const bookkeepingChanges = new WeakMap<Db['$client'], number>();

/**
 * Records rows changed only to note when a session, token or link was last used. No page reads
 * them, and a signed-in person's session is touched once a minute, so counting them would empty
 * every cache as often as people use the site.
 */
export function noteBookkeepingChanges(db: Db, changes: number): void {
	bookkeepingChanges.set(db.$client, (bookkeepingChanges.get(db.$client) ?? 0) + changes);
}

export function createDataVersion(db: Db): () => string {
	let statement: Statement<[], VersionRow> | undefined;
	return () => {
		// Prepared on first use, like the other query modules, so creating it never needs the file.
		statement ??= db.$client.prepare<[], VersionRow>(
			'select data_version as committedElsewhere, total_changes() as changedHere from pragma_data_version'
		);
		const row = statement.get()!;
		const bookkeeping = bookkeepingChanges.get(db.$client) ?? 0;
		return `${row.committedElsewhere}:${row.changedHere - bookkeeping}`;
	};
}
