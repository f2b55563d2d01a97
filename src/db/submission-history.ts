/**
 * The history of what partners sent (DESIGN "My submissions"): each partner's submission per
 * quarter, the uploads behind it (with their original files) and every revision of every figure.
 * Callers decide who may see which partner; these queries take the partner as given.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';

import type { FigureKind, SubmissionStatus, UploadSource } from '../core/framework.js';
import type { Db } from './client.js';
import { figureRevisions, submissionEvents, submissions, uploads } from './schema.js';
import { submissionOf } from './submissions.js';

export interface SubmissionRow {
	id: number;
	partnerId: number;
	year: number;
	quarter: number;
	status: SubmissionStatus;
	firstSubmittedAt: string | null;
	lastSubmittedAt: string | null;
	reason: string | null;
}

export interface UploadRow {
	id: number;
	source: UploadSource;
	partnerId: number | null;
	fileName: string | null;
	contentType: string | null;
	byteSize: number;
	sha256: string;
	actorLabel: string;
	rows: number;
	created: number;
	updated: number;
	unchanged: number;
	uploadedAt: string;
	hasFile: boolean;
}

export interface RevisionRow {
	id: number;
	metricId: number;
	areaCode: string;
	kind: FigureKind;
	value: number | null;
	comment: string;
	uploadId: number;
	sourceRow: number | null;
	previousRevisionId: number | null;
	createdAt: string;
	actorLabel: string;
	source: UploadSource;
	fileName: string | null;
}

export interface MetricRevisionRow extends RevisionRow {
	partnerId: number;
	/** Whether the upload kept the original file, so it can be downloaded. */
	hasFile: boolean;
}

const uploadColumns = {
	id: uploads.id,
	source: uploads.source,
	partnerId: uploads.partnerId,
	fileName: uploads.fileName,
	contentType: uploads.contentType,
	byteSize: uploads.byteSize,
	sha256: uploads.sha256,
	actorLabel: uploads.actorLabel,
	rows: uploads.rows,
	created: uploads.created,
	updated: uploads.updated,
	unchanged: uploads.unchanged,
	uploadedAt: uploads.uploadedAt,
	hasFile: sql<number>`${uploads.content} is not null`
};

function toUpload(r: Omit<UploadRow, 'hasFile'> & { hasFile: number }): UploadRow {
	return { ...r, hasFile: r.hasFile === 1 };
}

/** The revisions of one partner's figures for one quarter. */
function revisionsOf(partnerId: number, year: number, quarter: number) {
	return and(
		eq(figureRevisions.partnerId, partnerId),
		eq(figureRevisions.year, year),
		eq(figureRevisions.quarter, quarter)
	);
}

