/** API tokens and submission links: credentials that act for one partner without a user account. */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';

import type { Db } from './client.js';
import { noteBookkeepingChanges } from './data-version.js';
import { apiTokens, partners, submissionLinks } from './schema.js';

export function createCredentialsRepository(db: Db) {
	return {
		createApiToken(input: {
			partnerId: number;
			name: string;
			tokenHash: string;
			prefix: string;
			createdByUserId: number | null;
		}) {
			const [row] = db.insert(apiTokens).values(input).returning().all();
			return row!;
		},
		listApiTokens() {
			return db
				.select({
					id: apiTokens.id,
					name: apiTokens.name,
					prefix: apiTokens.prefix,
					partnerId: apiTokens.partnerId,
					partnerCode: partners.code,
					partnerName: partners.name,
					createdAt: apiTokens.createdAt,
					lastUsedAt: apiTokens.lastUsedAt,
					revokedAt: apiTokens.revokedAt
				})
				.from(apiTokens)
				.innerJoin(partners, eq(apiTokens.partnerId, partners.id))
				.orderBy(desc(apiTokens.createdAt))
				.all();
		},
		findActiveApiToken(tokenHash: string) {
			const [row] = db
				.select()
				.from(apiTokens)
				.where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
				.all();
			return row ?? null;
		},
		findApiTokenById(id: number) {
			const [row] = db.select().from(apiTokens).where(eq(apiTokens.id, id)).all();
			return row ?? null;
		},
		touchApiToken(id: number, at: string): void {
			const { changes } = db
				.update(apiTokens)
				.set({ lastUsedAt: at })
				.where(eq(apiTokens.id, id))
				.run();
			noteBookkeepingChanges(db, changes);
		},
		revokeApiToken(id: number, at: string): boolean {
			return (
				db
					.update(apiTokens)
					.set({ revokedAt: at })
					.where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
					.run().changes === 1
			);
		},

		createSubmissionLink(input: {
			partnerId: number;
			year: number;
			quarter: number;
			tokenHash: string;
			expiresAt: string;
			createdByUserId: number | null;
		}) {
			const [row] = db.insert(submissionLinks).values(input).returning().all();
			return row!;
		},
		listSubmissionLinks() {
			return db
				.select({
					id: submissionLinks.id,
					partnerId: submissionLinks.partnerId,
					partnerCode: partners.code,
					partnerName: partners.name,
					year: submissionLinks.year,
					quarter: submissionLinks.quarter,
					expiresAt: submissionLinks.expiresAt,
					revokedAt: submissionLinks.revokedAt,
					lastUsedAt: submissionLinks.lastUsedAt,
					createdAt: submissionLinks.createdAt
				})
				.from(submissionLinks)
				.innerJoin(partners, eq(submissionLinks.partnerId, partners.id))
				.orderBy(desc(submissionLinks.createdAt))
				.all();
		},
		findUsableSubmissionLink(tokenHash: string, now: string) {
			const [row] = db
				.select()
				.from(submissionLinks)
				.where(
					and(
						eq(submissionLinks.tokenHash, tokenHash),
						isNull(submissionLinks.revokedAt),
						gt(submissionLinks.expiresAt, now)
					)
				)
				.all();
			return row ?? null;
		},
		touchSubmissionLink(id: number, at: string): void {
			const { changes } = db
				.update(submissionLinks)
				.set({ lastUsedAt: at })
				.where(eq(submissionLinks.id, id))
				.run();
			noteBookkeepingChanges(db, changes);
		},
		revokeSubmissionLink(id: number, at: string): boolean {
			return (
				db
					.update(submissionLinks)
					.set({ revokedAt: at })
					.where(and(eq(submissionLinks.id, id), isNull(submissionLinks.revokedAt)))
					.run().changes === 1
			);
		}
	};
}

export type CredentialsRepository = ReturnType<typeof createCredentialsRepository>;
