/**
 * The stored current figures in long format, one row per partner, metric, area and quarter, with
 * the revision and upload that set each one: what `GET /api/v1/values` pages through. Callers
 * decide whose figures a reader may see and pass the partner as a filter.
 */
import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';

import type { FigureKind, UploadSource } from '../core/framework.js';
import type { Db } from './client.js';
import { figureRevisions, figures, metrics, partners, uploads } from './schema.js';

/** Each field narrows the rows; an absent one does not. */
export interface ValueFilter {
	year?: number;
	quarter?: number;
	metricId?: number;
	partnerId?: number;
	areaCode?: string;
}

export interface ValuePage {
	limit: number;
	offset: number;
}

export interface StoredValueRow {
	metricId: number;
	metricCode: string;
	partnerId: number;
	partnerCode: string;
	areaCode: string;
	year: number;
	quarter: number;
	kind: FigureKind;
	value: number | null;
	comment: string;
	revisionId: number;
	uploadId: number;
	source: UploadSource;
	uploadedAt: string;
}

function whereOf(filter: ValueFilter): SQL | undefined {
	return and(
		filter.year === undefined ? undefined : eq(figures.year, filter.year),
		filter.quarter === undefined ? undefined : eq(figures.quarter, filter.quarter),
		filter.metricId === undefined ? undefined : eq(figures.metricId, filter.metricId),
		filter.partnerId === undefined ? undefined : eq(figures.partnerId, filter.partnerId),
		filter.areaCode === undefined ? undefined : eq(figures.areaCode, filter.areaCode)
	);
}

export function createValueQueries(db: Db) {
	/**
	 * One page of the figures matching `filter`, and how many match in all. Ordered by quarter,
	 * metric, partner and area (ids, in the order the framework was loaded), a total order, so
	 * that consecutive pages neither repeat nor skip a row while nothing is imported between them.
	 */
	function paginate(
		filter: ValueFilter,
		page: ValuePage
	): { total: number; rows: StoredValueRow[] } {
		const where = whereOf(filter);
		const [counted] = db.select({ total: count() }).from(figures).where(where).all();
		return { total: counted?.total ?? 0, rows: select(where, page.limit, page.offset) };
	}

	/**
	 * Up to `limit` figures matching `filter` that come after `after` in paginate's order (from the
	 * first when null): for reading every figure a page at a time (the export) without counting
	 * them each time, nor stepping over the pages already read as an offset would.
	 */
	function findAfter(
		filter: ValueFilter,
		after: StoredValueRow | null,
		limit: number
	): StoredValueRow[] {
		const beyond = after
			? sql`(${figures.year}, ${figures.quarter}, ${figures.metricId}, ${figures.partnerId}, ${figures.areaCode}) > (${after.year}, ${after.quarter}, ${after.metricId}, ${after.partnerId}, ${after.areaCode})`
			: undefined;
		return select(and(whereOf(filter), beyond), limit, 0);
	}

	function select(where: SQL | undefined, limit: number, offset: number): StoredValueRow[] {
		return db
			.select({
				metricId: figures.metricId,
				metricCode: metrics.code,
				partnerId: figures.partnerId,
				partnerCode: partners.code,
				areaCode: figures.areaCode,
				year: figures.year,
				quarter: figures.quarter,
				kind: figures.kind,
				value: figures.value,
				comment: figures.comment,
				revisionId: figures.currentRevisionId,
				uploadId: figureRevisions.uploadId,
				source: uploads.source,
				uploadedAt: uploads.uploadedAt
			})
			.from(figures)
			.innerJoin(metrics, eq(metrics.id, figures.metricId))
			.innerJoin(partners, eq(partners.id, figures.partnerId))
			.innerJoin(figureRevisions, eq(figureRevisions.id, figures.currentRevisionId))
			.innerJoin(uploads, eq(uploads.id, figureRevisions.uploadId))
			.where(where)
			.orderBy(
				asc(figures.year),
				asc(figures.quarter),
				asc(figures.metricId),
				asc(figures.partnerId),
				asc(figures.areaCode)
			)
			.limit(limit)
			.offset(offset)
			.all();
	}

	return { paginate, findAfter };
}

export type ValueQueries = ReturnType<typeof createValueQueries>;
