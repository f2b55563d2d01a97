import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readConfig, type ConfigResult } from './config.js';

let dir: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'st-config-'));
});

afterEach(() => {
	chmodSync(dir, 0o700);
	rmSync(dir, { recursive: true, force: true });
});

/** The configuration from `env` alone, with the database in this test's own folder. */
function read(env: NodeJS.ProcessEnv): ConfigResult {
	return readConfig({ DATABASE_PATH: join(dir, 'tracker.db'), ...env });
}

function problemsOf(env: NodeJS.ProcessEnv): string[] {
	const result = read(env);
	return result.ok ? [] : result.problems;
}

describe('readConfig', () => {
	it('accepts an empty environment with the documented defaults', () => {
		const result = readConfig({});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.config).toMatchObject({
			databasePathIsDefault: true,
			port: 3000,
			host: '127.0.0.1',
			origin: 'http://localhost:3000',
			maxUploadBytes: 5 * 1024 * 1024,
			suppressionThreshold: 5,
			demo: false,
			logLevel: 'info'
		});
		expect(result.config.databasePath).toMatch(/[/\\]data[/\\]tracker\.db$/);
		expect(result.warnings).toEqual([]);
	});

	it('names the variable, its value and the range for a number that is not one', () => {
		expect(problemsOf({ PORT: 'abc' })).toEqual([
			'PORT must be a whole number from 1 to 65535; it is "abc".'
		]);
		expect(problemsOf({ PORT: '70000' })).toEqual([
			'PORT must be a whole number from 1 to 65535; it is "70000".'
		]);
		expect(problemsOf({ MAX_UPLOAD_BYTES: '5MB' })).toEqual([
			'MAX_UPLOAD_BYTES must be a whole number from 1024 to 1073741824; it is "5MB".'
		]);
		expect(problemsOf({ SUPPRESSION_THRESHOLD: '-1' })).toEqual([
			'SUPPRESSION_THRESHOLD must be a whole number from 1 to 1000; it is "-1".'
		]);
		expect(problemsOf({ API_RATE_LIMIT: '1.5' })).toEqual([
			'API_RATE_LIMIT must be a whole number from 1 to 1000000; it is "1.5".'
		]);
	});

	it('gives each mistake its own sentence', () => {
		expect(problemsOf({ PORT: 'abc', DEMO: 'maybe', LOG_LEVEL: 'loud' })).toEqual([
			'PORT must be a whole number from 1 to 65535; it is "abc".',
			'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; it is "loud".',
			'DEMO must be 1 or 0 (or true or false); it is "maybe".'
		]);
	});

	it('accepts a log level in capitals', () => {
		const result = read({ LOG_LEVEL: 'WARN' });
		expect(result.ok && result.config.logLevel).toBe('warn');
	});

	it('refuses a HOST written as an address with a scheme or a port', () => {
		expect(problemsOf({ HOST: 'http://tracker.example.org' })).toEqual([
			'HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0, without http:// or a port (PORT sets that); it is "http://tracker.example.org".'
		]);
		expect(problemsOf({ HOST: 'localhost:3000' })).toHaveLength(1);
		expect(problemsOf({ HOST: '::1' })).toEqual([]);
	});

	it('accepts an ORIGIN with a trailing slash, without it', () => {
		const result = read({ ORIGIN: 'https://tracker.example.org/' });
		expect(result.ok && result.config.origin).toBe('https://tracker.example.org');
	});

	it('refuses an ORIGIN with a path or no scheme', () => {
		expect(problemsOf({ ORIGIN: 'https://example.org/tracker' })).toEqual([
			'ORIGIN must be a site address such as https://tracker.example.org with no path; it is "https://example.org/tracker".'
		]);
		expect(problemsOf({ ORIGIN: 'tracker.example.org' })).toHaveLength(1);
	});

	it('refuses a DATABASE_PATH whose folder does not exist', () => {
		const folder = join(dir, 'missing');
		expect(problemsOf({ DATABASE_PATH: join(folder, 'tracker.db') })).toEqual([
			`The folder for the database (${folder}) does not exist. Create it, or set DATABASE_PATH to a file in a folder that exists.`
		]);
	});

	it.skipIf(process.getuid?.() === 0)(
		'refuses a DATABASE_PATH whose folder cannot be written to',
		() => {
			chmodSync(dir, 0o500);
			expect(problemsOf({})).toEqual([
				`The folder for the database (${dir}) cannot be written to. Give this user write access, or set DATABASE_PATH to a writable place.`
			]);
		}
	);

	it('refuses a DATABASE_PATH that names a folder', () => {
		const folder = join(dir, 'data');
		mkdirSync(folder);
		expect(problemsOf({ DATABASE_PATH: folder })).toEqual([
			`DATABASE_PATH names a folder (${folder}); set it to a file in that folder, such as ${join(folder, 'tracker.db')}.`
		]);
	});

	it('refuses a DATABASE_PATH inside a file', () => {
		const file = join(dir, 'notes.txt');
		writeFileSync(file, '');
		expect(problemsOf({ DATABASE_PATH: join(file, 'tracker.db') })).toEqual([
			`${file} is not a folder. Set DATABASE_PATH to a file in a folder.`
		]);
	});

	it('refuses a FIXTURES_DIR that is not a folder', () => {
		const missing = join(dir, 'no-framework');
		expect(problemsOf({ FIXTURES_DIR: missing })).toEqual([
			`FIXTURES_DIR must be a folder holding a framework (see fixtures/humber); ${missing} is not one. Correct it, or unset it to use the Humber framework.`
		]);
	});

	it('warns, without refusing, about a variable that looks like a misspelling of ours', () => {
		const result = read({ DATABSE_PATH: '/srv/tracker.db', port: '8080', DATABASE_URL: 'x' });
		expect(result.ok).toBe(true);
		expect(result.warnings).toEqual([
			'DATABSE_PATH is not a setting of Strategy Tracker and is ignored; did you mean DATABASE_PATH?',
			'port is not a setting of Strategy Tracker and is ignored; did you mean PORT?',
			'DATABASE_URL is not a setting of Strategy Tracker and is ignored; did you mean DATABASE_PATH?'
		]);
		expect(result.warnings.join(' ')).not.toContain('/srv/tracker.db');
	});

	it('warns alongside problems, so both are printed', () => {
		const result = read({ PORT: 'abc', HSOT: '0.0.0.0' });
		expect(result.ok).toBe(false);
		expect(result.warnings).toEqual([
			'HSOT is not a setting of Strategy Tracker and is ignored; did you mean HOST?'
		]);
	});
});
