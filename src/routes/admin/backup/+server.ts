import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { backupDatabase } from '$db/backup';
import { actorOf } from '$lib/server/admin';
import type { RequestHandler } from './$types';

/**
 * The coordinator's download of the whole database: the same checked online backup as
 * `strategy-tracker backup`, taken while the server runs. It holds every partner's figures and
 * files, the users and the audit log, so taking it is audited.
 */
export const GET: RequestHandler = async (event) => {
	const { locals } = event;
	const dir = mkdtempSync(join(tmpdir(), 'strategy-tracker-backup-'));
	try {
		const date = locals.services.now().toISOString().slice(0, 10);
		const name = `strategy-tracker-${date}.db`;
		const summary = await backupDatabase(locals.services.db, join(dir, name));
		const actor = actorOf(event);
		locals.services.audit({
			actorUserId: actor.userId,
			actorLabel: actor.label,
			ip: actor.ip,
			action: 'database.backup',
			entityType: 'database',
			detail: `downloaded ${name}: ${summary.figures} figures, ${summary.uploads} uploads, ${summary.auditEntries} audit entries`
		});
		return new Response(new Uint8Array(readFileSync(summary.path)), {
			headers: {
				'content-type': 'application/vnd.sqlite3',
				'content-disposition': `attachment; filename="${name}"`,
				'x-content-type-options': 'nosniff'
			}
		});
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
};
