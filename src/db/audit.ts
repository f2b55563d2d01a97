import { auditLog } from './schema.js';
import type { Db } from './client.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface AuditEntry {
	actorUserId?: number | null;
	/** Who, in words: an email address, "API token st_ab12…", "submission link 7", "system". */
	actorLabel: string;
	ip?: string;
	action: string;
	outcome?: 'success' | 'failure' | 'refused';
	entityType?: string;
	entityId?: string | number;
	partnerId?: number | null;
	before?: unknown;
	after?: unknown;
	detail?: string;
}

/** Appends one entry; pass the transaction when the entry belongs to a write. */
export function appendAudit(db: Db | Tx, entry: AuditEntry): void {
	db.insert(auditLog)
		.values({
			actorUserId: entry.actorUserId ?? null,
			actorLabel: entry.actorLabel,
			ip: entry.ip ?? '',
			action: entry.action,
			outcome: entry.outcome ?? 'success',
			entityType: entry.entityType ?? null,
			entityId: entry.entityId === undefined ? null : String(entry.entityId),
			partnerId: entry.partnerId ?? null,
			before: entry.before ?? null,
			after: entry.after ?? null,
			detail: entry.detail ?? ''
		})
		.run();
}
