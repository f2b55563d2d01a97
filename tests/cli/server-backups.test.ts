/**
 * The built server with BACKUP_DIR: it writes its own backup at start, and `restore` refuses to
 * swap the database under it, then restores once it has stopped. Listens on 127.0.0.1 only.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import { startServer, type RunningServer } from '../helpers/start-server.js';

describe('scheduled backups and restore against the running server', () => {
	let dir: string;
	let server: RunningServer | undefined;

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'strategy-tracker-server-backups-'));
	});

	afterEach(async () => {
		await server?.stop();
		server = undefined;
		rmSync(dir, { recursive: true, force: true });
	});

	async function restore(file: string) {
		const errors: string[] = [];
		const code = await runCli(['restore', file], {
			out: () => {},
			err: (text) => errors.push(text),
			env: { DATABASE_PATH: join(dir, 'tracker.db'), LOG_LEVEL: 'silent' }
		});
		return { code, err: errors.join('') };
	}

	async function waitForBackup(backupDir: string): Promise<string> {
		const deadline = Date.now() + 20_000;
		for (;;) {
			const found = readdirSync(backupDir).filter((name) => /^tracker-.*Z\.db$/.test(name));
			if (found.length) return join(backupDir, found[0]!);
			if (Date.now() > deadline)
				throw new Error(`No scheduled backup in ${backupDir} after 20 s:\n${server?.output()}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	it('backs up at start, and the backup is restored only once the server has stopped', async () => {
		const backupDir = join(dir, 'backups');
		server = await startServer({ DEMO: '0', BACKUP_DIR: backupDir }, { dir });
		const backup = await waitForBackup(backupDir);

		const refused = await restore(backup);
		expect(refused.code).toBe(1);
		expect(refused.err).toMatch(
			/is in use, most likely by the running server\. Stop the server first/
		);

		expect(await server.stop()).toBe(0);
		server = undefined;
		const restored = await restore(backup);
		expect(restored.code, restored.err).toBe(0);
	}, 60_000);
});
