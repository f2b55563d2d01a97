/**
 * Password hashing and the password rules (OWASP ASVS 5.0 §6.2): at least 12 characters, no
 * composition rules, up to 256 allowed, and none of the commonest passwords. Hashes are scrypt
 * with OWASP's parameters (N=2^17, r=8, p=1), stored with their parameters so they can be raised
 * later without locking anyone out.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { isCommonPassword } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 64;

function scryptAsync(
	password: string,
	salt: Buffer,
	keyLength: number,
	options: ScryptOptions
): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
			error ? reject(error) : resolve(key)
		)
	);
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scryptAsync(password, salt, KEY_LENGTH, {
		...PARAMS,
		maxmem: 256 * 1024 * 1024
	});
	return [
		'scrypt',
		PARAMS.N,
		PARAMS.r,
		PARAMS.p,
		salt.toString('base64url'),
		key.toString('base64url')
	].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
		N: Number(n),
		r: Number(r),
		p: Number(p),
		maxmem: 256 * 1024 * 1024
	});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, compared against when the email is unknown, so a sign-in takes
 * as long for an unknown address as for a known one and timing reveals nothing.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
	decoyHash ??= hashPassword(randomBytes(24).toString('base64url'));
	return decoyHash;
}

/** Problems with a new password, as sentences for the form; empty when it is acceptable. */
export function checkNewPassword(password: string, context: { email?: string } = {}): string[] {
	const length = [...password].length;
	if (length < MIN_PASSWORD_LENGTH)
		return [
			`Enter a password of at least ${MIN_PASSWORD_LENGTH} characters. A few words together make a good one.`
		];
	if (length > MAX_PASSWORD_LENGTH)
		return [`Enter a password of no more than ${MAX_PASSWORD_LENGTH} characters.`];
	const lower = password.toLowerCase();
	if (isCommonPassword(lower))
		return [
			'That password is one of the most commonly used, so it is easy to guess. Choose another.'
		];
	const local = context.email?.toLowerCase().split('@')[0];
	if (local && local.length >= 4 && lower.includes(local))
		return ['Choose a password that does not contain your email address.'];
	if (/^(.)\1+$/.test(password)) return ['Choose a password that is not one character repeated.'];
	return [];
}
