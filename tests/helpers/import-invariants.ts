/**
 * What must hold of a database after any crash, checked the way the app would meet it: opened by
 * openDatabase (so a leftover -wal file is recovered first, as at the next start), then read.
 *
 * Each import is one transaction (src/db/figures.ts), so whatever moment a process died at, the
 * database holds every import wholly or not at all: no upload without all its revisions, no
 * revision without its upload, every figure equal to its latest revision, one audit entry per
 * upload, and each partner-quarter's submission counting every upload that touched it.
 * The submission check assumes nobody reviewed a return meanwhile, as in the crash tests.
 */
import { existsSync, statSync } from 'node:fs';

import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { sha256Hex } from '../../src/db/figures.js';

export interface ImportInvariantReport {
	/** Everything found wrong, in words; empty when the database is sound. */
	problems: string[];
	/** The size of the -wal file found beside the database before it was opened, or null. */
	walBytesBeforeOpen: number | null;
	walLeftAfterClose: boolean;
	uploads: number;
	latestUploadId: number | null;
	figures: number;
	revisions: number;
	/** The distinct comments of the current figures, to tell which import set them. */
	figureComments: string[];
}

const KEY_MATCH =
	'r.metric_id = f.metric_id AND r.partner_id = f.partner_id AND r.area_code = f.area_code ' +
	'AND r.year = f.year AND r.quarter = f.quarter';

export function checkImportInvariants(databasePath: string): ImportInvariantReport {
	const walPath = `${databasePath}-wal`;
	const walBytesBeforeOpen = existsSync(walPath) ? statSync(walPath).size : null;
	const db = openDatabase(databasePath);
	const problems: string[] = [];
	let report: Omit<ImportInvariantReport, 'problems' | 'walBytesBeforeOpen' | 'walLeftAfterClose'>;
	try {
		const sqlite = db.$client;
		const all = <T>(sql: string) => sqlite.prepare(sql).all() as T[];
		const one = (sql: string) => sqlite.prepare(sql).pluck().get() as number;

		const integrity = sqlite.prepare('PRAGMA integrity_check').pluck().all() as string[];
		if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.join('; ')}`);
		const foreignKeys = all<{ table: string; rowid: number; parent: string }>(
			'PRAGMA foreign_key_check'
		);
		for (const fk of foreignKeys.slice(0, 5))
			problems.push(`foreign_key_check: ${fk.table} row ${fk.rowid} has no ${fk.parent}`);

		const uploads = all<{
			id: number;
			rows: number;
			created: number;
			updated: number;
			unchanged: number;
			sha256: string;
			content: Buffer | null;
			revisions: number;
		}>(
			`SELECT u.id, u.rows, u.created, u.updated, u.unchanged, u.sha256, u.content,
				(SELECT count(*) FROM figure_revisions r WHERE r.upload_id = u.id) AS revisions
			FROM uploads u ORDER BY u.id`
		);
		for (const u of uploads) {
			if (u.revisions !== u.created + u.updated)
				problems.push(
					`upload ${u.id} created ${u.created} and updated ${u.updated} figures but has ${u.revisions} revisions`
				);
			if (u.created + u.updated + u.unchanged !== u.rows)
				problems.push(`upload ${u.id} counts do not add up to its ${u.rows} rows`);
			if (u.content && sha256Hex(u.content) !== u.sha256)
				problems.push(`upload ${u.id}'s stored bytes do not match its SHA-256`);
		}

		const orphanRevisions = one(
			`SELECT count(*) FROM figure_revisions r
			WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = r.upload_id)`
		);
		if (orphanRevisions > 0) problems.push(`${orphanRevisions} revisions have no upload`);

		const staleFigures = one(
			`SELECT count(*) FROM figures f LEFT JOIN figure_revisions r ON r.id = f.current_revision_id
			WHERE r.id IS NULL OR NOT (${KEY_MATCH}) OR r.kind <> f.kind OR r.value IS NOT f.value
				OR r.comment <> f.comment
				OR r.id <> (SELECT max(r2.id) FROM figure_revisions r2 WHERE r2.metric_id = f.metric_id
					AND r2.partner_id = f.partner_id AND r2.area_code = f.area_code
					AND r2.year = f.year AND r2.quarter = f.quarter)`
		);
		if (staleFigures > 0)
			problems.push(`${staleFigures} figures differ from their latest revision`);
		const keysWithoutFigure = one(
			`SELECT count(*) FROM (SELECT DISTINCT metric_id, partner_id, area_code, year, quarter
				FROM figure_revisions) r
			WHERE NOT EXISTS (SELECT 1 FROM figures f WHERE ${KEY_MATCH})`
		);
		if (keysWithoutFigure > 0)
			problems.push(`${keysWithoutFigure} revised figures have no current figure`);

		const unaudited = all<{ id: number; entries: number }>(
			`SELECT u.id, (SELECT count(*) FROM audit_log a WHERE a.action = 'figures.import'
				AND a.outcome = 'success' AND a.entity_id = CAST(u.id AS TEXT)) AS entries
			FROM uploads u`
		).filter((u) => u.entries !== 1);
		for (const u of unaudited.slice(0, 5))
			problems.push(`upload ${u.id} has ${u.entries} audit entries instead of 1`);
		const auditWithoutUpload = one(
			`SELECT count(*) FROM audit_log a WHERE a.action = 'figures.import' AND a.outcome = 'success'
				AND NOT EXISTS (SELECT 1 FROM uploads u WHERE CAST(u.id AS TEXT) = a.entity_id)`
		);
		if (auditWithoutUpload > 0)
			problems.push(`${auditWithoutUpload} import audit entries name an upload that is not there`);

		const unsubmitted = one(
			`SELECT count(*) FROM (SELECT DISTINCT partner_id, year, quarter FROM figure_revisions) r
			WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.partner_id = r.partner_id
				AND s.year = r.year AND s.quarter = r.quarter AND s.status = 'submitted')`
		);
		if (unsubmitted > 0)
			problems.push(`${unsubmitted} partner-quarters have figures but no submitted return`);
		const miscounted = one(
			`SELECT count(*) FROM submissions s WHERE s.version <> (SELECT count(DISTINCT r.upload_id)
				FROM figure_revisions r WHERE r.partner_id = s.partner_id AND r.year = s.year
				AND r.quarter = s.quarter)`
		);
		if (miscounted > 0)
			problems.push(
				`${miscounted} submissions' versions differ from the number of uploads that touched them`
			);
		const eventless = one(
			`SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM submission_events e
				WHERE e.submission_id = s.id AND e.to_status = 'submitted') <> 1`
		);
		if (eventless > 0)
			problems.push(`${eventless} submissions lack their one "submitted" event, or have several`);

		report = {
			uploads: uploads.length,
			latestUploadId: uploads.at(-1)?.id ?? null,
			figures: one('SELECT count(*) FROM figures'),
			revisions: one('SELECT count(*) FROM figure_revisions'),
			figureComments: sqlite
				.prepare('SELECT DISTINCT comment FROM figures ORDER BY comment')
				.pluck()
				.all() as string[]
		};
	} finally {
		closeDatabase(db);
	}
	return {
		problems,
		walBytesBeforeOpen,
		walLeftAfterClose: existsSync(walPath),
		...report
	};
}
