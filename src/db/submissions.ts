/** Reading submissions: where each partner's return for a quarter stands. */
import { and, eq } from 'drizzle-orm';

import type { Db } from './client.js';
import { submissions } from './schema.js';

/** The condition that picks one partner's return for one quarter (unique by schema). */
export function submissionOf(partnerId: number, year: number, quarter: number) {
	return and(
		eq(submissions.partnerId, partnerId),
		eq(submissions.year, year),
		eq(submissions.quarter, quarter)
	);
}

export function createSubmissionQueries(db: Db) {
	/** Quarters closed to a partner because the coordinator approved them (SPEC §5). */
	function isLocked(partnerId: number, year: number, quarter: number): boolean {
		const [row] = db
			.select({ status: submissions.status })
			.from(submissions)
			.where(submissionOf(partnerId, year, quarter))
			.all();
		return row?.status === 'approved';
	}

	/** Every approved partner-quarter, as `partnerId|year|quarter`, for checking a whole file. */
	function lockedKeys(): Set<string> {
		const rows = db
			.select({
				partnerId: submissions.partnerId,
				year: submissions.year,
				quarter: submissions.quarter
			})
			.from(submissions)
			.where(eq(submissions.status, 'approved'))
			.all();
		return new Set(rows.map((r) => `${r.partnerId}|${r.year}|${r.quarter}`));
	}

	return { isLocked, lockedKeys };
}

export type SubmissionQueries = ReturnType<typeof createSubmissionQueries>;
