import { describe, expect, it } from 'vitest';

import { COMMON_PASSWORDS } from '../../src/auth/common-passwords.generated.js';
import {
	checkNewPassword,
	decoyPasswordHash,
	hashPassword,
	MAX_PASSWORD_LENGTH,
	MIN_PASSWORD_LENGTH,
	verifyPassword
} from '../../src/auth/passwords.js';

const GOOD = 'amber kettle under the humber bridge';

describe('hashPassword and verifyPassword', () => {
	it('stores scrypt with its parameters and a fresh salt, and verifies the same password', async () => {
		const [first, second] = await Promise.all([hashPassword(GOOD), hashPassword(GOOD)]);
		expect(first).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
		expect(first).not.toBe(second);
		expect(first).not.toContain(GOOD);
		expect(await verifyPassword(GOOD, first)).toBe(true);
		expect(await verifyPassword(GOOD, second)).toBe(true);
	});

	it('rejects a wrong password, one character off, or a change of case', async () => {
		const hash = await hashPassword(GOOD);
		for (const wrong of ['', 'amber kettle under the humber bridgE', `${GOOD} `, GOOD.slice(1)])
			expect(await verifyPassword(wrong, hash), JSON.stringify(wrong)).toBe(false);
	});

	it('treats a password typed with a compatibility character as the same (NFKC)', async () => {
		const hash = await hashPassword('a ﬁne morning on the estuary');
		expect(await verifyPassword('a fine morning on the estuary', hash)).toBe(true);
	});

	it('rejects, without throwing, a stored value that is not one of its hashes', async () => {
		for (const stored of ['', 'plain text', 'bcrypt$2b$10$abc', 'scrypt$131072$8$1$$'])
			expect(await verifyPassword(GOOD, stored)).toBe(false);
	});

	it('keeps one decoy hash for unknown emails, which no password matches', async () => {
		const decoy = await decoyPasswordHash();
		expect(await decoyPasswordHash()).toBe(decoy);
		expect(await verifyPassword(GOOD, decoy)).toBe(false);
	});
});

describe('checkNewPassword', () => {
	it('accepts a long passphrase with no composition rules', () => {
		expect(checkNewPassword(GOOD)).toEqual([]);
		expect(checkNewPassword('all lower case words')).toEqual([]);
		expect(checkNewPassword('x'.repeat(11) + 'y')).toEqual([]);
	});

	it(`asks for at least ${MIN_PASSWORD_LENGTH} characters, counting characters not bytes`, () => {
		expect(checkNewPassword('elevenchars')).toEqual([
			'Enter a password of at least 12 characters. A few words together make a good one.'
		]);
		expect(checkNewPassword('')).toHaveLength(1);
		// Eleven emoji are 22 UTF-16 units but still eleven characters.
		expect(checkNewPassword('🦊'.repeat(10) + '🐝')).toHaveLength(1);
		expect(checkNewPassword('🦊🐝🦉🐢🦀🐙🦋🐞🦔🐳🦩🐌')).toEqual([]);
	});

	it(`allows up to ${MAX_PASSWORD_LENGTH} characters and refuses more`, () => {
		const words = 'the quick brown fox and the slow grey heron ';
		const atMost = words.repeat(10).slice(0, MAX_PASSWORD_LENGTH);
		expect(checkNewPassword(atMost)).toEqual([]);
		expect(checkNewPassword(`${atMost}x`)).toEqual([
			'Enter a password of no more than 256 characters.'
		]);
	});

	it.each([
		'Password1234!',
		'password1234',
		'P@ssw0rd2024!!',
		'humberside2024',
		'Humberside2024!',
		'!!Wilberforce1833',
		'qwerty123456',
		'123456789012',
		'summersummer2024',
		'correcthorsebatterystaple'
	])('refuses the common password %s', (password) => {
		expect(checkNewPassword(password)).toEqual([
			'That password is one of the most commonly used, so it is easy to guess. Choose another.'
		]);
	});

	it('refuses a password containing the email address', () => {
		expect(
			checkNewPassword('jane.smith is my password', { email: 'Jane.Smith@hull.gov.uk' })
		).toEqual(['Choose a password that does not contain your email address.']);
		// A very short local part would rule out too much, so it is not checked.
		expect(checkNewPassword('a long password with jo in it', { email: 'jo@hull.gov.uk' })).toEqual(
			[]
		);
	});

	it('refuses one character repeated', () => {
		expect(checkNewPassword('zzzzzzzzzzzzzzzz')).toEqual([
			'Choose a password that is not one character repeated.'
		]);
	});
});

describe('the common-password list', () => {
	const COMMON =
		'That password is one of the most commonly used, so it is easy to guess. Choose another.';

	it('holds the 3000 commonest long passwords, lower-case, each once, none one character repeated', () => {
		expect(COMMON_PASSWORDS).toHaveLength(3000);
		expect(new Set(COMMON_PASSWORDS).size).toBe(3000);
		for (const password of COMMON_PASSWORDS) {
			expect(password, password).toBe(password.toLowerCase());
			expect([...password].length, password).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
			expect(password, password).not.toMatch(/^(.)\1+$/u);
		}
		// Commonest first, as in the breach list.
		expect(COMMON_PASSWORDS.slice(0, 4)).toEqual([
			'123qweasdzxc',
			'1qaz2wsx3edc',
			'q1w2e3r4t5y6',
			'1q2w3e4r5t6y'
		]);
	});

	it.each([
		'leavemealone',
		'Sonyericsson',
		'FinalFantasy',
		'JUSTINBIEBER',
		'needforspeed',
		'ManchesterUnited',
		'iloveyou1234',
		'resurrection',
		'djcgjvbyfybt'
	])('refuses %s from the breach list, whatever its case', (password) => {
		expect(checkNewPassword(password)).toEqual([COMMON]);
	});

	it('refuses every password on the list', () => {
		const notRefusedAsCommon = COMMON_PASSWORDS.filter(
			(password) => checkNewPassword(password)[0] !== COMMON
		);
		expect(notRefusedAsCommon).toEqual([]);
	});

	it('accepts a strong passphrase, even one with a listed password inside it', () => {
		expect(checkNewPassword('amber kettle under the humber bridge')).toEqual([]);
		expect(checkNewPassword('Tidal mudflats glow orange at dusk')).toEqual([]);
		expect(checkNewPassword('the heron said leavemealone and flew')).toEqual([]);
	});
});
