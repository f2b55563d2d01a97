/**
 * `strategy-tracker import` and `template`: in-process through runCli for the behaviour, and a
 * few real processes (from source, through tsx) for the exit codes a shell script sees.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { runCli, type CliIo } from '../../src/cli.js';
import type { ImportSummary } from '../../src/core/import-issues.js';
import { TEST_NOW, tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';

interface Run {
	code: number;
	out: string;
	err: string;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STACK_LINE = /^\s+at /m;
const GOOD = 'metric_code,area,value,comment\r\nP2.01,HULL,12,\r\nP2.01,ERY,7,\r\n';
const BAD = 'metric_code,area,value\r\nP2.01,HULL,twelve\r\nP2.01,ERY,7\r\n';

let database: TempDatabasePath;
let seeded: TempDatabasePath;

/** Runs the command in-process, on "today" fixed at TEST_NOW, as the API tests are. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
	const out: string[] = [];
	const err: string[] = [];
	const io: CliIo = {
		out: (text) => out.push(text),
		err: (text) => err.push(text),
		env: { DATABASE_PATH: database.path, LOG_LEVEL: 'silent', ...env },
		now: () => new Date(TEST_NOW)
	};
	const code = await runCli(argv, io);
	return { code, out: out.join(''), err: err.join('') };
}

function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = new Database(database.path, { readonly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}
const count = (table: 'uploads' | 'figures') =>
	query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n;

function writeFile(name: string, content: string | Buffer): string {
	const path = join(database.dir, name);
	writeFileSync(path, content);
	return path;
}

beforeAll(async () => {
	// Seeded once and copied for each test: loading the framework is the slow part.
	seeded = tempDatabasePath();
	database = seeded;
	expect((await run(['seed'])).code).toBe(0);
});

afterAll(() => {
	seeded.remove();
});

beforeEach(() => {
	database = tempDatabasePath();
	const db = new Database(seeded.path);
	try {
		db.exec(`VACUUM INTO '${database.path.replaceAll("'", "''")}'`);
	} finally {
		db.close();
	}
});

afterEach(() => {
	database.remove();
});

describe('strategy-tracker import', () => {
	it('stores a good file, says what it did and exits 0; the upload is marked as from the CLI', async () => {
		const file = writeFile('hp-q1.csv', GOOD);
		const result = await run(['import', file, '--partner', 'HP', '--period', '2025-26 Q1']);
		expect(result).toEqual({
			code: 0,
			out: '2 rows read: 2 were created, 0 updated, 0 unchanged, 0 skipped.\n',
			err: ''
		});
		expect(count('figures')).toBe(2);
		const [upload] = query<Record<string, unknown>>('SELECT * FROM uploads');
		expect(upload).toMatchObject({
			source: 'cli',
			file_name: 'hp-q1.csv',
			byte_size: Buffer.byteLength(GOOD),
			sha256: createHash('sha256').update(GOOD).digest('hex'),
			uploaded_by_user_id: null,
			api_token_id: null,
			actor_label: `command line (${userInfo().username})`
		});
		expect(Buffer.compare(upload!.content as Buffer, Buffer.from(GOOD))).toBe(0);
	});

	it('checks without storing on --dry-run, and shows each stored figure the file changes', async () => {
		const file = writeFile('hp-q1.csv', GOOD);
		expect((await run(['import', file, '--partner', 'HP', '--period', '2025-26-q1'])).code).toBe(0);
		const changed = writeFile(
			'hp-q1-revised.csv',
			'metric_code,area,value,comment\r\nP2.01,HULL,14,\r\nP2.01,ERY,7,late return\r\n'
		);
		const result = await run([
			'import',
			changed,
			'--partner',
			'hp',
			'--period',
			'2025-26-q1',
			'--dry-run'
		]);
		expect(result).toEqual({
			code: 0,
			out:
				'2 rows read: 0 would be created, 2 updated, 0 unchanged, 0 skipped.\n' +
				'Updated: row 2, HP P2.01 HULL 2025-26 Q1: 12 → 14\n' +
				'Updated: row 3, HP P2.01 ERY 2025-26 Q1: the comment changed\n',
			err: ''
		});
		expect(count('uploads')).toBe(1);
	});

	it('rejects a file with errors: each problem on its own line, nothing stored, exit 1', async () => {
		const file = writeFile('bad.csv', BAD);
		const result = await run(['import', file, '--partner', 'HP', '--period', '2025-26-q1']);
		expect(result).toEqual({
			code: 1,
			out:
				'Rejected: 1 problem to fix; nothing was stored.\n' +
				'Error: Row 2, value: "twelve" is not a number. Leave the cell empty if the figure is not available.\n',
			err: ''
		});
		expect(count('uploads')).toBe(0);
		expect(count('figures')).toBe(0);
	});

	it('prints warnings after the verdict', async () => {
		const file = writeFile(
			'extra.csv',
			'metric_code,metric_name,area,value\r\nP2.01,Crimes,HULL,n/a\r\n'
		);
		const result = await run(['import', file, '--partner', 'HP', '--period', '2025-26-q1']);
		expect(result.code).toBe(0);
		const lines = result.out.trimEnd().split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[0]).toBe('1 row read: 1 were created, 0 updated, 0 unchanged, 0 skipped.');
		expect(lines.slice(1).every((l) => l.startsWith('Warning: '))).toBe(true);
		expect(lines.join('\n')).toMatch(/"metric_name"/);
	});

	it('prints the summary as JSON with --json, the same object the API answers with', async () => {
		const file = writeFile('bad.csv', BAD);
		const result = await run([
			'import',
			file,
			'--json',
			'--dry-run',
			'--partner',
			'HP',
			'--period',
			'2025-26-q1'
		]);
		expect(result.code).toBe(1);
		const summary = JSON.parse(result.out) as ImportSummary;
		expect(summary).toMatchObject({ ok: false, dryRun: true, rows: 2, changes: [] });
		expect(summary.errors).toEqual([
			expect.objectContaining({ row: 2, column: 'value', value: 'twelve', code: 'not-a-number' })
		]);
		const good = await run([
			'import',
			writeFile('good.csv', GOOD),
			'--json',
			'--partner',
			'HP',
			'--period',
			'2025-26-q1'
		]);
		expect(good.code).toBe(0);
		expect(JSON.parse(good.out)).toMatchObject({ ok: true, dryRun: false, created: 2 });
	});

	it('takes partners from a partner_code column when no --partner is given', async () => {
		const file = writeFile(
			'several.csv',
			'partner_code,metric_code,area,value\r\nHP,P2.01,HULL,12\r\nHCC,P2.08,HULL,3\r\n'
		);
		const result = await run(['import', file, '--period', '2025-26-q1', '--json']);
		expect(result.code, result.out).toBe(0);
		expect(JSON.parse(result.out)).toMatchObject({ ok: true, created: 2 });
	});

	it.each([
		[['import'], /^"import" needs the file to import: use "strategy-tracker import FILE"\./],
		[['import', 'a.csv', 'b.csv'], /^"import" takes one file at a time/],
		[['import', 'a.csv', '--dryrun'], /'--dryrun'.*strategy-tracker help import/],
		[['import', 'a.csv', '--partner'], /--partner.*strategy-tracker help import/]
	])('refuses %j as a usage mistake (exit 2)', async (argv, message) => {
		const result = await run(argv);
		expect(result.code).toBe(2);
		expect(result.out).toBe('');
		expect(result.err).toMatch(message);
		expect(result.err).not.toMatch(STACK_LINE);
	});

	it('refuses a file that is not there, or is a folder, with exit 2, before touching the database', async () => {
		const missing = join(database.dir, 'nope.csv');
		expect(await run(['import', missing])).toEqual({
			code: 2,
			out: '',
			err: `There is no file ${missing}.\n`
		});
		expect(await run(['import', database.dir])).toEqual({
			code: 2,
			out: '',
			err: `${database.dir} is a folder, not a file.\n`
		});
	});

	it.skipIf(process.getuid?.() === 0)('refuses a file it may not read, with exit 2', async () => {
		const file = writeFile('secret.csv', GOOD);
		chmodSync(file, 0o000);
		const result = await run(['import', file]);
		expect(result).toEqual({
			code: 2,
			out: '',
			err: `${file} cannot be read: permission denied.\n`
		});
	});

	it('refuses an unknown partner with exit 2, listing the codes', async () => {
		const file = writeFile('good.csv', GOOD);
		const result = await run(['import', file, '--partner', 'HPX', '--period', '2025-26-q1']);
		expect(result.code).toBe(2);
		expect(result.out).toBe('');
		expect(result.err).toMatch(
			/^There is no partner with the code "HPX"\. The codes are: .*\bHP\b/
		);
		expect(count('uploads')).toBe(0);
	});

	it('refuses a quarter that is not one with exit 2, naming the label it might mean', async () => {
		const file = writeFile('good.csv', GOOD);
		const result = await run(['import', file, '--partner', 'HP', '--period', '2025 Q1']);
		expect(result.code).toBe(2);
		expect(result.out).toBe('');
		expect(result.err).toMatch(/2025-26/);
		expect(result.err.trimEnd().split('\n')).toHaveLength(1);
	});

	it('fails with exit 1 when no framework is loaded yet, and says what to run', async () => {
		const empty = tempDatabasePath();
		try {
			const file = writeFile('good.csv', GOOD);
			const result = await run(['import', file, '--partner', 'HP'], {
				DATABASE_PATH: empty.path
			});
			expect(result).toEqual({
				code: 1,
				out: '',
				err: 'There is no strategy framework yet: run "strategy-tracker seed" to load it first.\n'
			});
		} finally {
			empty.remove();
		}
	});
});

describe('strategy-tracker template', () => {
	it('prints the partner’s template for the quarter, as the API gives it', async () => {
		const result = await run(['template', '--partner', 'HP', '--period', '2025-26-q1']);
		expect(result.code).toBe(0);
		expect(result.err).toBe('');
		expect(
			result.out.startsWith(
				'\uFEFFmetric_code,metric_name,unit,period,area,target,value,comment\r\n'
			)
		).toBe(true);
		expect(result.out).toContain(
			'\r\nP2.01,Modern slavery crimes recorded,count,2025-26 Q1,HULL,,,\r\n'
		);
	});

	it('prints every partner’s rows with a partner_code column when no --partner is given', async () => {
		const result = await run(['template', '--period', '2025-26 Q1']);
		expect(result.code).toBe(0);
		expect(result.out.startsWith('\uFEFFpartner_code,metric_code,')).toBe(true);
	});

	it('writes the template to --out, byte for byte what it prints, and never over a file', async () => {
		const printed = await run(['template', '--partner', 'HP', '--period', '2025-26-q1']);
		const out = join(database.dir, 'hp.csv');
		const written = await run([
			'template',
			'--partner',
			'HP',
			'--period',
			'2025-26-q1',
			'--out',
			out
		]);
		expect(written).toEqual({ code: 0, out: `Wrote the template to ${out}.\n`, err: '' });
		expect(readFileSync(out)).toEqual(Buffer.from(printed.out, 'utf8'));

		writeFileSync(out, 'my filled-in figures');
		const again = await run([
			'template',
			'--partner',
			'HP',
			'--period',
			'2025-26-q1',
			'--out',
			out
		]);
		expect(again.code).toBe(1);
		expect(again.err).toBe(
			`${out} already exists: choose another name, or move it out of the way first.\n`
		);
		expect(readFileSync(out, 'utf8')).toBe('my filled-in figures');
	});

	it('makes a template that the import then accepts, once a figure is filled in', async () => {
		const out = join(database.dir, 'hp.csv');
		await run(['template', '--partner', 'HP', '--period', '2025-26-q1', '--out', out]);
		writeFileSync(out, readFileSync(out, 'utf8').replace(',HULL,,,\r\n', ',HULL,,5,\r\n'));
		const result = await run(['import', out, '--partner', 'HP', '--dry-run', '--json']);
		expect(result.code, result.out).toBe(0);
		expect(JSON.parse(result.out)).toMatchObject({ ok: true, created: 1 });
	});

	it.each([
		[['template', '--partner', 'HP'], /^"template" needs --period/],
		[['template', '--period', '2025 Q1'], /2025-26/],
		[
			['template', '--partner', 'NOPE', '--period', '2025-26-q1'],
			/^There is no partner with the code "NOPE"/
		],
		[['template', 'extra', '--period', '2025-26-q1'], /strategy-tracker help template/]
	])('refuses %j as a usage mistake (exit 2)', async (argv, message) => {
		const result = await run(argv);
		expect(result.code).toBe(2);
		expect(result.out).toBe('');
		expect(result.err).toMatch(message);
	});
});

describe('the strategy-tracker process', () => {
	/** The real command from source, as `npm run cli` runs it; exit code and output as a shell sees. */
	function spawnCli(argv: string[]): Promise<Run> {
		return new Promise((resolve, reject) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...argv], {
				cwd: REPO,
				env: { PATH: process.env.PATH, DATABASE_PATH: database.path, LOG_LEVEL: 'silent' },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let out = '';
			let err = '';
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
			child.once('error', reject);
			child.once('exit', (code) => resolve({ code: code ?? -1, out, err }));
		});
	}

	it('exits 0 for a good file, 1 for a rejected one and 2 for a usage mistake', async () => {
		const good = writeFile('good.csv', GOOD);
		const bad = writeFile('bad.csv', BAD);
		const [ok, rejected, usage] = await Promise.all([
			spawnCli([
				'import',
				good,
				'--partner',
				'HP',
				'--period',
				'2025-26-q1',
				'--dry-run',
				'--json'
			]),
			spawnCli(['import', bad, '--partner', 'HP', '--period', '2025-26-q1', '--dry-run']),
			spawnCli(['import', join(database.dir, 'missing.csv')])
		]);
		expect(ok.code, ok.err).toBe(0);
		expect(JSON.parse(ok.out)).toMatchObject({ ok: true, dryRun: true, created: 2 });
		expect(rejected.code, rejected.err).toBe(1);
		expect(rejected.out).toMatch(/^Rejected: 1 problem to fix\.\nError: Row 2, value:/);
		expect(usage).toMatchObject({ code: 2, out: '' });
		expect(usage.err).toMatch(/^There is no file .*missing\.csv\.\n$/);
		expect(existsSync(database.path)).toBe(true);
		expect(count('uploads')).toBe(0);
	}, 30_000);
});
