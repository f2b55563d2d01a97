import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { hashSecret } from '../../src/auth/secrets.js';
import { runCli, type CliIo } from '../../src/cli.js';
import { tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';

interface Run {
	code: number;
	out: string;
	err: string;
}

const ORIGIN = 'https://tracker.example.org';
const STACK_LINE = /^\s+at /m;

describe('strategy-tracker user add and token create', () => {
	let database: TempDatabasePath;

	beforeEach(async () => {
		database = tempDatabasePath();
		expect((await run(['seed'])).code).toBe(0);
	});

	afterEach(() => {
		database.remove();
	});

	async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
		const out: string[] = [];
		const err: string[] = [];
		const io: CliIo = {
			out: (text) => out.push(text),
			err: (text) => err.push(text),
			env: { DATABASE_PATH: database.path, LOG_LEVEL: 'silent', ORIGIN, ...env }
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

	const userCount = () => query<{ n: number }>('SELECT count(*) AS n FROM users')[0]!.n;
	const tokenCount = () => query<{ n: number }>('SELECT count(*) AS n FROM api_tokens')[0]!.n;

	/** Expects exit 1 (or 2), one sentence on stderr, nothing on stdout and nothing created. */
	async function expectRefused(argv: string[], code: 1 | 2, message: string | RegExp) {
		const users = userCount();
		const tokens = tokenCount();
		const result = await run(argv);
		expect(result.code, argv.join(' ')).toBe(code);
		expect(result.out).toBe('');
		if (typeof message === 'string') expect(result.err).toBe(`${message}\n`);
		else expect(result.err).toMatch(message);
		expect(result.err.trimEnd().split('\n')).toHaveLength(1);
		expect(result.err).not.toMatch(STACK_LINE);
		expect(userCount()).toBe(users);
		expect(tokenCount()).toBe(tokens);
	}

	describe('user add', () => {
		it('adds a coordinator and prints a one-time set-password link on ORIGIN', async () => {
			const result = await run([
				'user',
				'add',
				'--email',
				' First.Coordinator@Example.org ',
				'--role',
				'coordinator',
				'--name',
				'Sam Patel'
			]);
			expect(result.code).toBe(0);
			expect(result.err).toBe('');
			const match = new RegExp(`^${ORIGIN}/set-password/([A-Za-z0-9_-]{40,})$`, 'm').exec(
				result.out
			);
			expect(match, result.out).not.toBeNull();
			expect(result.out).toMatch(/^Added first\.coordinator@example\.org as a coordinator\.\n/);
			expect(result.out).toContain('works once, for 72 hours');
			expect(result.out).toContain('Mail is not configured (SMTP_URL): send the link');

			const [user] = query<{ id: number; role: string; display_name: string; partner_id: null }>(
				'SELECT id, role, display_name, partner_id FROM users WHERE email = ?',
				'first.coordinator@example.org'
			);
			expect(user).toMatchObject({
				role: 'coordinator',
				display_name: 'Sam Patel',
				partner_id: null
			});
			// The link is stored only as a hash, unused, and belongs to this user.
			const links = query<{ user_id: number; used_at: string | null }>(
				'SELECT user_id, used_at FROM password_links WHERE token_hash = ?',
				hashSecret(match![1]!)
			);
			expect(links).toEqual([{ user_id: user!.id, used_at: null }]);

			const audit = query<{ actor_label: string; actor_user_id: number | null; entity_id: string }>(
				"SELECT actor_label, actor_user_id, entity_id FROM audit_log WHERE action = 'user.create'"
			);
			expect(audit).toEqual([
				{ actor_label: 'command line', actor_user_id: null, entity_id: String(user!.id) }
			]);
		});

		it('adds a partner user for a partner code given in any case', async () => {
			const result = await run([
				'user',
				'add',
				'--email',
				'lead@police.example.org',
				'--role',
				'partner',
				'--partner',
				'hp'
			]);
			expect(result.code).toBe(0);
			expect(result.out).toMatch(
				/^Added lead@police\.example\.org as a partner for Humberside Police \(HP\)\.\n/
			);
			const [user] = query<{ code: string }>(
				'SELECT p.code FROM users u JOIN partners p ON p.id = u.partner_id WHERE u.email = ?',
				'lead@police.example.org'
			);
			expect(user?.code).toBe('HP');
		});

		it('refuses a role that does not exist with exit 1 and lists the roles', async () => {
			await expectRefused(
				['user', 'add', '--email', 'x@example.org', '--role', 'admin'],
				1,
				'"admin" is not a role. Use one of: coordinator, funder, partner, viewer (viewer is a board member).'
			);
		});

		it('refuses an unknown partner code with exit 1 and lists the codes', async () => {
			await expectRefused(
				['user', 'add', '--email', 'x@example.org', '--role', 'partner', '--partner', 'NOPE'],
				1,
				/^There is no partner with the code "NOPE"\. The codes are: .*\bHP\b.*\.\n$/
			);
		});

		it('refuses an email address that is already a user with exit 1', async () => {
			expect(
				(await run(['user', 'add', '--email', 'twice@example.org', '--role', 'viewer'])).code
			).toBe(0);
			await expectRefused(
				['user', 'add', '--email', 'TWICE@example.org', '--role', 'funder'],
				1,
				'There is already a user with the email address twice@example.org.'
			);
		});

		it('refuses an email address in the wrong format with exit 1', async () => {
			await expectRefused(
				['user', 'add', '--email', 'not-an-email', '--role', 'viewer'],
				1,
				'Enter an email address in the right format, like name@example.org.'
			);
		});

		it('refuses --partner for a role that has no partner with exit 1', async () => {
			await expectRefused(
				['user', 'add', '--email', 'x@example.org', '--role', 'funder', '--partner', 'HP'],
				1,
				'Only partner users belong to a partner organisation: leave out --partner for the funder role.'
			);
		});

		it('refuses a name longer than 100 characters with exit 1', async () => {
			await expectRefused(
				['user', 'add', '--email', 'x@example.org', '--role', 'viewer', '--name', 'n'.repeat(101)],
				1,
				'--name must be 100 characters or fewer.'
			);
		});

		it('treats a missing --email, --role or partner code as a usage mistake (exit 2)', async () => {
			await expectRefused(
				['user', 'add', '--role', 'viewer'],
				2,
				'"user add" needs --email. Run "strategy-tracker help user" for its options.'
			);
			await expectRefused(
				['user', 'add', '--email', 'x@example.org'],
				2,
				'"user add" needs --role. Run "strategy-tracker help user" for its options.'
			);
			await expectRefused(
				['user', 'add', '--email', 'x@example.org', '--role', 'partner'],
				2,
				/^A partner user needs --partner CODE/
			);
		});

		it('treats a missing or unknown subcommand and an unknown flag as usage mistakes (exit 2)', async () => {
			await expectRefused(
				['user'],
				2,
				/^"user" needs a subcommand: use "strategy-tracker user add"/
			);
			await expectRefused(
				['user', 'delete', '--email', 'x@example.org'],
				2,
				/^"user delete" is not a command: use "strategy-tracker user add"/
			);
			await expectRefused(
				['user', 'add', '--email', 'x@example.org', '--role', 'viewer', '--admin'],
				2,
				/'--admin'.*strategy-tracker help user/
			);
		});

		it('fails with exit 1 and one sentence when no framework is loaded for a partner code', async () => {
			database.remove();
			database = tempDatabasePath();
			const result = await run([
				'user',
				'add',
				'--email',
				'x@example.org',
				'--role',
				'partner',
				'--partner',
				'HP'
			]);
			expect(result.code).toBe(1);
			expect(result.err).toBe(
				'There are no partner organisations yet: run "strategy-tracker seed" to load the framework first.\n'
			);
		});
	});

	describe('token create', () => {
		it('creates a token for a partner, prints it once and stores only its hash', async () => {
			const result = await run(['token', 'create', '--partner', 'HCC', '--name', 'Case system']);
			expect(result.code).toBe(0);
			expect(result.err).toBe('');
			const lines = result.out.trimEnd().split('\n');
			expect(lines[0]).toBe('Created the API token "Case system" for Hull City Council (HCC):');
			expect(lines[1]).toMatch(/^st_[A-Za-z0-9_-]{40,}$/);
			expect(lines[2]).toContain('shown only this once');
			const token = lines[1]!;

			const rows = query<{ name: string; prefix: string; token_hash: string; code: string }>(
				'SELECT t.name, t.prefix, t.token_hash, p.code FROM api_tokens t JOIN partners p ON p.id = t.partner_id'
			);
			expect(rows).toEqual([
				{
					name: 'Case system',
					prefix: token.slice(0, 9),
					token_hash: hashSecret(token),
					code: 'HCC'
				}
			]);
			expect(JSON.stringify(query('SELECT * FROM api_tokens'))).not.toContain(token);

			const audit = query<{ actor_label: string; actor_user_id: number | null }>(
				"SELECT actor_label, actor_user_id FROM audit_log WHERE action = 'token.create'"
			);
			expect(audit).toEqual([{ actor_label: 'command line', actor_user_id: null }]);
		});

		it('names the token after the partner when no --name is given', async () => {
			const result = await run(['token', 'create', '--partner', 'hp']);
			expect(result.code).toBe(0);
			expect(result.out).toMatch(
				/^Created the API token "Humberside Police API token" for Humberside Police \(HP\):\n/
			);
		});

		it('refuses an unknown partner with exit 1', async () => {
			await expectRefused(
				['token', 'create', '--partner', 'XYZ'],
				1,
				/^There is no partner with the code "XYZ"\./
			);
		});

		it('treats a missing --partner or subcommand as a usage mistake (exit 2)', async () => {
			await expectRefused(
				['token', 'create'],
				2,
				'"token create" needs --partner. Run "strategy-tracker help token" for its options.'
			);
			await expectRefused(
				['token', 'create', '--partner'],
				2,
				/^Option '--partner <value>' argument missing\./
			);
			await expectRefused(['token'], 2, /^"token" needs a subcommand/);
		});
	});

	it('documents both commands in the help', async () => {
		const help = await run(['help']);
		expect(help.out).toContain('user add --email E --role R [--partner CODE] [--name N]');
		expect(help.out).toContain('token create --partner CODE [--name N]');
		const user = await run(['help', 'user']);
		expect(user.code).toBe(0);
		expect(user.out).toMatch(/^Usage: strategy-tracker user add --email E --role R/);
		const token = await run(['token', '--help']);
		expect(token.code).toBe(0);
		expect(token.out).toMatch(/^Usage: strategy-tracker token create --partner CODE/);
	});
});
