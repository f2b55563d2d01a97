/** Users, their sessions and their one-time set-password links. */
import { and, asc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';

import type { Role } from '../core/framework.js';
import type { Db } from './client.js';
import { noteBookkeepingChanges } from './data-version.js';
import { partners, passwordLinks, sessions, users } from './schema.js';

export interface User {
	id: number;
	email: string;
	displayName: string;
	role: Role;
	partnerId: number | null;
	partnerCode: string | null;
	partnerName: string | null;
	disabledAt: string | null;
	lastSignInAt: string | null;
	hasPassword: boolean;
	createdAt: string;
}

const userColumns = {
	id: users.id,
	email: users.email,
	displayName: users.displayName,
	role: users.role,
	partnerId: users.partnerId,
	partnerCode: partners.code,
	partnerName: partners.name,
	disabledAt: users.disabledAt,
	lastSignInAt: users.lastSignInAt,
	passwordHash: users.passwordHash,
	createdAt: users.createdAt
};

type UserRow = { [K in keyof typeof userColumns]: unknown } & Record<string, unknown>;

function toUser(row: UserRow): User {
	const { passwordHash, ...rest } = row as unknown as User & { passwordHash: string | null };
	return { ...rest, hasPassword: passwordHash !== null };
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export function createUsersRepository(db: Db) {
	const selectUsers = () =>
		db.select(userColumns).from(users).leftJoin(partners, eq(users.partnerId, partners.id));
	// Every request looks up its session and its user: built and prepared once, on first use (so
	// creating the repository never needs the file), not through the query builder each time.
	const prepareFindById = () =>
		selectUsers()
			.where(eq(users.id, sql.placeholder('id')))
			.prepare();
	const prepareFindSession = () =>
		db
			.select()
			.from(sessions)
			.where(eq(sessions.idHash, sql.placeholder('idHash')))
			.prepare();
	let findByIdQuery: ReturnType<typeof prepareFindById> | undefined;
	let findSessionQuery: ReturnType<typeof prepareFindSession> | undefined;

	return {
		list(): User[] {
			return selectUsers().orderBy(asc(users.email)).all().map(toUser);
		},
		findById(id: number): User | null {
			findByIdQuery ??= prepareFindById();
			const [row] = findByIdQuery.all({ id });
			return row ? toUser(row) : null;
		},
		findByEmail(email: string): User | null {
			const [row] = selectUsers()
				.where(eq(users.email, normaliseEmail(email)))
				.all();
			return row ? toUser(row) : null;
		},
		/** The stored hash, for sign-in only; it never leaves the auth module. */
		findPasswordHash(id: number): string | null {
			const [row] = db
				.select({ hash: users.passwordHash })
				.from(users)
				.where(eq(users.id, id))
				.all();
			return row?.hash ?? null;
		},
		create(input: {
			email: string;
			displayName: string;
			role: Role;
			partnerId: number | null;
		}): User {
			const [row] = db
				.insert(users)
				.values({ ...input, email: normaliseEmail(input.email) })
				.returning({ id: users.id })
				.all();
			return this.findById(row!.id)!;
		},
		update(
			id: number,
			changes: Partial<{
				displayName: string;
				role: Role;
				partnerId: number | null;
				disabledAt: string | null;
			}>
		): void {
			db.update(users).set(changes).where(eq(users.id, id)).run();
		},
		/** Null clears it: the user cannot sign in until they set a new one. */
		setPasswordHash(id: number, hash: string | null): void {
			db.update(users).set({ passwordHash: hash }).where(eq(users.id, id)).run();
		},
		recordSignIn(id: number, at: string): void {
			db.update(users).set({ lastSignInAt: at }).where(eq(users.id, id)).run();
		},

		createSession(input: {
			idHash: string;
			userId: number;
			at: string;
			expiresAt: string;
			ip: string;
			userAgent: string;
		}): void {
			db.insert(sessions)
				.values({
					idHash: input.idHash,
					userId: input.userId,
					createdAt: input.at,
					lastSeenAt: input.at,
					expiresAt: input.expiresAt,
					ip: input.ip,
					userAgent: input.userAgent.slice(0, 300)
				})
				.run();
		},
		findSession(idHash: string) {
			findSessionQuery ??= prepareFindSession();
			const [row] = findSessionQuery.all({ idHash });
			return row ?? null;
		},
		touchSession(idHash: string, at: string): void {
			const { changes } = db
				.update(sessions)
				.set({ lastSeenAt: at })
				.where(eq(sessions.idHash, idHash))
				.run();
			noteBookkeepingChanges(db, changes);
		},
		deleteSession(idHash: string): void {
			db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
		},
		deleteSessionsOf(userId: number): void {
			db.delete(sessions).where(eq(sessions.userId, userId)).run();
		},
		deleteExpiredSessions(now: string): void {
			db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
		},

		createPasswordLink(input: {
			userId: number;
			tokenHash: string;
			expiresAt: string;
			createdByUserId: number | null;
		}): void {
			// A new link replaces any earlier unused one, so only the latest link works.
			db.update(passwordLinks)
				.set({ usedAt: new Date(0).toISOString() })
				.where(and(eq(passwordLinks.userId, input.userId), isNull(passwordLinks.usedAt)))
				.run();
			db.insert(passwordLinks).values(input).run();
		},
		/** The link if it exists, is unused and has not expired. */
		findUsablePasswordLink(tokenHash: string, now: string) {
			const [row] = db
				.select()
				.from(passwordLinks)
				.where(
					and(
						eq(passwordLinks.tokenHash, tokenHash),
						isNull(passwordLinks.usedAt),
						gt(passwordLinks.expiresAt, now)
					)
				)
				.all();
			return row ?? null;
		},
		findPasswordLink(tokenHash: string) {
			const [row] = db
				.select()
				.from(passwordLinks)
				.where(eq(passwordLinks.tokenHash, tokenHash))
				.all();
			return row ?? null;
		},
		markPasswordLinkUsed(id: number, at: string): boolean {
			const result = db
				.update(passwordLinks)
				.set({ usedAt: at })
				.where(and(eq(passwordLinks.id, id), or(isNull(passwordLinks.usedAt))))
				.run();
			return result.changes === 1;
		}
	};
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
