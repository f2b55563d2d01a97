/**
 * Writing figures: the one path by which every upload, form entry, API or CLI import and the demo
 * seed store figures. A commit is one synchronous transaction: the upload (with its exact bytes),
 * a revision per changed figure, the current figures, the submissions and the audit entry are all
 * stored, or none is.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';

import {
	classifyFigureChange,
	CREATED,
	figureKeyString,
	type FigureChange,
	type FigureKey,
	type FigureState
} from '../core/figure-changes.js';
import type { UploadSource } from '../core/framework.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import { createSubmissionQueries } from './submissions.js';
import { figures, uploads } from './schema.js';

export interface FigureInput extends FigureKey, FigureState {
	/** The row in the source file, as the spreadsheet numbers it; null for form entries. */
	sourceRow: number | null;
}

export interface UploadMeta {
	source: UploadSource;
	partnerId: number | null;
	fileName: string | null;
	contentType: string | null;
	/** The exact bytes received; null for a form entry or the demo seed. */
	content: Buffer | null;
	uploadedByUserId: number | null;
	apiTokenId?: number | null;
	submissionLinkId?: number | null;
	actorLabel: string;
	ip: string;
	/** When it happened (ISO UTC); defaults to now. The demo seed back-dates its uploads. */
	at?: string;
}

export interface PlannedFigure {
	input: FigureInput;
	change: FigureChange;
}

export interface CommitResult {
	uploadId: number | null;
	created: number;
	updated: number;
	unchanged: number;
	planned: PlannedFigure[];
}

/**
 * A quarter was approved (and so closed) between the check of a file and its commit. Thrown inside
 * the transaction, so nothing of the file is stored.
 */
export class LockedQuarterError extends Error {
	override name = 'LockedQuarterError';
	constructor(readonly locked: { partnerId: number; year: number; quarter: number }[]) {
		super('A quarter in this upload was closed while it was being checked.');
	}
}

/** Rows per multi-row insert of revisions: 12 parameters each, far below SQLite's limit of 32,766. */
const REVISION_CHUNK_ROWS = 500;

interface CurrentFigureRow extends FigureKey, FigureState {
	revisionId: number;
}

