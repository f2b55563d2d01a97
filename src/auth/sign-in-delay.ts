/**
 * A progressive delay on failed sign-ins (OWASP ASVS 6.3 anti-automation): each failure in a row
 * for one account, or from one address, makes the next attempt wait longer before its password is
 * checked. It slows guessing long before the rate limits in auth-service.ts block it, and a person
 * who mistypes once or twice does not notice it.
 */

/** Failures in a row that cost nothing: a person mistyping their password. */
export const FREE_SIGN_IN_FAILURES = 2;
/** The delay after the first failure past the free ones; it doubles with each further failure. */
export const FIRST_SIGN_IN_DELAY_MS = 250;
/** The longest delay, however many failures there have been. */
export const MAX_SIGN_IN_DELAY_MS = 4_000;

/**
 * How long to hold the next sign-in attempt after `consecutiveFailures` failures in a row: nothing
 * for the first two, then 250 ms, 500 ms, 1 s, 2 s and at most 4 s.
 */
export function failedSignInDelayMs(consecutiveFailures: number): number {
	const failures = Math.floor(consecutiveFailures);
	// Written so that NaN and negative counts fall through to no delay.
	if (!(failures > FREE_SIGN_IN_FAILURES)) return 0;
	// Capped before the power, so a huge (or infinite) count never overflows.
	const doublings = Math.min(failures - FREE_SIGN_IN_FAILURES - 1, 5);
	return Math.min(FIRST_SIGN_IN_DELAY_MS * 2 ** doublings, MAX_SIGN_IN_DELAY_MS);
}

/** Waits, as signIn does before checking a password; tests hand in a recorder instead. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) =>
	ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export interface FailureCounter {
	/** Failures in a row for the key, or 0 when it has had none lately. */
	get(key: string): number;
	/** Counts one more failure for the key. */
	add(key: string): void;
	/** Forgets the key's failures, after a successful sign-in. */
	reset(key: string): void;
}

/**
 * Counts failures in a row per key (an account or an address), in memory. A key quiet for
 * `forgetAfterMs` starts again from nothing, and past `maxKeys` the longest-quiet keys are
 * dropped, so made-up email addresses cannot fill the memory.
 */
export function createFailureCounter(
	now: () => Date,
	options: { forgetAfterMs?: number; maxKeys?: number } = {}
): FailureCounter {
	const forgetAfterMs = options.forgetAfterMs ?? 3_600_000;
	const maxKeys = options.maxKeys ?? 10_000;
	// A Map keeps insertion order; re-inserting on every failure keeps the quietest keys first.
	const failures = new Map<string, { count: number; lastAt: number }>();

	function get(key: string): number {
		const entry = failures.get(key);
		if (!entry) return 0;
		if (now().getTime() - entry.lastAt >= forgetAfterMs) {
			failures.delete(key);
			return 0;
		}
		return entry.count;
	}

	function add(key: string): void {
		const count = get(key) + 1;
		failures.delete(key);
		failures.set(key, { count, lastAt: now().getTime() });
		while (failures.size > maxKeys) {
			const oldest = failures.keys().next().value;
			if (oldest === undefined) break;
			failures.delete(oldest);
		}
	}

	function reset(key: string): void {
		failures.delete(key);
	}

	return { get, add, reset };
}
