/**
 * Sign-in, sessions, set-password links, API tokens and submission links (OWASP ASVS level 2,
 * chapters 6 and 7). Used by the SvelteKit pages, the Fastify API and the CLI alike, so every
 * door follows the same rules and writes the same audit entries.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';

import type { Principal } from '../core/access.js';
import type { Role } from '../core/framework.js';
import { formatPeriodLabel, type Period } from '../core/periods.js';
import { appendAudit } from '../db/audit.js';
import type { Db } from '../db/client.js';
import { createCredentialsRepository } from '../db/credentials.js';
import { createUsersRepository, normaliseEmail, type User } from '../db/users.js';
import { checkNewPassword, decoyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { generateSecret, hashSecret } from './secrets.js';
import {
	createFailureCounter,
	failedSignInDelayMs,
	realSleep,
	type Sleep
} from './sign-in-delay.js';

export interface AuthSettings {
	/** A session unused for this long ends (default 8 hours). */
	idleTimeoutMs: number;
	/** A session ends this long after sign-in, however active (default 12 hours). */
	absoluteTimeoutMs: number;
	/** How long a set-password link works (default 72 hours). */
	passwordLinkTtlMs: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
	idleTimeoutMs: 8 * 3_600_000,
	absoluteTimeoutMs: 12 * 3_600_000,
	passwordLinkTtlMs: 72 * 3_600_000
};

export interface AuthServiceOptions {
	/**
	 * How signIn waits out the progressive delay after failed attempts (default: a real timer).
	 * Tests hand in one that returns at once, or records what it was asked to wait.
	 */
	sleep?: Sleep;
}

export interface RequestContext {
	ip: string;
	userAgent?: string;
}

export type SignInResult =
	| { ok: true; sessionToken: string; user: User }
	| { ok: false; reason: 'invalid' | 'throttled'; retryAfterSeconds?: number };

/** The one message for every failed sign-in, so it never reveals whether an email exists. */
export const SIGN_IN_FAILED =
	'The email address or password is not right. Check them and try again.';

export const API_TOKEN_PREFIX = 'st_';

const ACCOUNT_BLOCK_SECONDS = 300;
const ADDRESS_BLOCK_SECONDS = 600;

/**
 * Counts one failure, and starts the block as soon as the last point is used. Left to itself the
 * limiter blocks only on the consume after that, which a throttled attempt never makes, so the
 * person was told to wait out the rest of the window (about a minute) while the block, had it
 * started, would last five.
 */
async function consumeOrBlock(
	limiter: RateLimiterMemory,
	key: string,
	blockSeconds: number
): Promise<void> {
	try {
		const result = await limiter.consume(key);
		if (result.remainingPoints <= 0) await limiter.block(key, blockSeconds);
	} catch (error) {
		// A rejection is the limiter's answer that the key is already blocked: nothing more to do.
		if (error instanceof Error) throw error;
	}
}

