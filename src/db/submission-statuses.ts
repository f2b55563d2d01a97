/** Where each partner's return for a quarter stands, read in bulk for the values export. */
import { and, eq } from 'drizzle-orm';

import type { SubmissionStatus } from '../core/framework.js';
import type { Db } from './client.js';
import { submissions } from './schema.js';

/** `partnerId|year|quarter`, the key of `findStatuses`. */
export const submissionKey = (partnerId: number, year: number, quarter: number) =>
	`${partnerId}|${year}|${quarter}`;

export function createSubmissionStatuses(db: Db) {
	/**
	 * Every submission's status matching the filter, by `submissionKey`: at most one per partner
	 * and quarter, so small whatever the number of figures.
	 */
	function findStatuses(filter: {
		year?: number;
		quarter?: number;
		partnerId?: number;
	}): Map<string, SubmissionStatus> {
		const rows = db
			.select({
				partnerId: submissions.partnerId,
				year: submissions.year,
				quarter: submissions.quarter,
				status: submissions.status
			})
			.from(submissions)
			.where(
				and(
					filter.year === undefined ? undefined : eq(submissions.year, filter.year),
					filter.quarter === undefined ? undefined : eq(submissions.quarter, filter.quarter),
					filter.partnerId === undefined ? undefined : eq(submissions.partnerId, filter.partnerId)
				)
			)
			.all();
		return new Map(rows.map((r) => [submissionKey(r.partnerId, r.year, r.quarter), r.status]));
	}

	return { findStatuses };
}
