import type { Db } from '../../src/db/client.js';

export interface AuditEntry {
	outcome: string;
	before: unknown;
	after: unknown;
	detail: string;
}

/** The audit entries of one action, oldest first, with `before` and `after` parsed from JSON. */
export function auditEntries(db: Db, action: string): AuditEntry[] {
	const rows = db.$client
		.prepare(`SELECT outcome, before, after, detail FROM audit_log WHERE action = ? ORDER BY id`)
		.all(action) as {
		outcome: string;
		before: string | null;
		after: string | null;
		detail: string;
	}[];
	return rows.map((e) => ({
		outcome: e.outcome,
		before: e.before && JSON.parse(e.before),
		after: e.after && JSON.parse(e.after),
		detail: e.detail
	}));
}
