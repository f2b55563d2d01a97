/**
 * Reading the strategy framework: strategy, priorities, metrics with their reporters, targets,
 * baselines, areas, partners and funding streams.
 */
import { asc, eq } from 'drizzle-orm';

import type { Framework, Metric, Strategy } from '../core/framework.js';
import type { Db } from './client.js';
import {
	areas,
	baselines,
	fundingStreamMetrics,
	fundingStreams,
	metricReporters,
	metrics,
	partners,
	priorities,
	strategies,
	targets
} from './schema.js';

export function createFrameworkRepository(db: Db) {
	function findStrategy(): Strategy | null {
		const [row] = db.select().from(strategies).orderBy(asc(strategies.id)).limit(1).all();
		return row ?? null;
	}

	/** The whole framework in a handful of queries. Throws if no strategy is loaded yet. */
	function load(): Framework {
		const strategy = findStrategy();
		if (!strategy) throw new Error('No strategy is loaded: run "strategy-tracker seed" first.');
		const priorityRows = db
			.select({
				id: priorities.id,
				number: priorities.number,
				title: priorities.title,
				description: priorities.description
			})
			.from(priorities)
			.where(eq(priorities.strategyId, strategy.id))
			.orderBy(asc(priorities.number))
			.all();
		const priorityNumber = new Map(priorityRows.map((p) => [p.id, p.number]));
		const areaRows = db.select().from(areas).orderBy(asc(areas.sortOrder), asc(areas.code)).all();
		const partnerRows = db.select().from(partners).orderBy(asc(partners.name)).all();

		const reportersByMetric = groupBy(db.select().from(metricReporters).all(), (r) => r.metricId);
		const targetsByMetric = groupBy(db.select().from(targets).all(), (t) => t.metricId);
		const areaOrder = new Map(areaRows.map((a, i) => [a.code, i]));
		// One per area a metric has one for (the unique index), in the areas' order.
		const baselinesByMetric = groupBy(
			db
				.select()
				.from(baselines)
				.all()
				.sort((a, b) => (areaOrder.get(a.areaCode) ?? 0) - (areaOrder.get(b.areaCode) ?? 0)),
			(b) => b.metricId
		);
		const streamLinks = db.select().from(fundingStreamMetrics).all();

		const metricRows = db
			.select()
			.from(metrics)
			.orderBy(asc(metrics.sortOrder), asc(metrics.code))
			.all();
		const metricList: Metric[] = metricRows
			.filter((m) => priorityNumber.has(m.priorityId))
			.map((m) => ({
				id: m.id,
				code: m.code,
				priorityId: m.priorityId,
				priorityNumber: priorityNumber.get(m.priorityId)!,
				name: m.name,
				unit: m.unit,
				direction: m.direction,
				partnerAggregation: m.partnerAggregation,
				periodAggregation: m.periodAggregation,
				amberTolerance: m.amberTolerance,
				sensitive: m.sensitive,
				leadPartnerId: m.leadPartnerId,
				definition: m.definition,
				countingRule: m.countingRule,
				dataSource: m.dataSource,
				owner: m.owner,
				caveats: m.caveats,
				status: m.status,
				reporters: (reportersByMetric.get(m.id) ?? []).map((r) => ({
					partnerId: r.partnerId,
					areaCode: r.areaCode
				})),
				targets: (targetsByMetric.get(m.id) ?? []).map((t) => ({
					year: t.year,
					quarter: t.quarter,
					areaCode: t.areaCode,
					value: t.value
				})),
				baselines: (baselinesByMetric.get(m.id) ?? []).map((b) => ({
					areaCode: b.areaCode,
					year: b.year,
					value: b.value
				})),
				fundingStreamIds: streamLinks
					.filter((l) => l.metricId === m.id)
					.map((l) => l.fundingStreamId)
			}));

		const streams = db
			.select()
			.from(fundingStreams)
			.orderBy(asc(fundingStreams.code))
			.all()
			.map((s) => ({
				...s,
				metricIds: streamLinks.filter((l) => l.fundingStreamId === s.id).map((l) => l.metricId)
			}));

		return {
			strategy,
			areas: areaRows.map((a) => ({
				code: a.code,
				name: a.name,
				population: a.population,
				populationSource: a.populationSource,
				partnershipWide: a.partnershipWide
			})),
			priorities: priorityRows,
			partners: partnerRows.map((p) => ({
				id: p.id,
				code: p.code,
				name: p.name,
				sector: p.sector,
				areaCode: p.areaCode,
				active: p.active
			})),
			metrics: metricList,
			fundingStreams: streams
		};
	}

	/** The partner organisations alone, by name; works before any strategy is loaded. */
	function listPartners(): { id: number; code: string; name: string; active: boolean }[] {
		return db
			.select({
				id: partners.id,
				code: partners.code,
				name: partners.name,
				active: partners.active
			})
			.from(partners)
			.orderBy(asc(partners.name))
			.all();
	}

	return { findStrategy, load, listPartners };
}

export type FrameworkRepository = ReturnType<typeof createFrameworkRepository>;

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
	const map = new Map<K, T[]>();
	for (const row of rows) {
		const k = key(row);
		const list = map.get(k);
		if (list) list.push(row);
		else map.set(k, [row]);
	}
	return map;
}
