/**
 * Reading the audit log for the coordinator's audit page. Read only: the log is appended to by
 * db/audit.ts and nothing in the app updates or deletes it (migration triggers refuse both).
 */
import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';

import type { AuditOutcome } from '../core/audit.js';
import type { Db } from './client.js';
import { auditLog, partners } from './schema.js';

export interface AuditFilters {
	/** Exact action name, e.g. `auth.sign-in`. */
	action?: string;
	outcome?: AuditOutcome;
	/** Part of the actor's label (an email address, "command line", "API token st_ab…"). */
	actor?: string;
	/** Entries at or after this UTC timestamp (ISO 8601). */
	fromAt?: string;
	/** Entries before this UTC timestamp (ISO 8601). */
	toAt?: string;
}

export interface AuditLogEntry {
	id: number;
	/** UTC, ISO 8601. */
	at: string;
	actorUserId: number | null;
	actorLabel: string;
	ip: string;
	action: string;
	outcome: AuditOutcome;
	entityType: string | null;
	entityId: string | null;
	partnerCode: string | null;
	before: unknown;
	after: unknown;
	detail: string;
}

export interface AuditPage {
	entries: AuditLogEntry[];
	/** How many entries match the filters, on every page. */
	total: number;
	/** 1-based; clamped to the last page when asked for one beyond it. */
	page: number;
	pageCount: number;
}

/** `%` and `_` typed by the coordinator are literal characters, not wildcards. */
function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createAuditQueries(db: Db) {
	function where(filters: AuditFilters): SQL | undefined {
		const conditions: SQL[] = [];
		if (filters.action) conditions.push(eq(auditLog.action, filters.action));
		if (filters.outcome) conditions.push(eq(auditLog.outcome, filters.outcome));
		if (filters.actor?.trim())
			// SQLite's LIKE ignores case for ASCII letters, which is what an email search wants.
			conditions.push(
				sql`${auditLog.actorLabel} LIKE ${containsPattern(filters.actor.trim())} ESCAPE '\\'`
			);
		if (filters.fromAt) conditions.push(gte(auditLog.at, filters.fromAt));
		if (filters.toAt) conditions.push(lt(auditLog.at, filters.toAt));
		return conditions.length ? and(...conditions) : undefined;
	}

	return {
		/** Newest first, `pageSize` a page. */
		paginate(filters: AuditFilters, options: { page: number; pageSize: number }): AuditPage {
			const condition = where(filters);
			const [counted] = db.select({ total: count() }).from(auditLog).where(condition).all();
			const total = counted?.total ?? 0;
			const pageCount = Math.max(1, Math.ceil(total / options.pageSize));
			const page = Math.min(Math.max(1, Math.floor(options.page)), pageCount);
			const rows = db
				.select({
					id: auditLog.id,
					at: auditLog.at,
					actorUserId: auditLog.actorUserId,
					actorLabel: auditLog.actorLabel,
					ip: auditLog.ip,
					action: auditLog.action,
					outcome: auditLog.outcome,
					entityType: auditLog.entityType,
					entityId: auditLog.entityId,
					partnerCode: partners.code,
					before: auditLog.before,
					after: auditLog.after,
					detail: auditLog.detail
				})
				.from(auditLog)
				.leftJoin(partners, eq(auditLog.partnerId, partners.id))
				.where(condition)
				.orderBy(desc(auditLog.at), desc(auditLog.id))
				.limit(options.pageSize)
				.offset((page - 1) * options.pageSize)
				.all();
			return { entries: rows, total, page, pageCount };
		},

		/** Every action that has been recorded, for the filter's list. */
		distinctActions(): string[] {
			return db
				.selectDistinct({ action: auditLog.action })
				.from(auditLog)
				.orderBy(auditLog.action)
				.all()
				.map((r) => r.action);
		}
	};
}

export type AuditQueries = ReturnType<typeof createAuditQueries>;
