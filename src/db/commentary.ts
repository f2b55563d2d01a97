/**
 * The coordinator's commentary per priority per quarter. Every save is a new row (nothing is
 * updated or deleted), so the latest row is the commentary and the older rows are its history.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';

import type { Period } from '../core/periods.js';
import { appendAudit, type AuditEntry } from './audit.js';
import type { Db } from './client.js';
import { commentary, figures, users } from './schema.js';

export interface CommentaryVersion {
	id: number;
	priorityId: number;
	body: string;
	createdAt: string;
	author: string;
}

/** A partner's comment on one of its current figures, for the coordinator to quote. */
export interface PartnerComment {
	metricId: number;
	partnerId: number;
	areaCode: string;
	comment: string;
}

export function createCommentaryQueries(db: Db) {
	const columns = {
		id: commentary.id,
		priorityId: commentary.priorityId,
		body: commentary.body,
		createdAt: commentary.createdAt,
		author: users.email
	};

	/** Every version for a priority and quarter, newest first; the first is the current one. */
	function findVersions(priorityId: number, period: Period): CommentaryVersion[] {
		return db
			.select(columns)
			.from(commentary)
			.leftJoin(users, eq(users.id, commentary.authorUserId))
			.where(
				and(
					eq(commentary.priorityId, priorityId),
					eq(commentary.year, period.year),
					eq(commentary.quarter, period.quarter)
				)
			)
			.orderBy(desc(commentary.id))
			.all()
			.map((r) => ({ ...r, author: r.author ?? 'the command line' }));
	}

	/** The current commentary of every priority that has one for the quarter, by priority id. */
	function findLatestForPeriod(period: Period): Map<number, CommentaryVersion> {
		const rows = db
			.select(columns)
			.from(commentary)
			.leftJoin(users, eq(users.id, commentary.authorUserId))
			.where(and(eq(commentary.year, period.year), eq(commentary.quarter, period.quarter)))
			.orderBy(desc(commentary.id))
			.all();
		const latest = new Map<number, CommentaryVersion>();
		for (const r of rows)
			if (!latest.has(r.priorityId))
				latest.set(r.priorityId, { ...r, author: r.author ?? 'the command line' });
		return latest;
	}

	/** Saves a new version and audits it in the same transaction. */
	function create(
		input: { priorityId: number; period: Period; body: string; authorUserId: number | null },
		audit: Omit<AuditEntry, 'action' | 'entityType' | 'entityId' | 'after'>
	): number {
		return db.transaction((tx) => {
			const [row] = tx
				.insert(commentary)
				.values({
					priorityId: input.priorityId,
					year: input.period.year,
					quarter: input.period.quarter,
					body: input.body,
					authorUserId: input.authorUserId
				})
				.returning({ id: commentary.id })
				.all();
			appendAudit(tx, {
				...audit,
				action: 'commentary.save',
				entityType: 'commentary',
				entityId: row!.id,
				after: {
					priorityId: input.priorityId,
					year: input.period.year,
					quarter: input.period.quarter,
					body: input.body
				}
			});
			return row!.id;
		});
	}

	/** The non-empty comments on the current figures of `metricIds` for the quarter. */
	function findPartnerComments(metricIds: number[], period: Period): PartnerComment[] {
		if (metricIds.length === 0) return [];
		return db
			.select({
				metricId: figures.metricId,
				partnerId: figures.partnerId,
				areaCode: figures.areaCode,
				comment: figures.comment
			})
			.from(figures)
			.where(
				and(
					inArray(figures.metricId, metricIds),
					eq(figures.year, period.year),
					eq(figures.quarter, period.quarter),
					ne(figures.comment, '')
				)
			)
			.orderBy(asc(figures.metricId), asc(figures.partnerId), asc(figures.areaCode))
			.all();
	}

	return { findVersions, findLatestForPeriod, findPartnerComments, create };
}

export type CommentaryQueries = ReturnType<typeof createCommentaryQueries>;
