/**
 * The coordinator's review of partners' returns (issue 6): the queue of returns waiting, and the
 * approve / return / reopen transitions. Each transition is one transaction that re-reads the
 * submission, asks core/review.ts whether it may happen (including whether the reviewer saw the
 * latest version), and stores the new status, a submission_events row and an audit entry
 * together. A refusal stores nothing but its audit entry.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';

import type { SubmissionStatus } from '../core/framework.js';
import type { HistoryFigure } from '../core/review-figures.js';
import { decideReview, type ReviewAction, type ReviewDecision } from '../core/review.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import { figures, partners, submissionEvents, submissions } from './schema.js';
import { submissionOf } from './submissions.js';

export interface ReviewActor {
	userId: number | null;
	label: string;
	ip: string;
}

export interface ReviewCommand {
	partnerId: number;
	year: number;
	quarter: number;
	action: ReviewAction;
	reason: string;
	seenVersion: number;
	actor: ReviewActor;
	/** For the messages: the partner's name and the quarter's label. */
	partnerName: string;
	quarterLabel: string;
}

export type ReviewResult =
	| { ok: true; from: SubmissionStatus; to: SubmissionStatus; version: number }
	| Extract<ReviewDecision, { ok: false }>;

export interface QueueRow {
	partnerId: number;
	partnerCode: string;
	partnerName: string;
	year: number;
	quarter: number;
	status: SubmissionStatus;
	firstSubmittedAt: string | null;
	lastSubmittedAt: string | null;
	version: number;
}

export function createReviewRepository(db: Db, now: () => Date) {
	function findOne(partnerId: number, year: number, quarter: number) {
		const [row] = db
			.select()
			.from(submissions)
			.where(submissionOf(partnerId, year, quarter))
			.all();
		return row ?? null;
	}

	function act(command: ReviewCommand): ReviewResult {
		return db.transaction((tx) => {
			const current = findOne(command.partnerId, command.year, command.quarter);
			const decision = decideReview({
				action: command.action,
				current: current && { status: current.status, version: current.version },
				seenVersion: command.seenVersion,
				reason: command.reason,
				partnerName: command.partnerName,
				quarterLabel: command.quarterLabel
			});
			const audit = {
				actorUserId: command.actor.userId,
				actorLabel: command.actor.label,
				ip: command.actor.ip,
				action: `submission.${command.action}`,
				entityType: 'submission',
				entityId: current?.id,
				partnerId: command.partnerId
			};
			if (!decision.ok) {
				appendAudit(tx, {
					...audit,
					outcome: 'refused',
					before: current && { status: current.status, version: current.version },
					after: { year: command.year, quarter: command.quarter, seenVersion: command.seenVersion },
					detail: decision.message
				});
				return decision;
			}
			const at = now().toISOString();
			const version = current!.version + 1;
			// The version in the where clause as well: a second writer between read and update
			// (impossible inside one SQLite transaction today) would update nothing, never both win.
			const updated = tx
				.update(submissions)
				.set({
					status: decision.to,
					reason: decision.reason,
					reviewedAt: at,
					reviewedByUserId: command.actor.userId,
					version,
					updatedAt: at
				})
				.where(and(eq(submissions.id, current!.id), eq(submissions.version, current!.version)))
				.run();
			if (updated.changes !== 1) throw new Error('The submission changed during its review.');
			tx.insert(submissionEvents)
				.values({
					submissionId: current!.id,
					fromStatus: decision.from,
					toStatus: decision.to,
					reason: decision.reason,
					actorUserId: command.actor.userId,
					actorLabel: command.actor.label,
					at
				})
				.run();
			appendAudit(tx, {
				...audit,
				before: { status: decision.from, version: current!.version },
				after: {
					status: decision.to,
					version,
					year: command.year,
					quarter: command.quarter,
					reason: decision.reason
				}
			});
			return { ok: true as const, from: decision.from, to: decision.to, version };
		});
	}

	/**
	 * Returns in these statuses (by default those waiting for review), newest quarter first and,
	 * within a quarter, the most recently sent first; of one quarter when given.
	 */
	function queue(
		period: { year: number; quarter: number } | null,
		statuses: SubmissionStatus[] = ['submitted']
	): QueueRow[] {
		const where = [inArray(submissions.status, statuses)];
		if (period)
			where.push(eq(submissions.year, period.year), eq(submissions.quarter, period.quarter));
		return db
			.select({
				partnerId: submissions.partnerId,
				partnerCode: partners.code,
				partnerName: partners.name,
				year: submissions.year,
				quarter: submissions.quarter,
				status: submissions.status,
				firstSubmittedAt: submissions.firstSubmittedAt,
				lastSubmittedAt: submissions.lastSubmittedAt,
				version: submissions.version
			})
			.from(submissions)
			.innerJoin(partners, eq(partners.id, submissions.partnerId))
			.where(and(...where))
			.orderBy(
				desc(submissions.year),
				desc(submissions.quarter),
				desc(sql`coalesce(${submissions.lastSubmittedAt}, '')`),
				partners.name
			)
			.all();
	}

	/** One partner's current figures from `from` to `to`, both included: the outlier history. */
	function historyOf(
		partnerId: number,
		from: { year: number; quarter: number },
		to: { year: number; quarter: number }
	): HistoryFigure[] {
		return db
			.select({
				metricId: figures.metricId,
				areaCode: figures.areaCode,
				year: figures.year,
				quarter: figures.quarter,
				kind: figures.kind,
				value: figures.value
			})
			.from(figures)
			.where(
				and(
					eq(figures.partnerId, partnerId),
					sql`(${figures.year}, ${figures.quarter}) >= (${from.year}, ${from.quarter})`,
					sql`(${figures.year}, ${figures.quarter}) <= (${to.year}, ${to.quarter})`
				)
			)
			.all();
	}

	return { findOne, act, queue, historyOf };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;