export function sha256Hex(bytes: Buffer | string): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function createFiguresRepository(db: Db) {
	/**
	 * Reads the current figures of the given keys' metrics for their partners and quarters: one
	 * prepared statement, run once per partner and quarter (the figures_partner_period_idx index).
	 * Building a query per group through the query builder cost more than reading the rows.
	 */
	function findCurrent(keys: FigureKey[]): Map<string, FigureState & { revisionId: number }> {
		const found = new Map<string, FigureState & { revisionId: number }>();
		const groups = new Map<string, FigureKey & { metricIds: Set<number> }>();
		for (const k of keys) {
			const g = `${k.partnerId}|${k.year}|${k.quarter}`;
			let group = groups.get(g);
			if (!group) groups.set(g, (group = { ...k, metricIds: new Set() }));
			group.metricIds.add(k.metricId);
		}
		const statement = db.$client.prepare<[number, number, number], CurrentFigureRow>(
			`select metric_id as metricId, partner_id as partnerId, area_code as areaCode, year,
				quarter, kind, value, comment, current_revision_id as revisionId
			from figures where partner_id = ? and year = ? and quarter = ?`
		);
		for (const g of groups.values())
			for (const r of statement.all(g.partnerId, g.year, g.quarter))
				if (g.metricIds.has(r.metricId))
					found.set(figureKeyString(r), {
						kind: r.kind,
						value: r.value,
						comment: r.comment,
						revisionId: r.revisionId
					});
		return found;
	}

	/** The current figures of some partners for one quarter, keyed by `figureKeyString`. */
	function findForPeriod(
		partnerIds: number[],
		period: { year: number; quarter: number }
	): Map<string, FigureState> {
		const found = new Map<string, FigureState>();
		for (let i = 0; i < partnerIds.length; i += 500) {
			const rows = db
				.select()
				.from(figures)
				.where(
					and(
						eq(figures.year, period.year),
						eq(figures.quarter, period.quarter),
						inArray(figures.partnerId, partnerIds.slice(i, i + 500))
					)
				)
				.all();
			for (const r of rows)
				found.set(figureKeyString(r), { kind: r.kind, value: r.value, comment: r.comment });
		}
		return found;
	}

	/** What committing these figures would do, without writing anything (the dry run). */
	function plan(inputs: FigureInput[]): PlannedFigure[] {
		return planAgainst(findCurrent(inputs), inputs);
	}

	function planAgainst(
		current: Map<string, FigureState & { revisionId: number }>,
		inputs: FigureInput[]
	): PlannedFigure[] {
		// Nothing stored yet for these figures (a first upload): no key to build for each of them.
		if (current.size === 0) return inputs.map((input) => ({ input, change: CREATED }));
		return inputs.map((input) => ({
			input,
			change: classifyFigureChange(current.get(figureKeyString(input)), input)
		}));
	}

	/**
	 * Stores the figures. When nothing would change (the same file again), nothing is written and
	 * `uploadId` is null: re-sending a file is harmless.
	 */
	function commit(meta: UploadMeta, inputs: FigureInput[]): CommitResult {
		return db.transaction((tx) => {
			// Planned inside the transaction so a concurrent upload cannot slip between plan and write.
			const locked = approvedAmong(tx as unknown as Db, inputs);
			if (locked.length > 0) throw new LockedQuarterError(locked);
			const current = findCurrent(inputs);
			const planned = planAgainst(current, inputs);
			const counts = { created: 0, updated: 0, unchanged: 0 };
			for (const p of planned) counts[p.change.type] += 1;
			if (counts.created + counts.updated === 0) return { uploadId: null, ...counts, planned };

			const at = meta.at ?? new Date().toISOString();
			const bytes = meta.content;
			const [upload] = tx
				.insert(uploads)
				.values({
					source: meta.source,
					partnerId: meta.partnerId,
					fileName: meta.fileName,
					contentType: meta.contentType,
					byteSize: bytes?.length ?? 0,
					sha256: sha256Hex(bytes ?? JSON.stringify(inputs)),
					content: bytes,
					uploadedByUserId: meta.uploadedByUserId,
					apiTokenId: meta.apiTokenId ?? null,
					submissionLinkId: meta.submissionLinkId ?? null,
					actorLabel: meta.actorLabel,
					ip: meta.ip,
					rows: inputs.length,
					...counts,
					uploadedAt: at
				})
				.returning({ id: uploads.id })
				.all();
			const uploadId = upload!.id;

			insertRevisions(uploadId, planned, current, at);
			// Each key appears once in a file (validate-import.ts refuses duplicates), so the
			// upload's revisions are exactly the figures to write, each with its revision's id. They
			// are read as a range of ids from the upload's first (`+upload_id` keeps SQLite off the
			// upload index, a look-up per row): about a sixth quicker for a large file.
			db.$client
				.prepare(
					`insert into figures (metric_id, partner_id, area_code, year, quarter, kind, value,
						comment, current_revision_id, updated_at)
					select metric_id, partner_id, area_code, year, quarter, kind, value, comment, id, created_at
					from figure_revisions
					where id >= (select min(id) from figure_revisions where upload_id = ?) and +upload_id = ?
					on conflict (metric_id, partner_id, area_code, year, quarter) do update set
						kind = excluded.kind, value = excluded.value, comment = excluded.comment,
						current_revision_id = excluded.current_revision_id, updated_at = excluded.updated_at`
				)
				.run(uploadId, uploadId);

			markSubmitted(planned, meta, at);
			appendAudit(tx, {
				actorUserId: meta.uploadedByUserId,
				actorLabel: meta.actorLabel,
				ip: meta.ip,
				action: 'figures.import',
				entityType: 'upload',
				entityId: uploadId,
				partnerId: meta.partnerId,
				after: { source: meta.source, fileName: meta.fileName, rows: inputs.length, ...counts }
			});
			return { uploadId, ...counts, planned };
		});
	}

	/** The partner-quarters among the inputs that are approved, read inside the transaction. */
	function approvedAmong(
		tx: Db,
		inputs: FigureInput[]
	): { partnerId: number; year: number; quarter: number }[] {
		const locked = createSubmissionQueries(tx).lockedKeys();
		const pairs = new Map<string, { partnerId: number; year: number; quarter: number }>();
		for (const i of inputs) {
			const key = `${i.partnerId}|${i.year}|${i.quarter}`;
			if (locked.has(key)) pairs.set(key, i);
		}
		return [...pairs.values()].map(({ partnerId, year, quarter }) => ({
			partnerId,
			year,
			quarter
		}));
	}

	/**
	 * The upload's revisions, in multi-row inserts of a fixed number of rows (one statement
	 * prepared for the full chunks, one for the rest): one call into SQLite per chunk, not per row.
	 */
	function insertRevisions(
		uploadId: number,
		planned: PlannedFigure[],
		current: Map<string, FigureState & { revisionId: number }>,
		at: string
	): void {
		const insertChunk = (rows: number) =>
			db.$client.prepare(
				`insert into figure_revisions (metric_id, partner_id, area_code, year, quarter, kind,
					value, comment, upload_id, source_row, previous_revision_id, created_at)
				values ${new Array<string>(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`
			);
		const fullChunk = insertChunk(REVISION_CHUNK_ROWS);
		const values: (string | number | null)[] = [];
		let rows = 0;
		const inKeyOrder = planned
			.filter((p) => p.change.type !== 'unchanged')
			.sort(
				(a, b) =>
					a.input.metricId - b.input.metricId ||
					a.input.partnerId - b.input.partnerId ||
					(a.input.areaCode < b.input.areaCode
						? -1
						: a.input.areaCode > b.input.areaCode
							? 1
							: 0) ||
					a.input.year - b.input.year ||
					a.input.quarter - b.input.quarter
			);
		for (const { input, change } of inKeyOrder) {
			const previous =
				change.type === 'updated' ? current.get(figureKeyString(input))?.revisionId : undefined;
			values.push(
				input.metricId,
				input.partnerId,
				input.areaCode,
				input.year,
				input.quarter,
				input.kind,
				input.value,
				input.comment,
				uploadId,
				input.sourceRow,
				previous ?? null,
				at
			);
			if (++rows === REVISION_CHUNK_ROWS) {
				fullChunk.run(values);
				values.length = 0;
				rows = 0;
			}
		}
		if (rows > 0) insertChunk(rows).run(values);
	}

	/** Each partner-quarter the upload touched is submitted, with an event when that is news. */
	function markSubmitted(planned: PlannedFigure[], meta: UploadMeta, at: string): void {
		const touched = new Map<string, { partnerId: number; year: number; quarter: number }>();
		for (const { input, change } of planned)
			if (change.type !== 'unchanged')
				touched.set(`${input.partnerId}|${input.year}|${input.quarter}`, input);
		// Prepared once for the whole upload: a large file touches thousands of partner-quarters.
		const statusOf = db.$client
			.prepare<[number, number, number], string>(
				'select status from submissions where partner_id = ? and year = ? and quarter = ?'
			)
			.pluck();
		const submit = db.$client
			.prepare<[number, number, number, string, string, string], number>(
				`insert into submissions (partner_id, year, quarter, status, first_submitted_at,
					last_submitted_at, updated_at)
				values (?, ?, ?, 'submitted', ?, ?, ?)
				on conflict (partner_id, year, quarter) do update set
					status = 'submitted',
					first_submitted_at = coalesce(submissions.first_submitted_at, excluded.first_submitted_at),
					last_submitted_at = excluded.last_submitted_at,
					version = submissions.version + 1,
					updated_at = excluded.updated_at
				returning id`
			)
			.pluck();
		const addEvent = db.$client.prepare<[number, string, number | null, string, string]>(
			`insert into submission_events (submission_id, from_status, to_status, actor_user_id,
				actor_label, at)
			values (?, ?, 'submitted', ?, ?, ?)`
		);
		for (const t of touched.values()) {
			const fromStatus = statusOf.get(t.partnerId, t.year, t.quarter) ?? 'not_started';
			const submissionId = submit.get(t.partnerId, t.year, t.quarter, at, at, at)!;
			if (fromStatus !== 'submitted')
				addEvent.run(submissionId, fromStatus, meta.uploadedByUserId, meta.actorLabel, at);
		}
	}

	return { findCurrent, findForPeriod, plan, commit };
}

export type FiguresRepository = ReturnType<typeof createFiguresRepository>;
