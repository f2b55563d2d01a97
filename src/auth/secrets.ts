/**
 * Random secrets (session cookies, API tokens, one-time links) and their stored form. Only the
 * SHA-256 of a secret is stored, so a copy of the database cannot be used to sign in. 32 random
 * bytes give 256 bits, well above ASVS's 128.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateSecret(prefix = ''): string {
	return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

export function secretsMatch(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}
