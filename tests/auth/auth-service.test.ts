/**
 * Sessions, set-password links and user changes in src/auth/auth-service.ts, with a clock the
 * tests move (OWASP ASVS 7.3 timeouts, 7.4 ending sessions, 6.4 one-time links).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AuthInputError } from '../../src/auth/auth-service.js';
import { auditLog } from '../../src/db/schema.js';
import {
	buildTestApp,
	createTestUser,
	HOUR,
	MINUTE,
	partnerIdOf,
	signInAs,
	TEST_ACTOR,
	TEST_PASSWORD,
	testClock,
	type TestApp
} from '../helpers/build-app.js';

const CTX = { ip: '127.0.0.1' };
const NEW_PASSWORD = 'a heron stands in the estuary mud';

let built: TestApp;
let clock: ReturnType<typeof testClock>;

beforeEach(async () => {
	clock = testClock();
	built = await buildTestApp({ seed: 'framework', clock: clock.now });
});

afterEach(async () => {
	await built.close();
});

const auth = () => built.services.auth;
/** `action outcome` of each audit entry, leaving out the framework's loading. */
const auditActions = () =>
	built.services.db
		.select()
		.from(auditLog)
		.all()
		// Framework loading and the mail a change queues are audited and tested on their own.
		.filter((e) => !e.action.startsWith('framework.') && !e.action.startsWith('mail.'))
		.map((e) => `${e.action} ${e.outcome}`);

describe('sessions', () => {
	it('ends a session left unused for the idle timeout (8 hours)', async () => {
		const user = await createTestUser(built.services, 'viewer');
		const { sessionToken } = await signInAs(built.services, user);
		clock.advance(8 * HOUR - MINUTE);
		expect(auth().resolveSession(sessionToken)).not.toBeNull();
		clock.advance(8 * HOUR + MINUTE);
		expect(auth().resolveSession(sessionToken)).toBeNull();
		// And it is gone, not merely refused.
		clock.advance(-8 * HOUR);
		expect(auth().resolveSession(sessionToken)).toBeNull();
	});

	it('counts the idle time from the last use, not from sign-in', async () => {
		const user = await createTestUser(built.services, 'viewer');
		const { sessionToken } = await signInAs(built.services, user);
		clock.advance(3 * HOUR);
		expect(auth().resolveSession(sessionToken)).not.toBeNull();
		clock.advance(8 * HOUR - MINUTE);
		expect(auth().resolveSession(sessionToken)).not.toBeNull();
	});

	it('ends a session at the absolute timeout (12 hours) however busy it is', async () => {
		const { sessionToken } = await signInAs(
			built.services,
			await createTestUser(built.services, 'viewer')
		);
		for (let hours = 0; hours < 11; hours++) {
			clock.advance(HOUR);
			expect(auth().resolveSession(sessionToken), `after ${hours + 1} h`).not.toBeNull();
		}
		clock.advance(HOUR);
		expect(auth().resolveSession(sessionToken)).toBeNull();
	});

	it('gives a new session secret at every sign-in and ends only the one signed out', async () => {
		const user = await createTestUser(built.services, 'funder');
		const first = await signInAs(built.services, user);
		const second = await signInAs(built.services, user);
		expect(first.sessionToken).not.toBe(second.sessionToken);
		expect(first.sessionToken).toMatch(/^[\w-]{43}$/);
		auth().signOut(first.sessionToken, CTX);
		expect(auth().resolveSession(first.sessionToken)).toBeNull();
		expect(auth().resolveSession(second.sessionToken)?.user.id).toBe(user.id);
		expect(auditActions()).toContain('auth.sign-out success');
	});

	it('stores only the hash of a session secret', async () => {
		const { sessionToken } = await signInAs(
			built.services,
			await createTestUser(built.services, 'viewer')
		);
		const rows = built.services.db.$client.prepare('SELECT * FROM sessions').all();
		expect(JSON.stringify(rows)).not.toContain(sessionToken);
	});
});

