/**
 * The dashboards' aggregates (db/figure-queries.ts) kept until the data changes: the statement
 * reads every expected reporter's figure in every quarter shown, several times the cost of the
 * rest of a page, and its answer changes only when figures or the framework do.
 */
import type { AreaScope } from '../core/combine-figures.js';
import { periodIndex, type Period } from '../core/periods.js';
import type { FigureQueries } from '../db/figure-queries.js';
import type { DataCache } from './data-cache.js';

export function cacheFigureAggregates(queries: FigureQueries, cache: DataCache): FigureQueries {
	return {
		...queries,
		findAggregates(metricIds: number[], area: AreaScope, quarters: Period[]) {
			// Everything the statement reads from its arguments, and nothing else.
			const key = JSON.stringify([
				'aggregates',
				metricIds,
				area.code,
				area.partnershipWide,
				quarters.map(periodIndex)
			]);
			return cache.get(key, () => queries.findAggregates(metricIds, area, quarters));
		}
	};
}
