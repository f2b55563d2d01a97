/**
 * Issued board reports: each is the report's whole data frozen as JSON when the coordinator
 * issued it. Rows are only ever inserted, so an issued report reopens exactly as it was.
 */
import { and, desc, eq } from 'drizzle-orm';

import type { Period } from '../core/periods.js';
import { appendAudit, type AuditEntry } from './audit.js';
import type { Db } from './client.js';
import { boardReports, users } from './schema.js';

export interface IssuedReportRow {
	id: number;
	year: number;
	quarter: number;
	issuedAt: string;
	issuedBy: string;
}

export interface IssuedReport extends IssuedReportRow {
	snapshot: unknown;
}

export function createBoardReportQueries(db: Db) {
	const columns = {
		id: boardReports.id,
		year: boardReports.year,
		quarter: boardReports.quarter,
		issuedAt: boardReports.issuedAt,
		issuedBy: users.email
	};
	const withIssuer = <T extends { issuedBy: string | null }>(r: T) => ({
		...r,
		issuedBy: r.issuedBy ?? 'the command line'
	});

	/** Every issued report, newest first. */
	function list(): IssuedReportRow[] {
		return db
			.select(columns)
			.from(boardReports)
			.leftJoin(users, eq(users.id, boardReports.issuedByUserId))
			.orderBy(desc(boardReports.id))
			.all()
			.map(withIssuer);
	}

	/** The reports issued for one quarter, newest first. */
	function listForPeriod(period: Period): IssuedReportRow[] {
		return db
			.select(columns)
			.from(boardReports)
			.leftJoin(users, eq(users.id, boardReports.issuedByUserId))
			.where(and(eq(boardReports.year, period.year), eq(boardReports.quarter, period.quarter)))
			.orderBy(desc(boardReports.id))
			.all()
			.map(withIssuer);
	}

	function findById(id: number): IssuedReport | null {
		const [row] = db
			.select({ ...columns, snapshot: boardReports.snapshot })
			.from(boardReports)
			.leftJoin(users, eq(users.id, boardReports.issuedByUserId))
			.where(eq(boardReports.id, id))
			.all();
		return row ? withIssuer(row) : null;
	}

	/** Freezes a report and audits the issue in the same transaction. */
	function issue(
		input: { period: Period; snapshot: unknown; issuedByUserId: number | null; issuedAt: string },
		audit: Omit<AuditEntry, 'action' | 'entityType' | 'entityId'>
	): number {
		return db.transaction((tx) => {
			const [row] = tx
				.insert(boardReports)
				.values({
					year: input.period.year,
					quarter: input.period.quarter,
					issuedByUserId: input.issuedByUserId,
					issuedAt: input.issuedAt,
					snapshot: input.snapshot
				})
				.returning({ id: boardReports.id })
				.all();
			appendAudit(tx, {
				...audit,
				action: 'board-report.issue',
				entityType: 'board_report',
				entityId: row!.id
			});
			return row!.id;
		});
	}

	return { list, listForPeriod, findById, issue };
}

export type BoardReportQueries = ReturnType<typeof createBoardReportQueries>;
