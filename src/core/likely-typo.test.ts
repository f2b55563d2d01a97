import { describe, expect, it } from 'vitest';

import { editDistance, likelyMeant } from './likely-typo.js';

const KNOWN = ['DATABASE_PATH', 'PORT', 'HOST', 'LOG_LEVEL', 'ORIGIN'];

describe('editDistance', () => {
	it('counts inserts, deletes, replacements and swapped neighbours as one edit each', () => {
		expect(editDistance('PORT', 'PORT')).toBe(0);
		expect(editDistance('PORT', 'PORTS')).toBe(1);
		expect(editDistance('DATABSE_PATH', 'DATABASE_PATH')).toBe(1);
		expect(editDistance('HSOT', 'HOST')).toBe(1);
		expect(editDistance('HOME', 'HOST')).toBe(2);
		expect(editDistance('', 'ABC')).toBe(3);
	});
});

describe('likelyMeant', () => {
	it('finds the variable a misspelt one was meant to be', () => {
		expect(likelyMeant('DATABSE_PATH', KNOWN)).toBe('DATABASE_PATH');
		expect(likelyMeant('LOGLEVEL', KNOWN)).toBe('LOG_LEVEL');
		expect(likelyMeant('PROT', KNOWN)).toBe('PORT');
		expect(likelyMeant('ORIGN', KNOWN)).toBe('ORIGIN');
	});

	it('finds it in lower case', () => {
		expect(likelyMeant('port', KNOWN)).toBe('PORT');
		expect(likelyMeant('database_path', KNOWN)).toBe('DATABASE_PATH');
	});

	it('takes another tool’s name with the same first word for ours', () => {
		expect(likelyMeant('DATABASE_URL', KNOWN)).toBe('DATABASE_PATH');
	});

	it('leaves our own names and the usual environment alone', () => {
		for (const name of [...KNOWN, 'HOME', 'PATH', 'PWD', 'USER', 'NODE_ENV', 'HOSTNAME', 'TERM'])
			expect(likelyMeant(name, KNOWN), name).toBeUndefined();
	});

	it('does not guess from a short first word such as LOG', () => {
		expect(likelyMeant('LOG_FORMAT', KNOWN)).toBeUndefined();
	});
});
