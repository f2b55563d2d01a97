/**
 * The bad inputs of issue 3, through the API and the auth service: each gets the right status
 * and a clear message, and leaves an audit entry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SIGN_IN_FAILED } from '../../src/auth/auth-service.js';
import { auditLog } from '../../src/db/schema.js';
import {
	buildTestApp,
	createTestApiToken,
	createTestUser,
	HOUR,
	MINUTE,
	signInAs,
	signedInUser,
	TEST_ACTOR,
	TEST_PASSWORD,
	testClock,
	type TestApp
} from '../helpers/build-app.js';

const SIGN_IN_REQUIRED = {
	error: {
		code: 'unauthenticated',
		message: 'Sign in, or send an API token in the Authorization header.'
	}
};
const TOKEN_NOT_VALID = {
	error: {
		code: 'unauthenticated',
		message:
			'The API token is not valid: it is mistyped, unknown or revoked. Ask the partnership coordinator for a new one.'
	}
};

let built: TestApp;
let clock: ReturnType<typeof testClock>;

beforeEach(async () => {
	clock = testClock();
	built = await buildTestApp({ seed: 'framework', clock: clock.now });
});

afterEach(async () => {
	await built.close();
});

const getFramework = (headers: Record<string, string>, remoteAddress?: string) =>
	built.app.inject({ url: '/api/v1/framework', headers, remoteAddress });

const audit = () => built.services.db.select().from(auditLog).all();
const lastAudit = (action: string) =>
	audit()
		.filter((e) => e.action === action)
		.at(-1);

describe('session cookies', () => {
	it('treats a forged or tampered cookie as no cookie: 401, audited', async () => {
		const { cookie, sessionToken } = await signedInUser(built.services, 'coordinator');
		const name = cookie.split('=')[0]!;
		const flipped = (sessionToken[0] === 'A' ? 'B' : 'A') + sessionToken.slice(1);
		for (const forged of [
			`${name}=${flipped}`,
			`${name}=${'A'.repeat(43)}`,
			`${name}=`,
			`${name}=${sessionToken}x`,
			`${name}=%00%3Cscript%3E`
		]) {
			const res = await getFramework({ cookie: forged });
			expect(res.statusCode, forged).toBe(401);
			expect(res.json()).toEqual(SIGN_IN_REQUIRED);
		}
		expect(lastAudit('access.api')).toMatchObject({
			actorLabel: 'anonymous',
			outcome: 'refused',
			detail: 'GET /api/v1/framework'
		});
		expect((await getFramework({ cookie })).statusCode).toBe(200);
	});

	it('refuses an expired session with 401', async () => {
		const { cookie } = await signedInUser(built.services, 'viewer');
		expect((await getFramework({ cookie })).statusCode).toBe(200);
		clock.advance(8 * HOUR + MINUTE);
		const res = await getFramework({ cookie });
		expect(res.statusCode).toBe(401);
		expect(res.json()).toEqual(SIGN_IN_REQUIRED);
		expect(lastAudit('access.api')?.outcome).toBe('refused');
	});

	it('refuses the existing session of a user disabled since, even if it was not ended', async () => {
		const viaService = await signedInUser(built.services, 'partner');
		built.services.auth.updateUser(viaService.user.id, { disabled: true }, TEST_ACTOR);
		expect((await getFramework({ cookie: viaService.cookie })).statusCode).toBe(401);

		// Straight in the database, so only resolveSession's own check stands in the way.
		const direct = await signedInUser(built.services, 'funder');
		built.services.auth.users.update(direct.user.id, { disabledAt: clock.now().toISOString() });
		const res = await getFramework({ cookie: direct.cookie });
		expect(res.statusCode).toBe(401);
		expect(res.json()).toEqual(SIGN_IN_REQUIRED);
		expect(lastAudit('user.update')).toMatchObject({ after: { disabled: true } });
	});

	it('refuses a signed-out session', async () => {
		const { cookie, sessionToken } = await signedInUser(built.services, 'viewer');
		built.services.auth.signOut(sessionToken, { ip: '127.0.0.1' });
		expect((await getFramework({ cookie })).statusCode).toBe(401);
	});
});

describe('API tokens', () => {
	it('refuses a revoked token with 401, even beside a good cookie, and audits its use', async () => {
		const { token, id, authorization } = createTestApiToken(built.services);
		expect((await getFramework({ authorization })).statusCode).toBe(200);
		expect(built.services.auth.revokeApiToken(id, TEST_ACTOR)).toBe(true);
		expect(lastAudit('token.revoke')).toMatchObject({ entityId: String(id) });

		const { cookie } = await signedInUser(built.services, 'coordinator');
		const res = await getFramework({ authorization, cookie });
		expect(res.statusCode).toBe(401);
		expect(res.headers['www-authenticate']).toBe('Bearer');
		expect(res.json()).toEqual(TOKEN_NOT_VALID);
		const entry = lastAudit('auth.api-token');
		expect(entry).toMatchObject({
			outcome: 'failure',
			detail: 'unknown or revoked token',
			actorLabel: `API token ${token.slice(0, 9)}…`
		});
		// Only a prefix of the secret is ever written down.
		expect(JSON.stringify(audit())).not.toContain(token);
	});

	it('refuses an unknown or mistyped token with 401', async () => {
		const { token } = createTestApiToken(built.services);
		for (const bad of [
			`st_${'x'.repeat(43)}`,
			token.slice(0, -1),
			`${token}x`,
			token.toUpperCase()
		]) {
			const res = await getFramework({ authorization: `Bearer ${bad}` });
			expect(res.statusCode).toBe(401);
			expect(res.json()).toEqual(TOKEN_NOT_VALID);
		}
	});

	it('records when a token was last used', async () => {
		const { id, authorization } = createTestApiToken(built.services);
		clock.advance(HOUR);
		await getFramework({ authorization });
		const row = built.services.auth.credentials.findApiTokenById(id);
		expect(row?.lastUsedAt).toBe(clock.now().toISOString());
	});

	it('records a token’s use at most once a minute, so polling does not write on every call', async () => {
		const { id, authorization } = createTestApiToken(built.services);
		await getFramework({ authorization });
		const first = built.services.auth.credentials.findApiTokenById(id)?.lastUsedAt;
		clock.advance(30_000);
		await getFramework({ authorization });
		expect(built.services.auth.credentials.findApiTokenById(id)?.lastUsedAt).toBe(first);
		clock.advance(31_000);
		await getFramework({ authorization });
		expect(built.services.auth.credentials.findApiTokenById(id)?.lastUsedAt).toBe(
			clock.now().toISOString()
		);
	});

	it('stops looking at tokens from an address that sends too many bad ones', async () => {
		const bad = { authorization: `Bearer st_${'x'.repeat(43)}` };
		for (let i = 0; i < 11; i++)
			expect((await getFramework(bad, '10.9.9.9')).statusCode, `attempt ${i + 1}`).toBe(401);
		const audited = audit().length;
		const { authorization } = createTestApiToken(built.services);
		const throttled = await getFramework({ authorization }, '10.9.9.9');
		expect(throttled.statusCode).toBe(429);
		expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(60);
		expect(throttled.json().error.code).toBe('too_many_requests');
		// Throttled requests are not audited one by one: that is what the throttle is for.
		expect(audit().length).toBe(audited + 1);
		expect((await getFramework({ authorization }, '10.9.9.10')).statusCode).toBe(200);
	});
});

describe('sign-in', () => {
	const ctx = { ip: '192.0.2.1' };

	it('gives the same answer for an unknown email, a wrong password and a disabled user', async () => {
		const user = await createTestUser(built.services, 'viewer');
		const disabled = await createTestUser(built.services, 'viewer');
		built.services.auth.updateUser(disabled.id, { disabled: true }, TEST_ACTOR);
		const unknown = await built.services.auth.signIn('nobody@example.org', TEST_PASSWORD, ctx);
		const wrong = await built.services.auth.signIn(user.email, 'not the password at all', ctx);
		const off = await built.services.auth.signIn(disabled.email, TEST_PASSWORD, ctx);
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
		expect(wrong).toEqual(unknown);
		expect(off).toEqual(unknown);
		expect(SIGN_IN_FAILED).not.toMatch(/unknown|exist|disabled/i);
		// The log says which it was; the person signing in is not told.
		expect(
			audit()
				.filter((e) => e.action === 'auth.sign-in')
				.map((e) => [e.outcome, e.detail])
		).toEqual([
			['failure', 'unknown email'],
			['failure', 'wrong password'],
			['failure', 'account disabled']
		]);
	});

	it('throttles the sixth failed sign-in for one account within a minute, and audits it', async () => {
		const user = await createTestUser(built.services, 'coordinator');
		for (let i = 0; i < 5; i++) {
			const result = await built.services.auth.signIn(user.email, `wrong guess ${i}`, {
				ip: `192.0.2.${10 + i}`
			});
			expect(result, `attempt ${i + 1}`).toEqual({ ok: false, reason: 'invalid' });
		}
		// The right password, from yet another address: still refused, the account is throttled.
		const sixth = await built.services.auth.signIn(user.email.toUpperCase(), TEST_PASSWORD, {
			ip: '192.0.2.99'
		});
		expect(sixth).toMatchObject({ ok: false, reason: 'throttled' });
		expect(sixth.ok === false && sixth.retryAfterSeconds).toBeGreaterThan(0);
		expect(lastAudit('auth.sign-in')).toMatchObject({
			outcome: 'refused',
			detail: 'too many failed attempts',
			ip: '192.0.2.99'
		});
		// Another account is not affected.
		const other = await createTestUser(built.services, 'viewer');
		expect((await signInAs(built.services, other, '192.0.2.99')).user.id).toBe(other.id);
	});

	it('throttles an address that tries many accounts', { timeout: 30_000 }, async () => {
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				built.services.auth.signIn(`guess${i}@example.org`, 'a wrong password', {
					ip: '198.51.100.7'
				})
			)
		);
		const user = await createTestUser(built.services, 'viewer');
		const result = await built.services.auth.signIn(user.email, TEST_PASSWORD, {
			ip: '198.51.100.7'
		});
		expect(result).toMatchObject({ ok: false, reason: 'throttled' });
	});
});
