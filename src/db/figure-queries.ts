/** Reading current figures for the dashboards. */
import { and, eq, gte, lte } from 'drizzle-orm';

import type { DatedFigure } from '../core/progress.js';
import type { Db } from './client.js';
import { figures } from './schema.js';

export function createFigureQueries(db: Db) {
	/** Every current figure in the financial years from `fromYear` to `toYear`, inclusive. */
	function findForYears(fromYear: number, toYear: number): DatedFigure[] {
		return db
			.select({
				metricId: figures.metricId,
				partnerId: figures.partnerId,
				areaCode: figures.areaCode,
				year: figures.year,
				quarter: figures.quarter,
				kind: figures.kind,
				value: figures.value
			})
			.from(figures)
			.where(and(gte(figures.year, fromYear), lte(figures.year, toYear)))
			.all();
	}

	/** One metric's current figures in the financial years from `fromYear` to `toYear`, inclusive. */
	function findForMetric(metricId: number, fromYear: number, toYear: number): DatedFigure[] {
		return db
			.select({
				metricId: figures.metricId,
				partnerId: figures.partnerId,
				areaCode: figures.areaCode,
				year: figures.year,
				quarter: figures.quarter,
				kind: figures.kind,
				value: figures.value
			})
			.from(figures)
			.where(
				and(eq(figures.metricId, metricId), gte(figures.year, fromYear), lte(figures.year, toYear))
			)
			.all();
	}

	return { findForYears, findForMetric };
}

export type FigureQueries = ReturnType<typeof createFigureQueries>;