describe('set-password links', () => {
	it('work once, and a second use is refused and audited', async () => {
		const { user, setPasswordToken } = auth().createUser(
			{ email: 'new.lead@hull.gov.uk', role: 'viewer', partnerId: null },
			TEST_ACTOR
		);
		expect(user.hasPassword).toBe(false);
		expect(auth().checkPasswordLink(setPasswordToken)?.user.id).toBe(user.id);
		expect(await auth().setPasswordWithLink(setPasswordToken, NEW_PASSWORD, CTX)).toMatchObject({
			ok: true
		});
		expect(auth().checkPasswordLink(setPasswordToken)).toBeNull();
		expect(
			await auth().setPasswordWithLink(setPasswordToken, 'another long passphrase', CTX)
		).toEqual({
			ok: false,
			linkInvalid: true,
			problems: [
				'This link has expired or has already been used. Ask the partnership coordinator for a new one.'
			]
		});
		expect(auditActions()).toContain('auth.set-password failure');
		expect((await auth().signIn(user.email, NEW_PASSWORD, CTX)).ok).toBe(true);
	});

	it('expire after 72 hours', async () => {
		const { setPasswordToken } = auth().createUser(
			{ email: 'late@ery.gov.uk', role: 'viewer', partnerId: null },
			TEST_ACTOR
		);
		clock.advance(72 * HOUR - MINUTE);
		expect(auth().checkPasswordLink(setPasswordToken)).not.toBeNull();
		clock.advance(2 * MINUTE);
		expect(auth().checkPasswordLink(setPasswordToken)).toBeNull();
		const result = await auth().setPasswordWithLink(setPasswordToken, NEW_PASSWORD, CTX);
		expect(result).toMatchObject({ ok: false, linkInvalid: true });
	});

	it('keep the link usable when the new password is refused', async () => {
		const { setPasswordToken } = auth().createUser(
			{ email: 'tries@nel.gov.uk', role: 'viewer', partnerId: null },
			TEST_ACTOR
		);
		expect(await auth().setPasswordWithLink(setPasswordToken, 'Password1234!', CTX)).toEqual({
			ok: false,
			problems: [
				'That password is one of the most commonly used, so it is easy to guess. Choose another.'
			]
		});
		expect(await auth().setPasswordWithLink(setPasswordToken, 'tries is my password', CTX)).toEqual(
			{
				ok: false,
				problems: ['Choose a password that does not contain your email address.']
			}
		);
		expect(auth().checkPasswordLink(setPasswordToken)).not.toBeNull();
	});

	it('stop working when a newer link is issued', async () => {
		const { user, setPasswordToken: first } = auth().createUser(
			{ email: 'twice@nl.gov.uk', role: 'viewer', partnerId: null },
			TEST_ACTOR
		);
		const second = auth().resetAccess(user.id, TEST_ACTOR);
		expect(auth().checkPasswordLink(first)).toBeNull();
		expect(auth().checkPasswordLink(second)).not.toBeNull();
	});
});

