/**
 * The progressive delay on failed sign-ins (src/auth/sign-in-delay.ts and its use in signIn):
 * it grows with each failure in a row for an account or from an address, starts afresh after a
 * successful sign-in, and is the same whether the email exists or not. signIn's waiting is
 * recorded, not done, so these tests take no longer than the others.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SIGN_IN_FAILED } from '../../src/auth/auth-service.js';
import {
	createFailureCounter,
	failedSignInDelayMs,
	MAX_SIGN_IN_DELAY_MS,
	realSleep
} from '../../src/auth/sign-in-delay.js';
import {
	buildTestApp,
	createTestUser,
	HOUR,
	MINUTE,
	TEST_ACTOR,
	TEST_PASSWORD,
	testClock,
	type TestApp
} from '../helpers/build-app.js';

describe('failedSignInDelayMs', () => {
	it('costs nothing for the first two failures, then doubles from 250 ms up to 4 s', () => {
		const delays = Array.from({ length: 10 }, (_, failures) => failedSignInDelayMs(failures));
		expect(delays).toEqual([0, 0, 0, 250, 500, 1000, 2000, 4000, 4000, 4000]);
	});

	it('stays at the cap for a huge count, and gives no delay for nonsense counts', () => {
		expect(failedSignInDelayMs(1_000_000)).toBe(MAX_SIGN_IN_DELAY_MS);
		expect(failedSignInDelayMs(Number.POSITIVE_INFINITY)).toBe(MAX_SIGN_IN_DELAY_MS);
		expect(failedSignInDelayMs(-3)).toBe(0);
		expect(failedSignInDelayMs(Number.NaN)).toBe(0);
	});
});

describe('realSleep', () => {
	it('waits about as long as asked, and not at all for 0', async () => {
		const started = performance.now();
		await realSleep(0);
		expect(performance.now() - started).toBeLessThan(20);
		await realSleep(30);
		expect(performance.now() - started).toBeGreaterThanOrEqual(25);
	});
});

describe('createFailureCounter', () => {
	it('counts failures in a row per key and forgets them on reset', () => {
		const counter = createFailureCounter(() => new Date(0));
		counter.add('a');
		counter.add('a');
		counter.add('b');
		expect([counter.get('a'), counter.get('b'), counter.get('c')]).toEqual([2, 1, 0]);
		counter.reset('a');
		expect([counter.get('a'), counter.get('b')]).toEqual([0, 1]);
	});

	it('starts a key afresh once it has been quiet for the forget period', () => {
		const clock = testClock();
		const counter = createFailureCounter(clock.now, { forgetAfterMs: HOUR });
		counter.add('a');
		clock.advance(59 * MINUTE);
		counter.add('a');
		// Counted from the last failure, not the first.
		clock.advance(59 * MINUTE);
		expect(counter.get('a')).toBe(2);
		clock.advance(MINUTE);
		expect(counter.get('a')).toBe(0);
	});

	it('keeps at most maxKeys keys, dropping the longest quiet', () => {
		const counter = createFailureCounter(() => new Date(0), { maxKeys: 3 });
		for (const key of ['a', 'b', 'c']) counter.add(key);
		counter.add('a');
		counter.add('d');
		expect(['a', 'b', 'c', 'd'].map((key) => counter.get(key))).toEqual([2, 0, 1, 1]);
	});
});

// Every attempt runs scrypt for real (about half a second here), and these tests make many.
describe('signIn with the progressive delay', { timeout: 30_000 }, () => {
	let built: TestApp;
	/** Every wait signIn asked for, in milliseconds, since the last `takeDelays()`. */
	let delays: number[];

	beforeEach(async () => {
		delays = [];
		built = await buildTestApp({
			seed: 'framework',
			sleep: async (ms) => {
				delays.push(ms);
			}
		});
	});

	afterEach(async () => {
		await built.close();
	});

	/** The wait before one sign-in attempt (0 when signIn did not wait), and its result. */
	async function attempt(email: string, password: string, ip: string) {
		delays = [];
		const result = await built.services.auth.signIn(email, password, { ip });
		expect(delays.length).toBeLessThanOrEqual(1);
		return { delay: delays[0] ?? 0, result };
	}

	/**
	 * The waits before five wrong passwords in a row for one email, each from its own address so
	 * that only the account's count matters (a sixth would be throttled).
	 */
	async function fiveFailures(email: string, firstIp = 10) {
		const waits: number[] = [];
		for (let i = 0; i < 5; i++) {
			const { delay, result } = await attempt(email, `wrong guess ${i}`, `192.0.2.${firstIp + i}`);
			expect(result, `attempt ${i + 1}`).toEqual({ ok: false, reason: 'invalid' });
			waits.push(delay);
		}
		return waits;
	}

	it('makes each attempt on an account wait longer after each failure in a row', async () => {
		const user = await createTestUser(built.services, 'viewer');
		expect(await fiveFailures(user.email)).toEqual([0, 0, 0, 250, 500]);
		// The sixth is throttled by the rate limit, after waiting its turn all the same.
		const sixth = await attempt(user.email, TEST_PASSWORD, '192.0.2.99');
		expect(sixth).toMatchObject({ delay: 1000, result: { ok: false, reason: 'throttled' } });
	});

	it('counts the account by its normalised email, whatever the case or spaces', async () => {
		const user = await createTestUser(built.services, 'viewer');
		const spellings = [user.email, user.email.toUpperCase(), `  ${user.email}  `, user.email];
		const waits = [];
		for (const [i, email] of spellings.entries())
			waits.push((await attempt(email, 'a wrong password', `192.0.2.${20 + i}`)).delay);
		expect(waits).toEqual([0, 0, 0, 250]);
	});

	it('starts the account afresh after a successful sign-in', async () => {
		const user = await createTestUser(built.services, 'viewer');
		for (let i = 0; i < 4; i++) await attempt(user.email, `wrong guess ${i}`, `192.0.2.${30 + i}`);
		// The right password still waits for the failures before it, then succeeds.
		const success = await attempt(user.email, TEST_PASSWORD, '192.0.2.40');
		expect(success.delay).toBe(500);
		expect(success.result.ok).toBe(true);
		expect(await fiveFailures(user.email, 50)).toEqual([0, 0, 0, 250, 500]);
	});

	it('waits the same for an unknown email, a wrong password and a disabled user', async () => {
		const user = await createTestUser(built.services, 'viewer');
		const disabled = await createTestUser(built.services, 'viewer');
		built.services.auth.updateUser(disabled.id, { disabled: true }, TEST_ACTOR);
		const wrongPassword = await fiveFailures(user.email, 10);
		const unknownEmail = await fiveFailures('nobody@example.org', 20);
		const waits: number[] = [];
		for (let i = 0; i < 5; i++) {
			// The right password of a disabled account: refused, and counted like any failure.
			const { delay, result } = await attempt(disabled.email, TEST_PASSWORD, `192.0.2.${30 + i}`);
			expect(result).toEqual({ ok: false, reason: 'invalid' });
			waits.push(delay);
		}
		expect(wrongPassword).toEqual([0, 0, 0, 250, 500]);
		expect(unknownEmail).toEqual(wrongPassword);
		expect(waits).toEqual(wrongPassword);
		// The one message for every failure is unchanged.
		expect(SIGN_IN_FAILED).toBe(
			'The email address or password is not right. Check them and try again.'
		);
	});

	it('makes an address that fails on many accounts wait longer, up to 4 s', async () => {
		const waits = [];
		for (let i = 0; i < 9; i++) {
			const { delay, result } = await attempt(`guess${i}@example.org`, 'a guess', '198.51.100.7');
			expect(result).toEqual({ ok: false, reason: 'invalid' });
			waits.push(delay);
		}
		expect(waits).toEqual([0, 0, 0, 250, 500, 1000, 2000, 4000, 4000]);
		// Another address is not held up.
		expect((await attempt('guess0@example.org', 'a guess', '198.51.100.8')).delay).toBe(0);
	});

	it('keeps the address waiting after a successful sign-in from it, so one valid account does not reset the guessing', async () => {
		const user = await createTestUser(built.services, 'viewer');
		for (let i = 0; i < 4; i++) await attempt(`guess${i}@example.org`, 'a guess', '198.51.100.9');
		expect((await attempt(user.email, TEST_PASSWORD, '198.51.100.9')).result.ok).toBe(true);
		expect((await attempt('guess9@example.org', 'a guess', '198.51.100.9')).delay).toBe(500);
	});

	it('says to wait as long as the block lasts: five minutes for an account', async () => {
		const user = await createTestUser(built.services, 'viewer');
		await fiveFailures(user.email, 60);
		const sixth = await attempt(user.email, TEST_PASSWORD, '192.0.2.98');
		expect(sixth.result).toMatchObject({ ok: false, reason: 'throttled' });
		const { retryAfterSeconds } = sixth.result as { retryAfterSeconds: number };
		expect(retryAfterSeconds).toBeGreaterThan(240);
		expect(retryAfterSeconds).toBeLessThanOrEqual(300);
	});

	it('holds the answer until the wait is over', async () => {
		let release: () => void = () => {};
		const held = await buildTestApp({
			sleep: (ms) => {
				delays.push(ms);
				return new Promise((resolve) => (release = resolve));
			}
		});
		try {
			const user = await createTestUser(held.services, 'viewer');
			for (let i = 0; i < 3; i++) {
				const result = await held.services.auth.signIn(user.email, 'wrong', { ip: '192.0.2.1' });
				expect(result).toEqual({ ok: false, reason: 'invalid' });
			}
			let answered = false;
			const pending = held.services.auth
				.signIn(user.email, TEST_PASSWORD, { ip: '192.0.2.1' })
				.then((result) => {
					answered = true;
					return result;
				});
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(delays).toEqual([250]);
			expect(answered).toBe(false);
			release();
			expect((await pending).ok).toBe(true);
		} finally {
			await held.close();
		}
	});
});
