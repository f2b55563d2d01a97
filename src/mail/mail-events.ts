/**
 * The events that send mail, each wrapped so its message is queued in the same transaction as
 * the event itself (edges.md: the transactional outbox). better-sqlite3 nests a transaction
 * inside another as a savepoint, so the wrapped function keeps its own transaction and the whole
 * commits or rolls back as one.
 */
import type { AuthService } from '../auth/auth-service.js';
import { deadlineFor, type DeadlineOverrides } from '../core/completeness.js';
import type { Framework } from '../core/framework.js';
import type { Period, QuarterNumber } from '../core/periods.js';
import type { BoardReportQueries } from '../db/board-reports.js';
import type { Db } from '../db/client.js';
import type { CommitResult, FiguresRepository, UploadMeta } from '../db/figures.js';
import type { ReviewRepository } from '../db/review.js';
import type { Notifier } from './notify.js';

export interface MailEventDeps {
	db: Db;
	notifier: Notifier;
	framework: () => Framework;
	origin: string;
	now: () => Date;
	deadlines: { overrides(): DeadlineOverrides };
	passwordLinkTtlMs: number;
}

type Actor = Parameters<AuthService['createUser']>[1];

/** Adding a user, or giving one a new set-password link, emails the link to them. */
export function withInvitations(auth: AuthService, deps: MailEventDeps) {
	const invite = (
		user: Parameters<Notifier['invitation']>[1],
		token: string,
		actor: Actor
	): void => {
		const expiresAt = new Date(deps.now().getTime() + deps.passwordLinkTtlMs).toISOString();
		deps.notifier.invitation(
			deps.framework(),
			user,
			`${deps.origin}/set-password/${token}`,
			expiresAt,
			actor
		);
	};
	return {
		...auth,
		createUser(...args: Parameters<AuthService['createUser']>) {
			return deps.db.transaction(() => {
				const created = auth.createUser(...args);
				invite(created.user, created.setPasswordToken, args[1]);
				return created;
			});
		},
		resetAccess(userId: number, actor: Actor) {
			return deps.db.transaction(() => {
				const token = auth.resetAccess(userId, actor);
				const user = auth.users.findById(userId)!;
				invite(user, token, actor);
				return token;
			});
		},
		/** A submission link, emailed to the partner's data contacts when `email` is set. */
		createSubmissionLink(
			input: Parameters<AuthService['createSubmissionLink']>[0] & { email?: boolean },
			actor: Actor
		) {
			return deps.db.transaction(() => {
				const created = auth.createSubmissionLink(input, actor);
				const queued = input.email
					? deps.notifier.submissionLink(
							deps.framework(),
							{
								linkId: created.id,
								partnerId: input.partnerId,
								period: input.period,
								deadline: deadlineFor(input.period, deps.deadlines.overrides()),
								url: `${deps.origin}/link/${created.token}`,
								expiresAt: created.expiresAt
							},
							actor
						)
					: 0;
				return { ...created, emailed: queued };
			});
		}
	};
}

/** Stored figures send a receipt to each partner whose quarter they belong to. */
export function withReceipts(figures: FiguresRepository, deps: MailEventDeps): FiguresRepository {
	return {
		...figures,
		commit(meta: UploadMeta, inputs): CommitResult {
			return deps.db.transaction(() => {
				const result = figures.commit(meta, inputs);
				if (result.uploadId === null) return result;
				const byQuarter = new Map<
					string,
					{ partnerId: number; period: Period; created: number; updated: number; unchanged: number }
				>();
				for (const { input, change } of result.planned) {
					const key = `${input.partnerId}|${input.year}|${input.quarter}`;
					let entry = byQuarter.get(key);
					if (!entry) {
						entry = {
							partnerId: input.partnerId,
							period: { year: input.year, quarter: input.quarter as QuarterNumber },
							created: 0,
							updated: 0,
							unchanged: 0
						};
						byQuarter.set(key, entry);
					}
					entry[change.type] += 1;
				}
				const fw = deps.framework();
				const actor = {
					userId: meta.uploadedByUserId,
					label: meta.actorLabel,
					ip: meta.ip
				};
				for (const entry of byQuarter.values())
					deps.notifier.receipt(
						fw,
						{
							partnerId: entry.partnerId,
							period: entry.period,
							uploadId: result.uploadId,
							counts: entry,
							at: meta.at ?? deps.now().toISOString()
						},
						actor
					);
				return result;
			});
		}
	};
}

/** A return sent back, or approved, tells the partner's data contacts. */
export function withReviewMail(review: ReviewRepository, deps: MailEventDeps): ReviewRepository {
	return {
		...review,
		act(command) {
			return deps.db.transaction(() => {
				const result = review.act(command);
				if (!result.ok || (result.to !== 'returned' && result.to !== 'approved')) return result;
				deps.notifier.reviewed(
					deps.framework(),
					{
						partnerId: command.partnerId,
						period: { year: command.year, quarter: command.quarter as QuarterNumber },
						outcome: result.to,
						reason: result.to === 'returned' ? command.reason : null,
						version: result.version
					},
					command.actor
				);
				return result;
			});
		}
	};
}

/** An issued board report tells every board member and the funder where to read it. */
export function withIssueMail(
	boardReports: BoardReportQueries,
	deps: MailEventDeps
): BoardReportQueries {
	return {
		...boardReports,
		issue(input, audit) {
			return deps.db.transaction(() => {
				const id = boardReports.issue(input, audit);
				deps.notifier.reportIssued(
					deps.framework(),
					{ period: input.period, reportId: id },
					{ userId: audit.actorUserId ?? null, label: audit.actorLabel, ip: audit.ip }
				);
				return id;
			});
		}
	};
}