describe('resetAccess', () => {
	it('ends every session, stops the old password and audits the reset', async () => {
		const user = await createTestUser(built.services, 'partner');
		const a = await signInAs(built.services, user);
		const b = await signInAs(built.services, user);
		const link = auth().resetAccess(user.id, TEST_ACTOR);
		expect(auth().resolveSession(a.sessionToken)).toBeNull();
		expect(auth().resolveSession(b.sessionToken)).toBeNull();
		expect(await auth().signIn(user.email, TEST_PASSWORD, CTX)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(auth().users.findById(user.id)?.hasPassword).toBe(false);
		expect(auditActions()).toContain('user.reset-access success');
		expect((await auth().setPasswordWithLink(link, NEW_PASSWORD, CTX)).ok).toBe(true);
		expect((await auth().signIn(user.email, NEW_PASSWORD, CTX)).ok).toBe(true);
	});
});

describe('updateUser', () => {
	it('ends the sessions of a user whose role changes, and records before and after', async () => {
		const user = await createTestUser(built.services, 'viewer');
		const { sessionToken } = await signInAs(built.services, user);
		auth().updateUser(user.id, { role: 'funder' }, TEST_ACTOR);
		expect(auth().resolveSession(sessionToken)).toBeNull();
		const entry = built.services.db
			.select()
			.from(auditLog)
			.all()
			.find((e) => e.action === 'user.update');
		expect(entry).toMatchObject({
			entityId: String(user.id),
			before: { role: 'viewer', disabled: false },
			after: { role: 'funder', disabled: false }
		});
	});

	it('ends the sessions of a partner user moved to another partner', async () => {
		const user = await createTestUser(built.services, 'partner', { partner: 'HP' });
		const { sessionToken } = await signInAs(built.services, user);
		auth().updateUser(user.id, { partnerId: partnerIdOf(built.services, 'HCC') }, TEST_ACTOR);
		expect(auth().resolveSession(sessionToken)).toBeNull();
	});

	it('keeps sessions when only the display name changes', async () => {
		const user = await createTestUser(built.services, 'viewer');
		const { sessionToken } = await signInAs(built.services, user);
		auth().updateUser(user.id, { displayName: 'Board chair' }, TEST_ACTOR);
		expect(auth().resolveSession(sessionToken)?.user.displayName).toBe('Board chair');
	});

	it('ends the sessions of a disabled user, who then cannot sign in', async () => {
		const user = await createTestUser(built.services, 'partner');
		const { sessionToken } = await signInAs(built.services, user);
		auth().updateUser(user.id, { disabled: true }, TEST_ACTOR);
		expect(auth().resolveSession(sessionToken)).toBeNull();
		expect(await auth().signIn(user.email, TEST_PASSWORD, CTX)).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	it('refuses to let coordinators disable or demote themselves', async () => {
		const me = await createTestUser(built.services, 'coordinator');
		const actor = { userId: me.id, label: me.email, ip: '127.0.0.1' };
		expect(() => auth().updateUser(me.id, { disabled: true }, actor)).toThrow(AuthInputError);
		expect(() => auth().updateUser(me.id, { role: 'viewer' }, actor)).toThrow(
			/cannot disable your own account or remove your own coordinator role/
		);
	});
});

describe('createUser', () => {
	const create = (input: { email: string; role: 'partner' | 'viewer'; partnerId: number | null }) =>
		auth().createUser(input, TEST_ACTOR);

	it('refuses an email address that is not one', () => {
		for (const email of ['', 'no-at-sign', 'two@@example.org', 'spaces in@example.org', 'a@b'])
			expect(() => create({ email, role: 'viewer', partnerId: null }), email).toThrow(
				'Enter an email address in the right format, like name@example.org.'
			);
	});

	it('refuses a second user with the same email, whatever its case or spaces', () => {
		create({ email: 'lead@hull.gov.uk', role: 'viewer', partnerId: null });
		expect(() => create({ email: '  LEAD@Hull.gov.uk ', role: 'viewer', partnerId: null })).toThrow(
			'There is already a user with the email address lead@hull.gov.uk.'
		);
	});

	it('ties partner users, and only them, to a partner', () => {
		const error = (() => {
			try {
				create({ email: 'p@hull.gov.uk', role: 'partner', partnerId: null });
			} catch (e) {
				return e as AuthInputError;
			}
		})();
		expect(error).toBeInstanceOf(AuthInputError);
		expect(error?.field).toBe('partner');
		expect(() =>
			create({
				email: 'v@hull.gov.uk',
				role: 'viewer',
				partnerId: partnerIdOf(built.services, 'HP')
			})
		).toThrow(/Only partner users belong to a partner organisation/);
		const { user } = create({
			email: 'p@hull.gov.uk',
			role: 'partner',
			partnerId: partnerIdOf(built.services, 'HCC')
		});
		expect(user).toMatchObject({ role: 'partner', partnerCode: 'HCC', hasPassword: false });
		expect(auditActions()).toEqual(['user.create success']);
	});
});
