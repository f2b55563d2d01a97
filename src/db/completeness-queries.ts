/**
 * The submissions behind the completeness view (DESIGN "Completeness"): every partner's
 * submission for a run of quarters, read in one query. Partners with no row for a quarter have
 * sent nothing for it; core/completeness.ts decides what that means.
 */
import { and, asc, sql } from 'drizzle-orm';

import type { CompletenessSubmission } from '../core/completeness.js';
import type { Period } from '../core/periods.js';
import type { Db } from './client.js';
import { submissions } from './schema.js';

export function createCompletenessQueries(db: Db) {
	/** Every partner's submission from `from` to `to`, both included, oldest quarter first. */
	function findSubmissionsBetween(from: Period, to: Period): CompletenessSubmission[] {
		// Row values compare (year, quarter) as a pair, in order, and can use the period index.
		return db
			.select({
				partnerId: submissions.partnerId,
				year: submissions.year,
				quarter: submissions.quarter,
				status: submissions.status,
				firstSubmittedAt: submissions.firstSubmittedAt,
				lastSubmittedAt: submissions.lastSubmittedAt,
				reason: submissions.reason
			})
			.from(submissions)
			.where(
				and(
					sql`(${submissions.year}, ${submissions.quarter}) >= (${from.year}, ${from.quarter})`,
					sql`(${submissions.year}, ${submissions.quarter}) <= (${to.year}, ${to.quarter})`
				)
			)
			.orderBy(asc(submissions.year), asc(submissions.quarter), asc(submissions.partnerId))
			.all();
	}

	return { findSubmissionsBetween };
}

export type CompletenessQueries = ReturnType<typeof createCompletenessQueries>;