export function createAuthService(
	db: Db,
	now: () => Date,
	settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
	options: AuthServiceOptions = {}
) {
	const sleep = options.sleep ?? realSleep;
	const users = createUsersRepository(db);
	const credentials = createCredentialsRepository(db);
	// Five failures a minute for one account, or twenty in ten minutes from one address, and
	// sign-in is refused for a while: brute force and credential stuffing both stall.
	const accountLimiter = new RateLimiterMemory({
		points: 5,
		duration: 60,
		blockDuration: ACCOUNT_BLOCK_SECONDS
	});
	const addressLimiter = new RateLimiterMemory({
		points: 20,
		duration: 600,
		blockDuration: ADDRESS_BLOCK_SECONDS
	});
	// Below those limits, each failure in a row for an account or from an address makes the next
	// attempt wait longer (see sign-in-delay.ts). A successful sign-in starts the account afresh but
	// not the address: otherwise one valid account would reset the delay between guesses at others.
	const accountFailures = createFailureCounter(now);
	const addressFailures = createFailureCounter(now);

	const iso = (offsetMs = 0) => new Date(now().getTime() + offsetMs).toISOString();

	async function isThrottled(email: string, ip: string): Promise<number | null> {
		const [account, address] = await Promise.all([
			accountLimiter.get(email),
			addressLimiter.get(ip)
		]);
		const blocked = [account, address].filter((r) => r && r.remainingPoints <= 0);
		if (blocked.length === 0) return null;
		return Math.max(...blocked.map((r) => Math.ceil((r?.msBeforeNext ?? 60_000) / 1000)));
	}

	async function recordFailure(email: string, ip: string): Promise<void> {
		accountFailures.add(email);
		addressFailures.add(ip);
		await Promise.all([
			consumeOrBlock(accountLimiter, email, ACCOUNT_BLOCK_SECONDS),
			consumeOrBlock(addressLimiter, ip, ADDRESS_BLOCK_SECONDS)
		]);
	}

	async function signIn(
		emailInput: string,
		password: string,
		ctx: RequestContext
	): Promise<SignInResult> {
		const email = normaliseEmail(emailInput);
		// Wait before anything else, whether the email exists or not, so the wait tells nothing; and
		// before the answer is known, so a client cannot give up early on what would be a failure.
		const delayMs = failedSignInDelayMs(
			Math.max(accountFailures.get(email), addressFailures.get(ctx.ip))
		);
		if (delayMs > 0) await sleep(delayMs);
		const retryAfter = await isThrottled(email, ctx.ip);
		if (retryAfter !== null) {
			appendAudit(db, {
				actorLabel: email,
				ip: ctx.ip,
				action: 'auth.sign-in',
				outcome: 'refused',
				detail: 'too many failed attempts'
			});
			return { ok: false, reason: 'throttled', retryAfterSeconds: retryAfter };
		}
		const user = users.findByEmail(email);
		const hash = user ? users.findPasswordHash(user.id) : null;
		// Always verify against something, so an unknown email takes as long as a wrong password.
		const matches = await verifyPassword(password, hash ?? (await decoyPasswordHash()));
		if (!user || !hash || !matches || user.disabledAt) {
			await recordFailure(email, ctx.ip);
			appendAudit(db, {
				actorUserId: user?.id ?? null,
				actorLabel: email,
				ip: ctx.ip,
				action: 'auth.sign-in',
				outcome: 'failure',
				detail: !user ? 'unknown email' : user.disabledAt ? 'account disabled' : 'wrong password'
			});
			return { ok: false, reason: 'invalid' };
		}
		await accountLimiter.delete(email);
		accountFailures.reset(email);
		const sessionToken = generateSecret();
		const at = iso();
		users.createSession({
			idHash: hashSecret(sessionToken),
			userId: user.id,
			at,
			expiresAt: iso(settings.absoluteTimeoutMs),
			ip: ctx.ip,
			userAgent: ctx.userAgent ?? ''
		});
		users.recordSignIn(user.id, at);
		appendAudit(db, {
			actorUserId: user.id,
			actorLabel: user.email,
			ip: ctx.ip,
			action: 'auth.sign-in'
		});
		return { ok: true, sessionToken, user: users.findById(user.id)! };
	}

	/** The signed-in user for a session cookie, or null when it is unknown, expired or disabled. */
	function resolveSession(
		sessionToken: string | undefined
	): { user: User; sessionHash: string } | null {
		if (!sessionToken) return null;
		const idHash = hashSecret(sessionToken);
		const session = users.findSession(idHash);
		if (!session) return null;
		const nowMs = now().getTime();
		const idleExpired = nowMs - new Date(session.lastSeenAt).getTime() > settings.idleTimeoutMs;
		if (idleExpired || nowMs >= new Date(session.expiresAt).getTime()) {
			users.deleteSession(idHash);
			return null;
		}
		const user = users.findById(session.userId);
		if (!user || user.disabledAt) {
			users.deleteSession(idHash);
			return null;
		}
		// Touch at most once a minute: every page view need not be a write.
		if (nowMs - new Date(session.lastSeenAt).getTime() > 60_000) users.touchSession(idHash, iso());
		return { user, sessionHash: idHash };
	}

	function signOut(sessionToken: string | undefined, ctx: RequestContext): void {
		const resolved = resolveSession(sessionToken);
		if (!resolved) return;
		users.deleteSession(resolved.sessionHash);
		appendAudit(db, {
			actorUserId: resolved.user.id,
			actorLabel: resolved.user.email,
			ip: ctx.ip,
			action: 'auth.sign-out'
		});
	}

	function principalForUser(user: User): Principal {
		return {
			kind: 'user',
			userId: user.id,
			role: user.role,
			partnerId: user.partnerId,
			label: user.email
		};
	}

	/** The partner principal for `Authorization: Bearer st_…`, or null when unknown or revoked. */
	function resolveApiToken(token: string | undefined, ctx: RequestContext): Principal | null {
		if (!token || !token.startsWith(API_TOKEN_PREFIX)) return null;
		const row = credentials.findActiveApiToken(hashSecret(token));
		if (!row) {
			appendAudit(db, {
				actorLabel: `API token ${token.slice(0, 9)}…`,
				ip: ctx.ip,
				action: 'auth.api-token',
				outcome: 'failure',
				detail: 'unknown or revoked token'
			});
			return null;
		}
		// At most once a minute, as for sessions: "last used" needs no finer grain, and every write
		// clears the dashboards' cache (services/data-cache.ts), which a polling script would defeat.
		if (!row.lastUsedAt || now().getTime() - new Date(row.lastUsedAt).getTime() > 60_000)
			credentials.touchApiToken(row.id, iso());
		return {
			kind: 'token',
			tokenId: row.id,
			partnerId: row.partnerId,
			label: `API token ${row.prefix}…`
		};
	}

	function resolveSubmissionLink(token: string | undefined): Principal | null {
		if (!token) return null;
		const row = credentials.findUsableSubmissionLink(hashSecret(token), iso());
		if (!row) return null;
		credentials.touchSubmissionLink(row.id, iso());
		return {
			kind: 'link',
			linkId: row.id,
			partnerId: row.partnerId,
			period: { year: row.year, quarter: row.quarter as Period['quarter'] },
			label: `submission link ${row.id}`
		};
	}

	interface Actor {
		userId: number | null;
		label: string;
		ip: string;
	}

	function createUser(
		input: { email: string; displayName?: string; role: Role; partnerId: number | null },
		actor: Actor
	): { user: User; setPasswordToken: string } {
		const email = normaliseEmail(input.email);
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
			throw new AuthInputError(
				'email',
				'Enter an email address in the right format, like name@example.org.'
			);
		if (users.findByEmail(email))
			throw new AuthInputError('email', `There is already a user with the email address ${email}.`);
		if (input.role === 'partner' && input.partnerId === null)
			throw new AuthInputError(
				'partner',
				'Choose the partner organisation this user submits figures for.'
			);
		if (input.role !== 'partner' && input.partnerId !== null)
			throw new AuthInputError(
				'partner',
				'Only partner users belong to a partner organisation. Choose no partner for this role.'
			);
		return db.transaction(() => {
			const user = users.create({
				email,
				displayName: input.displayName?.trim() ?? '',
				role: input.role,
				partnerId: input.partnerId
			});
			const setPasswordToken = issuePasswordLink(user.id, actor);
			appendAudit(db, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'user.create',
				entityType: 'user',
				entityId: user.id,
				partnerId: user.partnerId,
				after: { email: user.email, role: user.role, partner: user.partnerCode }
			});
			return { user, setPasswordToken };
		});
	}

	function issuePasswordLink(userId: number, actor: Actor): string {
		const token = generateSecret();
		users.createPasswordLink({
			userId,
			tokenHash: hashSecret(token),
			expiresAt: iso(settings.passwordLinkTtlMs),
			createdByUserId: actor.userId
		});
		return token;
	}

	/** Ends the user's sessions and issues a new set-password link; the old password stops working. */
	function resetAccess(userId: number, actor: Actor): string {
		return db.transaction(() => {
			const user = users.findById(userId);
			if (!user) throw new AuthInputError('user', 'That user does not exist.');
			users.deleteSessionsOf(userId);
			users.setPasswordHash(userId, null);
			const token = issuePasswordLink(userId, actor);
			appendAudit(db, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'user.reset-access',
				entityType: 'user',
				entityId: userId,
				partnerId: user.partnerId
			});
			return token;
		});
	}

	function updateUser(
		userId: number,
		changes: { displayName?: string; role?: Role; partnerId?: number | null; disabled?: boolean },
		actor: Actor
	): User {
		return db.transaction(() => {
			const before = users.findById(userId);
			if (!before) throw new AuthInputError('user', 'That user does not exist.');
			const role = changes.role ?? before.role;
			const partnerId = changes.partnerId !== undefined ? changes.partnerId : before.partnerId;
			if (role === 'partner' && partnerId === null)
				throw new AuthInputError(
					'partner',
					'Choose the partner organisation this user submits figures for.'
				);
			if (
				actor.userId === userId &&
				(changes.disabled || (changes.role && changes.role !== 'coordinator'))
			)
				throw new AuthInputError(
					'role',
					'You cannot disable your own account or remove your own coordinator role. Ask another coordinator.'
				);
			users.update(userId, {
				displayName: changes.displayName?.trim() ?? before.displayName,
				role,
				partnerId: role === 'partner' ? partnerId : null,
				disabledAt:
					changes.disabled === undefined
						? before.disabledAt
						: changes.disabled
							? (before.disabledAt ?? iso())
							: null
			});
			// A changed role or a disabled account takes effect at once: existing sessions end.
			if (changes.disabled || role !== before.role || partnerId !== before.partnerId)
				users.deleteSessionsOf(userId);
			const after = users.findById(userId)!;
			appendAudit(db, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'user.update',
				entityType: 'user',
				entityId: userId,
				partnerId: after.partnerId,
				before: {
					displayName: before.displayName,
					role: before.role,
					partner: before.partnerCode,
					disabled: before.disabledAt !== null
				},
				after: {
					displayName: after.displayName,
					role: after.role,
					partner: after.partnerCode,
					disabled: after.disabledAt !== null
				}
			});
			return after;
		});
	}

	/** Whether a set-password link can still be used, and for whom. */
	function checkPasswordLink(token: string): { user: User } | null {
		const link = users.findUsablePasswordLink(hashSecret(token), iso());
		if (!link) return null;
		const user = users.findById(link.userId);
		return user && !user.disabledAt ? { user } : null;
	}

	async function setPasswordWithLink(
		token: string,
		password: string,
		ctx: RequestContext
	): Promise<{ ok: true; user: User } | { ok: false; problems: string[]; linkInvalid?: boolean }> {
		const checked = checkPasswordLink(token);
		if (!checked) {
			appendAudit(db, {
				actorLabel: 'set-password link',
				ip: ctx.ip,
				action: 'auth.set-password',
				outcome: 'failure',
				detail: 'expired, used or unknown link'
			});
			return {
				ok: false,
				linkInvalid: true,
				problems: [
					'This link has expired or has already been used. Ask the partnership coordinator for a new one.'
				]
			};
		}
		const problems = checkNewPassword(password, { email: checked.user.email });
		if (problems.length) return { ok: false, problems };
		const hash = await hashPassword(password);
		const link = users.findUsablePasswordLink(hashSecret(token), iso());
		const done = db.transaction(() => {
			if (!link || !users.markPasswordLinkUsed(link.id, iso())) return false;
			users.setPasswordHash(checked.user.id, hash);
			users.deleteSessionsOf(checked.user.id);
			appendAudit(db, {
				actorUserId: checked.user.id,
				actorLabel: checked.user.email,
				ip: ctx.ip,
				action: 'auth.set-password'
			});
			return true;
		});
		if (!done)
			return {
				ok: false,
				linkInvalid: true,
				problems: [
					'This link has already been used. Ask the partnership coordinator for a new one.'
				]
			};
		return { ok: true, user: checked.user };
	}

	function createApiToken(
		input: { partnerId: number; name: string },
		actor: Actor
	): { token: string; id: number } {
		const token = generateSecret(API_TOKEN_PREFIX);
		return db.transaction(() => {
			const row = credentials.createApiToken({
				partnerId: input.partnerId,
				name: input.name.trim() || 'API token',
				tokenHash: hashSecret(token),
				prefix: token.slice(0, 9),
				createdByUserId: actor.userId
			});
			appendAudit(db, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'token.create',
				entityType: 'api-token',
				entityId: row.id,
				partnerId: input.partnerId,
				after: { name: row.name, prefix: row.prefix }
			});
			return { token, id: row.id };
		});
	}

	function revokeApiToken(id: number, actor: Actor): boolean {
		return db.transaction(() => {
			const row = credentials.findApiTokenById(id);
			if (!row || !credentials.revokeApiToken(id, iso())) return false;
			appendAudit(db, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'token.revoke',
				entityType: 'api-token',
				entityId: id,
				partnerId: row.partnerId
			});
			return true;
		});
	}

	function createSubmissionLink(
		input: { partnerId: number; period: Period; validForDays: number },
		actor: Actor
	): { token: string; id: number; expiresAt: string } {
		const token = generateSecret();
		return db.transaction(() => {
			const row = credentials.createSubmissionLink({
				partnerId: input.partnerId,
				year: input.period.year,
				quarter: input.period.quarter,
				tokenHash: hashSecret(token),
				expiresAt: iso(input.validForDays * 86_400_000),
				createdByUserId: actor.userId
			});
			appendAudit(db, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'link.create',
				entityType: 'submission-link',
				entityId: row.id,
				partnerId: input.partnerId,
				after: { period: formatPeriodLabel(input.period), expiresAt: row.expiresAt }
			});
			return { token, id: row.id, expiresAt: row.expiresAt };
		});
	}

	function revokeSubmissionLink(id: number, actor: Actor): boolean {
		return db.transaction(() => {
			if (!credentials.revokeSubmissionLink(id, iso())) return false;
			appendAudit(db, {
				actorUserId: actor.userId,
				actorLabel: actor.label,
				ip: actor.ip,
				action: 'link.revoke',
				entityType: 'submission-link',
				entityId: id
			});
			return true;
		});
	}

	return {
		users,
		credentials,
		signIn,
		signOut,
		resolveSession,
		resolveApiToken,
		resolveSubmissionLink,
		principalForUser,
		createUser,
		updateUser,
		resetAccess,
		checkPasswordLink,
		setPasswordWithLink,
		createApiToken,
		revokeApiToken,
		createSubmissionLink,
		revokeSubmissionLink
	};
}

export type AuthService = ReturnType<typeof createAuthService>;

/** A mistake in what a coordinator typed, tied to the form field it belongs to. */
export class AuthInputError extends Error {
	override name = 'AuthInputError';
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}
