/** Reading current figures for the dashboards. */
import { and, gte, lte } from 'drizzle-orm';

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

	return { findForYears };
}

export type FigureQueries = ReturnType<typeof createFigureQueries>;
