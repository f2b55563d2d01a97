import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli, type CliIo } from '../../src/cli.js';
import { tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';

interface Run {
	code: number;
	out: string;
	err: string;
}

const STACK_LINE = /^\s+at /m;

describe('strategy-tracker', () => {
	let database: TempDatabasePath;

	beforeEach(() => {
		database = tempDatabasePath();
	});

	afterEach(() => {
		database.remove();
	});

	/** Runs the command in-process with only the environment given (DATABASE_PATH by default). */
	async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
		const out: string[] = [];
		const err: string[] = [];
		const io: CliIo = {
			out: (text) => out.push(text),
			err: (text) => err.push(text),
			env: { DATABASE_PATH: database.path, LOG_LEVEL: 'silent', ...env }
		};
		const code = await runCli(argv, io);
		return { code, out: out.join(''), err: err.join('') };
	}

	function auditCount(action: string): number {
		const db = new Database(database.path, { readonly: true });
		try {
			return db
				.prepare('SELECT count(*) FROM audit_log WHERE action = ?')
				.pluck()
				.get(action) as number;
		} finally {
			db.close();
		}
	}

	it('creates the database and applies the migrations', async () => {
		const result = await run(['migrate']);
		expect(result).toEqual({
			code: 0,
			out: `The database ${database.path} is up to date.\n`,
			err: ''
		});
		expect(existsSync(database.path)).toBe(true);
		expect((await run(['migrate'])).code).toBe(0);
	});

	it('seeds the framework and the demo data once; a second run adds nothing', async () => {
		const first = await run(['seed', '--demo']);
		expect(first.code).toBe(0);
		expect(first.err).toBe('');
		expect(first.out).toMatch(/^Loaded the framework from .*humber/);
		expect(first.out).toMatch(/Loaded the demo data: \d+ returns, \d+ figures\.\n/);
		expect(first.out).toMatch(
			/Demo users \(password "humber demo figures"\):\n {2}coordinator@example\.org/
		);

		const second = await run(['seed', '--demo']);
		expect(second).toEqual({
			code: 0,
			out:
				'The framework was already loaded; it was left as it is.\n' +
				'The demo data were already loaded; nothing was added.\n',
			err: ''
		});
		expect(auditCount('demo.seed')).toBe(1);
		expect(auditCount('framework.seed')).toBe(1);
	});

	it('seeds the framework alone without --demo', async () => {
		const result = await run(['seed']);
		expect(result.code).toBe(0);
		expect(result.out).toMatch(/^Loaded the framework from .*\.\n$/);
		expect(auditCount('demo.seed')).toBe(0);
	});

	it('refuses an unknown command with exit 2 and names it', async () => {
		const result = await run(['frobnicate']);
		expect(result.code).toBe(2);
		expect(result.out).toBe('');
		expect(result.err).toBe(
			'"frobnicate" is not a strategy-tracker command. Run "strategy-tracker help" to see the commands.\n'
		);
	});

	it('refuses an unknown flag with exit 2 and points to the command help', async () => {
		const result = await run(['seed', '--demos']);
		expect(result.code).toBe(2);
		expect(result.err).toContain("'--demos'");
		expect(result.err).toContain('strategy-tracker help seed');
		expect(result.err).not.toContain('To specify a positional argument');
		expect(existsSync(database.path)).toBe(false);
	});

	it('prints the usage for --help, help and help seed', async () => {
		for (const argv of [['--help'], ['-h'], ['help']]) {
			const result = await run(argv);
			expect(result.code, argv.join(' ')).toBe(0);
			expect(result.out).toMatch(/^Usage: strategy-tracker <command> \[options\]/);
			expect(result.out).toContain('seed [--demo]');
		}
		for (const argv of [
			['help', 'seed'],
			['seed', '--help']
		]) {
			const result = await run(argv);
			expect(result.code, argv.join(' ')).toBe(0);
			expect(result.out).toMatch(/^Usage: strategy-tracker seed \[--demo\]\n/);
		}
		expect(existsSync(database.path)).toBe(false);
	});

	it('prints the usage and exits 2 when no command is given', async () => {
		const result = await run([]);
		expect(result.code).toBe(2);
		expect(result.out).toMatch(/^Usage: strategy-tracker/);
	});

	it('refuses with exit 2 and one sentence when the database folder does not exist', async () => {
		const folder = join(database.dir, 'missing');
		for (const command of ['migrate', 'seed']) {
			const result = await run([command], { DATABASE_PATH: join(folder, 'tracker.db') });
			expect(result.code, command).toBe(2);
			expect(result.out).toBe('');
			expect(result.err).toBe(
				`The configuration has problems:\n- The folder for the database (${folder}) does not exist. Create it, or set DATABASE_PATH to a file in a folder that exists.\n`
			);
			expect(result.err).not.toMatch(STACK_LINE);
		}
		expect(existsSync(folder)).toBe(false);
	});

	it('fails with exit 1 and one line when the database file is damaged', async () => {
		writeFileSync(database.path, Buffer.alloc(4096, 'not a database '));
		const result = await run(['migrate']);
		expect(result.code).toBe(1);
		expect(result.err).toMatch(
			/^The database file .* is not a valid SQLite database or is damaged\./
		);
		expect(result.err.trimEnd().split('\n')).toHaveLength(1);
		expect(result.err).not.toMatch(STACK_LINE);
	});

	it('refuses a PORT that is not a number with exit 2 and names PORT', async () => {
		const result = await run(['migrate'], { PORT: 'abc' });
		expect(result.code).toBe(2);
		expect(result.err).toBe(
			'The configuration has problems:\n- PORT must be a whole number from 1 to 65535; it is "abc".\n'
		);
		expect(existsSync(database.path)).toBe(false);
	});

	it('warns about a misspelt variable on standard error and carries on without it', async () => {
		const result = await run(['migrate'], { DATABSE_PATH: join(database.dir, 'elsewhere.db') });
		expect(result.code).toBe(0);
		expect(result.err).toBe(
			'Warning: DATABSE_PATH is not a setting of Strategy Tracker and is ignored; did you mean DATABASE_PATH?\n'
		);
		expect(existsSync(database.path)).toBe(true);
		expect(existsSync(join(database.dir, 'elsewhere.db'))).toBe(false);
	});

	it('refuses serve --port that is not a number with exit 2', async () => {
		const result = await run(['serve', '--port', 'abc']);
		expect(result.code).toBe(2);
		expect(result.err).toContain('PORT must be a whole number');
	});
});
