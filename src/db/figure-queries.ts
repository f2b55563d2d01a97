/** Reading current figures for the dashboards and the metric page. */
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';

import type { AreaScope } from '../core/combine-figures.js';
import { periodIndex, type Period } from '../core/periods.js';
import type { DatedAggregate, DatedFigure } from '../core/progress.js';
import type { Db } from './client.js';
import { figures } from './schema.js';

/**
 * The aggregates of combine-figures.ts (FigureAggregate), one row per metric and quarter, worked
 * out in SQL so the dashboards never load every partner's figures:
 * - `quarters`: the quarters asked for, given as period indexes (periods.ts);
 * - `expected`: the reporters whose figures count for the area (every area for the partnership
 *   as a whole), and for `lead` metrics the lead partner alone;
 * - `pair_quarters`: each expected (partner, area) in each quarter, with its figure or none;
 *   `answer` is the figure as a number, 0 for a nil return, null for not collected or absent;
 * - `partner_quarters`: each partner's figure (its areas added up, or averaged) and what it
 *   lacked;
 * - the select: the partners' figures summarised every way a rule might combine them.
 * The reporters drive the join so that a figure nobody is expected to send counts nowhere, and
 * each of their figures is found through the figures_key_uq index.
 */
const AGGREGATES_SQL = `
with
	quarters (year, quarter) as (
		select value / 4, value % 4 + 1 from json_each(@quarters)
	),
	expected as (
		select r.metric_id, r.partner_id, r.area_code
		from metric_reporters r
		join metrics m on m.id = r.metric_id
		where r.metric_id in (select value from json_each(@metricIds))
			and (@partnershipWide or r.area_code = @areaCode)
			and (m.partner_aggregation <> 'lead' or r.partner_id = m.lead_partner_id)
	),
	pair_quarters as (
		select e.metric_id, e.partner_id, q.year, q.quarter, f.kind,
			case f.kind when 'nil' then 0.0 when 'value' then f.value end as answer
		from expected e
		cross join quarters q
		left join figures f on f.metric_id = e.metric_id and f.partner_id = e.partner_id
			and f.area_code = e.area_code and f.year = q.year and f.quarter = q.quarter
	),
	partner_quarters as (
		select metric_id, partner_id, year, quarter,
			sum(answer) as partner_sum,
			avg(answer) as partner_mean,
			count(answer) as answered,
			sum(kind is 'nil') as nils,
			sum(kind is null) as missing,
			sum(kind is 'not_collected') as not_collected
		from pair_quarters
		group by metric_id, partner_id, year, quarter
	)
select metric_id as metricId, year, quarter,
	sum(partner_sum) as sumOfPartnerSums,
	avg(partner_sum) as meanOfPartnerSums,
	avg(partner_mean) as meanOfPartnerMeans,
	max(partner_sum) as maxOfPartnerSums,
	max(partner_mean) as maxOfPartnerMeans,
	sum(answered) as answeredCount,
	sum(nils) as nilCount,
	count(*) as expectedPartnerCount,
	group_concat(case when missing > 0 then partner_id end) as missingPartnerIds,
	group_concat(case when not_collected > 0 then partner_id end) as notCollectedPartnerIds
from partner_quarters
group by metric_id, year, quarter`;

interface AggregateRow {
	metricId: number;
	year: number;
	quarter: number;
	sumOfPartnerSums: number | null;
	meanOfPartnerSums: number | null;
	meanOfPartnerMeans: number | null;
	maxOfPartnerSums: number | null;
	maxOfPartnerMeans: number | null;
	answeredCount: number;
	nilCount: number;
	expectedPartnerCount: number;
	missingPartnerIds: string | null;
	notCollectedPartnerIds: string | null;
}

function partnerIds(list: string | null): number[] {
	return list === null
		? []
		: list
				.split(',')
				.map(Number)
				.sort((a, b) => a - b);
}

function toAggregate(row: AggregateRow): DatedAggregate {
	const { nilCount, missingPartnerIds, notCollectedPartnerIds, ...rest } = row;
	return {
		...rest,
		nilOnly: row.answeredCount > 0 && nilCount === row.answeredCount,
		missingPartnerIds: partnerIds(missingPartnerIds),
		notCollectedPartnerIds: partnerIds(notCollectedPartnerIds)
	};
}

const datedFigureColumns = {
	metricId: figures.metricId,
	partnerId: figures.partnerId,
	areaCode: figures.areaCode,
	year: figures.year,
	quarter: figures.quarter,
	kind: figures.kind,
	value: figures.value
};

export function createFigureQueries(db: Db) {
	// Prepared on first use rather than here, so that creating the queries never needs the tables.
	let aggregates: Statement<[Record<string, unknown>], AggregateRow> | undefined;
	let anyFigure: Statement<[number, number], number> | undefined;

	/**
	 * The aggregates of the metrics `metricIds` for one area, in each of `quarters`. A metric with
	 * no expected reporter in the area has no rows.
	 */
	function findAggregates(
		metricIds: number[],
		area: AreaScope,
		quarters: Period[]
	): DatedAggregate[] {
		aggregates ??= db.$client.prepare<[Record<string, unknown>], AggregateRow>(AGGREGATES_SQL);
		return aggregates
			.all({
				metricIds: JSON.stringify(metricIds),
				partnershipWide: area.partnershipWide ? 1 : 0,
				areaCode: area.code,
				// A quarter named twice would count its figures twice.
				quarters: JSON.stringify([...new Set(quarters.map(periodIndex))])
			})
			.map(toAggregate);
	}

	/** Whether any partner has any figure, of any kind, for the quarter. */
	function hasAnyFigure(period: Period): boolean {
		anyFigure ??= db.$client
			.prepare<[number, number], number>(
				'select exists (select 1 from figures where year = ? and quarter = ?)'
			)
			.pluck();
		return anyFigure.get(period.year, period.quarter) === 1;
	}

	/** The metrics' current figures in the financial years from `fromYear` to `toYear`, inclusive. */
	function findForMetrics(metricIds: number[], fromYear: number, toYear: number): DatedFigure[] {
		if (metricIds.length === 0) return [];
		return db
			.select(datedFigureColumns)
			.from(figures)
			.where(
				and(
					inArray(figures.metricId, metricIds),
					gte(figures.year, fromYear),
					lte(figures.year, toYear)
				)
			)
			.all();
	}

	/** One metric's current figures in the financial years from `fromYear` to `toYear`, inclusive. */
	function findForMetric(metricId: number, fromYear: number, toYear: number): DatedFigure[] {
		return db
			.select(datedFigureColumns)
			.from(figures)
			.where(
				and(eq(figures.metricId, metricId), gte(figures.year, fromYear), lte(figures.year, toYear))
			)
			.all();
	}

	return { findAggregates, hasAnyFigure, findForMetrics, findForMetric };
}

export type FigureQueries = ReturnType<typeof createFigureQueries>;