export function createSubmissionHistory(db: Db) {
	/** Submissions, newest quarter first; of one partner, or of every partner when null. */
	function listSubmissions(partnerId: number | null): SubmissionRow[] {
		const query = db
			.select({
				id: submissions.id,
				partnerId: submissions.partnerId,
				year: submissions.year,
				quarter: submissions.quarter,
				status: submissions.status,
				firstSubmittedAt: submissions.firstSubmittedAt,
				lastSubmittedAt: submissions.lastSubmittedAt,
				reason: submissions.reason
			})
			.from(submissions)
			.orderBy(desc(submissions.year), desc(submissions.quarter), asc(submissions.partnerId));
		return partnerId === null
			? query.all()
			: query.where(eq(submissions.partnerId, partnerId)).all();
	}

	function findSubmission(partnerId: number, year: number, quarter: number) {
		const [row] = db
			.select()
			.from(submissions)
			.where(submissionOf(partnerId, year, quarter))
			.all();
		if (!row) return null;
		const events = db
			.select()
			.from(submissionEvents)
			.where(eq(submissionEvents.submissionId, row.id))
			.orderBy(asc(submissionEvents.at), asc(submissionEvents.id))
			.all();
		return { submission: row, events };
	}

	/** Every revision of a partner's figures for a quarter, oldest first, with the upload behind it. */
	function revisionsFor(partnerId: number, year: number, quarter: number): RevisionRow[] {
		return db
			.select({
				id: figureRevisions.id,
				metricId: figureRevisions.metricId,
				areaCode: figureRevisions.areaCode,
				kind: figureRevisions.kind,
				value: figureRevisions.value,
				comment: figureRevisions.comment,
				uploadId: figureRevisions.uploadId,
				sourceRow: figureRevisions.sourceRow,
				previousRevisionId: figureRevisions.previousRevisionId,
				createdAt: figureRevisions.createdAt,
				actorLabel: uploads.actorLabel,
				source: uploads.source,
				fileName: uploads.fileName
			})
			.from(figureRevisions)
			.innerJoin(uploads, eq(uploads.id, figureRevisions.uploadId))
			.where(revisionsOf(partnerId, year, quarter))
			.orderBy(asc(figureRevisions.id))
			.all();
	}

	/**
	 * Every revision of one metric's figures for a quarter, across partners, oldest first, with
	 * the upload behind it: the lineage of each figure on the metric page. The newest revision of a
	 * partner and area is its current figure (figures.current_revision_id points at it).
	 */
	function revisionsForMetric(
		metricId: number,
		year: number,
		quarter: number
	): MetricRevisionRow[] {
		return db
			.select({
				id: figureRevisions.id,
				partnerId: figureRevisions.partnerId,
				metricId: figureRevisions.metricId,
				areaCode: figureRevisions.areaCode,
				kind: figureRevisions.kind,
				value: figureRevisions.value,
				comment: figureRevisions.comment,
				uploadId: figureRevisions.uploadId,
				sourceRow: figureRevisions.sourceRow,
				previousRevisionId: figureRevisions.previousRevisionId,
				createdAt: figureRevisions.createdAt,
				actorLabel: uploads.actorLabel,
				source: uploads.source,
				fileName: uploads.fileName,
				hasFile: sql<number>`${uploads.content} is not null`
			})
			.from(figureRevisions)
			.innerJoin(uploads, eq(uploads.id, figureRevisions.uploadId))
			.where(
				and(
					eq(figureRevisions.metricId, metricId),
					eq(figureRevisions.year, year),
					eq(figureRevisions.quarter, quarter)
				)
			)
			.orderBy(asc(figureRevisions.id))
			.all()
			.map((r) => ({ ...r, hasFile: r.hasFile === 1 }));
	}

	/** The uploads that set any of a partner's figures for a quarter, newest first. */
	function uploadsFor(partnerId: number, year: number, quarter: number): UploadRow[] {
		const ids = db
			.selectDistinct({ id: figureRevisions.uploadId })
			.from(figureRevisions)
			.where(revisionsOf(partnerId, year, quarter))
			.all()
			.map((r) => r.id);
		if (ids.length === 0) return [];
		return db
			.select(uploadColumns)
			.from(uploads)
			.where(inArray(uploads.id, ids))
			.orderBy(desc(uploads.uploadedAt), desc(uploads.id))
			.all()
			.map(toUpload);
	}

	/** One upload with its original bytes, for download. */
	function findUploadFile(id: number) {
		const [row] = db
			.select({
				id: uploads.id,
				partnerId: uploads.partnerId,
				fileName: uploads.fileName,
				contentType: uploads.contentType,
				content: uploads.content,
				sha256: uploads.sha256
			})
			.from(uploads)
			.where(eq(uploads.id, id))
			.all();
		return row ?? null;
	}

	/** The partners whose figures an upload set: who may see it. */
	function partnersOfUpload(id: number): number[] {
		return db
			.selectDistinct({ partnerId: figureRevisions.partnerId })
			.from(figureRevisions)
			.where(eq(figureRevisions.uploadId, id))
			.all()
			.map((r) => r.partnerId);
	}

	return {
		listSubmissions,
		findSubmission,
		revisionsFor,
		revisionsForMetric,
		uploadsFor,
		findUploadFile,
		partnersOfUpload
	};
}

export type SubmissionHistory = ReturnType<typeof createSubmissionHistory>;
