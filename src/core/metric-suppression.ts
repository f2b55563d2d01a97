/**
 * Which of a sensitive metric's figures the metric page hides (SPEC §6), for one principal's
 * policy (suppression.ts).
 *
 * The page lets a reader choose any quarter and any area, so the figures it can show form one
 * grid: every quarter × every area (and the partnership-wide returns row), the year to date at
 * each quarter, and, for readers who may see partners' figures, every reporter's figure. The
 * hidden cells are worked out once over that whole grid, whatever quarter and area are chosen,
 * so that a figure hidden on one view (to protect a neighbour) is not shown on another.
 *
 * The additive groups (a total and the parts that make it up):
 * - a quarter's areas (and partnership-wide returns) → the partnership figure;
 * - a quarter's year-to-date figures by area → the partnership's year to date;
 * - an area's quarters so far this year → its year to date (for `sum` and `mean` years; for a
 *   `last` year the year to date is the latest quarter, a group of one);
 * - a quarter's reporters in an area → the area's figure (only when reporters are shown).
 * Means are grouped like sums: with the number of parts known, a mean gives their sum away.
 * A `max` across partners is not: the parts of a maximum cannot be worked out from it.
 */
import type { AdditiveGroup, SuppressionPolicy } from './suppression.js';
import { suppressGroups } from './suppression.js';
import type { Framework, Metric } from './framework.js';
import {
	countedReporters,
	hasPartnershipReturnsRow,
	partnershipReturnsArea,
	PARTNERSHIP_RETURNS,
	reportsInArea,
	reporterFigures
} from './metric-view.js';
import { periodIndex, type Period } from './periods.js';
import { combineQuarter, yearToDate, type AreaRef, type DatedFigure } from './progress.js';

/** The keys of the grid's cells. Area codes include PARTNERSHIP_RETURNS. */
export const metricCellKey = {
	quarter: (period: Period, areaCode: string) => `quarter|${periodIndex(period)}|${areaCode}`,
	yearToDate: (period: Period, areaCode: string) => `ytd|${periodIndex(period)}|${areaCode}`,
	reporter: (period: Period, partnerId: number, areaCode: string) =>
		`reporter|${periodIndex(period)}|${partnerId}|${areaCode}`
};

export interface MetricGrid {
	values: Map<string, number | null>;
	groups: AdditiveGroup[];
}

/**
 * Every figure the metric page can show for a metric, keyed by metricCellKey, with the groups in
 * which they add up.
 * @param periods every quarter a reader may choose, oldest first
 * @param withReporters whether partners' own figures are shown to this reader
 */
export function buildMetricGrid(
	framework: Pick<Framework, 'areas'>,
	metric: Metric,
	allFigures: DatedFigure[],
	periods: Period[],
	withReporters: boolean
): MetricGrid {
	const figures = allFigures.filter((f) => f.metricId === metric.id);
	const values = new Map<string, number | null>();
	const groups: AdditiveGroup[] = [];
	const grouped = metric.partnerAggregation !== 'max';
	const partnership = framework.areas.find((a) => a.partnershipWide);
	const councils = framework.areas.filter((a) => !a.partnershipWide);

	// Every row of the grid: the council areas, partnership-wide returns if shown, the partnership.
	const rows: { code: string; ref: AreaRef }[] = councils.map((a) => ({ code: a.code, ref: a }));
	if (partnership && hasPartnershipReturnsRow(metric, framework))
		rows.push({ code: PARTNERSHIP_RETURNS, ref: partnershipReturnsArea(partnership) });
	const parts = rows.map((r) => r.code);
	if (partnership) rows.push({ code: partnership.code, ref: partnership });

	for (const period of periods) {
		for (const row of rows) {
			const quarterKey = metricCellKey.quarter(period, row.code);
			const ytdKey = metricCellKey.yearToDate(period, row.code);
			values.set(quarterKey, combineQuarter(metric, figures, period, row.ref).value);
			values.set(ytdKey, yearToDate(metric, figures, period, row.ref).value);
			const soFar: Period[] = [];
			for (let q = 1; q <= period.quarter; q++)
				soFar.push({ year: period.year, quarter: q as Period['quarter'] });
			groups.push({
				total: ytdKey,
				parts: (metric.periodAggregation === 'last' ? [period] : soFar).map((p) =>
					metricCellKey.quarter(p, row.code)
				)
			});
		}
		if (partnership && grouped) {
			groups.push({
				total: metricCellKey.quarter(period, partnership.code),
				parts: parts.map((code) => metricCellKey.quarter(period, code))
			});
			groups.push({
				total: metricCellKey.yearToDate(period, partnership.code),
				parts: parts.map((code) => metricCellKey.yearToDate(period, code))
			});
		}
		if (!withReporters) continue;
		for (const r of reporterFigures(metric, figures, period, { code: '', partnershipWide: true }))
			values.set(metricCellKey.reporter(period, r.partnerId, r.areaCode), r.value);
		if (!grouped) continue;
		for (const row of rows) {
			const inRow = countedReporters(metric).filter((r) =>
				row.code === partnership?.code
					? reportsInArea(r.areaCode, partnership)
					: row.code === PARTNERSHIP_RETURNS
						? r.areaCode === partnership?.code
						: r.areaCode === row.code
			);
			if (inRow.length === 0) continue;
			groups.push({
				total: metricCellKey.quarter(period, row.code),
				parts: inRow.map((r) => metricCellKey.reporter(period, r.partnerId, r.areaCode))
			});
		}
	}
	return { values, groups };
}

/** The period index (periods.ts) of a metricCellKey. */
export function metricCellPeriod(key: string): number {
	return Number(key.split('|')[1]);
}

/**
 * The keys of the cells to show as `[c]`; empty for a metric that is not sensitive. The overview
 * and the priority pages use this too, so a figure is hidden or shown alike on every page.
 */
export function suppressMetricGrid(
	metric: Pick<Metric, 'sensitive'>,
	grid: MetricGrid,
	policy: SuppressionPolicy
): Set<string> {
	// Secondary suppression hides the latest quarter's cells rather than ones already on show.
	return suppressGroups(grid.values, grid.groups, metric.sensitive, policy, {
		periodOf: metricCellPeriod
	});
}
