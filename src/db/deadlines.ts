/**
 * Quarter deadlines the coordinator has set (quarter_deadlines). A quarter without a row keeps
 * the default (core/periods.ts defaultDeadline); core/completeness.ts applies the choice.
 */
import type { DeadlineOverrides } from '../core/completeness.js';
import { deadlineKey } from '../core/completeness.js';
import { sql } from 'drizzle-orm';

import type { Period } from '../core/periods.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import { quarterDeadlines } from './schema.js';

export function createDeadlineQueries(db: Db) {
	/** Every deadline the coordinator set, keyed by `deadlineKey`. */
	function overrides(): DeadlineOverrides {
		const rows = db.select().from(quarterDeadlines).all();
		return new Map(rows.map((r) => [deadlineKey(r), r.deadline]));
	}

	/** Sets a quarter's deadline (a checked UK date, YYYY-MM-DD), or back to the default with null. */
	function setDeadline(
		period: Period,
		deadline: string | null,
		actor: { userId: number | null; label: string; ip: string }
	): void {
		db.transaction((tx) => {
			const before = overrides().get(deadlineKey(period)) ?? null;
			tx.delete(quarterDeadlines)
				.where(
					sql`${quarterDeadlines.year} = ${period.year} and ${quarterDeadlines.quarter} = ${period.quarter}`
				)
				.run();
			if (deadline !== null)
				tx.insert(quarterDeadlines)
					.values({ year: period.year, quarter: period.quarter, deadline })
					.run();
			appendAudit(tx, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'deadline.set',
				entityType: 'quarter',
				entityId: `${period.year}-q${period.quarter}`,
				before: { deadline: before },
				after: { deadline }
			});
		});
	}

	return { overrides, setDeadline };
}

export type DeadlineQueries = ReturnType<typeof createDeadlineQueries>;
