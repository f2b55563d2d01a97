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
 * - a quarter's reporters in an area → the area's figure (only when reporters are shown);
 * - for a reader tied to a partner, in each row where that partner is counted: the area's figure
 *   (and its year to date) → the reader's own figure, which it knows, and everyone else's, which
 *   it does not (suppression.ts rules 5 and 6).
 * Means are grouped like sums: with the number of parts known, a mean gives their sum away, and a
 * mean of two partners' figures gives the other partner's figure away to either of them, so
 * everyone else's figure is combined as the metric combines partners (their sum for a sum, their
 * mean for a mean) and is hidden when that is small.
 * A `max` across partners is not grouped: the parts of a maximum cannot be worked out from it. A
 * partner learns only that the others' largest figure is the area's, when the area's is larger
 * than its own, and at most its own when it is not: nothing that is not on show.
 * Under `lead` only the lead partner's figures count: to the lead partner the area figure is its
 * own, known, and to any other partner its own figure says nothing about the area's.
 * A row's figure is known to the reader when no one else counted there gave a figure: it is then
 * the reader's own.
 */
import type { AdditiveGroup, SuppressionPolicy } from './suppression.js';
import { suppressGroups } from './suppression.js';
import type { Framework, Metric } from './framework.js';
import type { AuditOptions } from './disclosure/grid-audit.js';
import { highsIntervalSolver } from './disclosure/highs-interval-solver.js';
import { protectGrid } from './disclosure/protect-grid.js';
import {
	countedReporters,
	hasPartnershipReturnsRow,
	partnershipReturnsArea,
	PARTNERSHIP_RETURNS,
	reportsInArea,
	reporterFigures
} from './metric-view.js';
import type { FigureAggregate } from './combine-figures.js';
import { periodIndex, type Period } from './periods.js';
import {
	aggregateByQuarter,
	combineQuarter,
	yearToDate,
	type AreaRef,
	type DatedFigure,
	type MetricRule,
	type QuarterAggregates
} from './progress.js';

/**
 * The keys of the grid's cells. Area codes include PARTNERSHIP_RETURNS. The `own` and `others`
 * cells (the reader's own partner's figure in a row, and everyone else's) are never shown: they
 * say what the reader knows and what it could work out.
 */
export const metricCellKey = {
	quarter: (period: Period, areaCode: string) => `quarter|${periodIndex(period)}|${areaCode}`,
	yearToDate: (period: Period, areaCode: string) => `ytd|${periodIndex(period)}|${areaCode}`,
	reporter: (period: Period, partnerId: number, areaCode: string) =>
		`reporter|${periodIndex(period)}|${partnerId}|${areaCode}`,
	ownQuarter: (period: Period, areaCode: string) => `own|${periodIndex(period)}|${areaCode}`,
	ownYearToDate: (period: Period, areaCode: string) => `ownytd|${periodIndex(period)}|${areaCode}`,
	othersQuarter: (period: Period, areaCode: string) => `others|${periodIndex(period)}|${areaCode}`,
	othersYearToDate: (period: Period, areaCode: string) =>
		`othersytd|${periodIndex(period)}|${areaCode}`
};

/** Who is reading, as far as the grid goes. */
export interface GridReader {
	/** Whether partners' own figures are shown to this reader, which adds them to the grid. */
	withReporters: boolean;
	/** The partner whose figures the reader knows (partner users, tokens, links), else null. */
	ownPartnerId: number | null;
}

export interface MetricGrid {
	values: Map<string, number | null>;
	groups: AdditiveGroup[];
	/** The cells the reader knows without being shown them (suppression.ts rule 5). */
	known: Set<string>;
}

interface GridRow {
	code: string;
	ref: AreaRef;
}

/**
 * A rule's figures for one row, aggregated once per quarter. Every quarter's cells and every year
 * to date ask for the same few aggregates again; working each out from the metric's raw figures
 * every time made the grid of a sensitive metric cost a few hundred milliseconds at scale.
 */
function rowAggregates(rule: MetricRule, figures: DatedFigure[], row: GridRow): QuarterAggregates {
	const byQuarter = aggregateByQuarter(rule, figures, row.ref);
	const found = new Map<number, FigureAggregate | undefined>();
	return (period) => {
		const index = periodIndex(period);
		if (!found.has(index)) found.set(index, byQuarter(period));
		return found.get(index);
	};
}

/**
 * Every figure the metric page can show for a metric, keyed by metricCellKey, with the groups in
 * which they add up and the cells this reader already knows.
 * @param periods every quarter a reader may choose, oldest first
 */
export function buildMetricGrid(
	framework: Pick<Framework, 'areas'>,
	metric: Metric,
	allFigures: DatedFigure[],
	periods: Period[],
	reader: GridReader
): MetricGrid {
	const { withReporters, ownPartnerId } = reader;
	const figures = allFigures.filter((f) => f.metricId === metric.id);
	const values = new Map<string, number | null>();
	const groups: AdditiveGroup[] = [];
	const known = new Set<string>();
	// The reader's own groups go first: all each can hide is its total, and with that hidden the
	// groups of areas and quarters have less left to protect.
	const ownGroups: AdditiveGroup[] = [];
	const grouped = metric.partnerAggregation !== 'max';
	const partnership = framework.areas.find((a) => a.partnershipWide);
	const councils = framework.areas.filter((a) => !a.partnershipWide);

	// Every row of the grid: the council areas, partnership-wide returns if shown, the partnership.
	const rows: GridRow[] = councils.map((a) => ({ code: a.code, ref: a }));
	if (partnership && hasPartnershipReturnsRow(metric, framework))
		rows.push({ code: PARTNERSHIP_RETURNS, ref: partnershipReturnsArea(partnership) });
	const parts = rows.map((r) => r.code);
	if (partnership) rows.push({ code: partnership.code, ref: partnership });

	const split = ownPartnerId === null ? null : splitByPartner(metric, ownPartnerId);
	const aggregates = new Map(rows.map((row) => [row.code, rowAggregates(metric, figures, row)]));
	const splitAggregates = split && {
		own: new Map(rows.map((row) => [row.code, rowAggregates(split.own, figures, row)])),
		others: new Map(rows.map((row) => [row.code, rowAggregates(split.others, figures, row)]))
	};
	const figuresByPeriod = new Map<number, DatedFigure[]>();
	for (const f of figures) {
		const index = periodIndex({ year: f.year, quarter: f.quarter as Period['quarter'] });
		const list = figuresByPeriod.get(index);
		if (list) list.push(f);
		else figuresByPeriod.set(index, [f]);
	}
	// The reporters counted in each row, the same in every quarter.
	const rowReporters = rows.map((row) => ({
		row,
		counted: countedReporters(metric).filter((r) =>
			row.code === partnership?.code
				? reportsInArea(r.areaCode, partnership)
				: row.code === PARTNERSHIP_RETURNS
					? r.areaCode === partnership?.code
					: r.areaCode === row.code
		)
	}));
	for (const period of periods) {
		if (split && splitAggregates) {
			const own = ownFigureCells(period, rows, split, splitAggregates, grouped);
			for (const [key, value] of own.values) values.set(key, value);
			for (const key of own.known) known.add(key);
			ownGroups.push(...own.groups);
		}
		for (const row of rows) {
			const quarterKey = metricCellKey.quarter(period, row.code);
			const ytdKey = metricCellKey.yearToDate(period, row.code);
			const rowFigures = aggregates.get(row.code)!;
			values.set(quarterKey, combineQuarter(metric, rowFigures, period, row.ref).value);
			values.set(ytdKey, yearToDate(metric, rowFigures, period, row.ref).value);
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
		const inPeriod = figuresByPeriod.get(periodIndex(period)) ?? [];
		for (const r of reporterFigures(metric, inPeriod, period, {
			code: '',
			partnershipWide: true
		})) {
			const key = metricCellKey.reporter(period, r.partnerId, r.areaCode);
			values.set(key, r.value);
			if (r.partnerId === ownPartnerId) known.add(key);
		}
		if (!grouped) continue;
		for (const { row, counted: inRow } of rowReporters) {
			if (inRow.length === 0) continue;
			groups.push({
				total: metricCellKey.quarter(period, row.code),
				parts: inRow.map((r) => metricCellKey.reporter(period, r.partnerId, r.areaCode))
			});
		}
	}
	return { values, groups: [...ownGroups, ...groups], known };
}

/** The metric's rule narrowed to the reader's own partner, and to everyone else counted. */
interface PartnerSplit {
	own: MetricRule;
	others: MetricRule;
}

/** Null when none of the reader's partner's figures count towards this metric's totals. */
function splitByPartner(metric: Metric, ownPartnerId: number): PartnerSplit | null {
	const counted = countedReporters(metric);
	const own = counted.filter((r) => r.partnerId === ownPartnerId);
	if (own.length === 0) return null;
	return {
		own: { ...metric, reporters: own },
		others: { ...metric, reporters: counted.filter((r) => r.partnerId !== ownPartnerId) }
	};
}

/**
 * One quarter's cells for what a partner reader knows (suppression.ts rules 5 and 6): in each row
 * where its partner is counted, its own figure (known) and everyone else's, for the quarter and
 * the year to date; the row's figure is known when everyone else's is nil, and otherwise, when
 * the metric is grouped, it is the total of the two.
 */
function ownFigureCells(
	period: Period,
	rows: GridRow[],
	split: PartnerSplit,
	aggregates: { [K in keyof PartnerSplit]: Map<string, QuarterAggregates> },
	grouped: boolean
): Pick<MetricGrid, 'values' | 'groups' | 'known'> {
	const values = new Map<string, number | null>();
	const groups: AdditiveGroup[] = [];
	const known = new Set<string>();
	for (const row of rows) {
		const own = aggregates.own.get(row.code)!;
		const others = aggregates.others.get(row.code)!;
		const ownQuarter = combineQuarter(split.own, own, period, row.ref);
		if (ownQuarter.expectedPartnerCount === 0) continue;
		const cells = [
			{
				total: metricCellKey.quarter(period, row.code),
				own: metricCellKey.ownQuarter(period, row.code),
				ownValue: ownQuarter.value,
				others: metricCellKey.othersQuarter(period, row.code),
				othersValue: combineQuarter(split.others, others, period, row.ref).value
			},
			{
				total: metricCellKey.yearToDate(period, row.code),
				own: metricCellKey.ownYearToDate(period, row.code),
				ownValue: yearToDate(split.own, own, period, row.ref).value,
				others: metricCellKey.othersYearToDate(period, row.code),
				othersValue: yearToDate(split.others, others, period, row.ref).value
			}
		];
		for (const cell of cells) {
			values.set(cell.own, cell.ownValue);
			known.add(cell.own);
			if (cell.othersValue === null) {
				known.add(cell.total);
				continue;
			}
			if (!grouped) continue;
			values.set(cell.others, cell.othersValue);
			groups.push({ total: cell.total, parts: [cell.own, cell.others] });
		}
	}
	return { values, groups, known };
}

/** The period index (periods.ts) of a metricCellKey. */
export function metricCellPeriod(key: string): number {
	return Number(key.split('|')[1]);
}

/** Whether a metric's figures are whole numbers, which a reader may assume of a hidden one. */
export function hasWholeFigures(
	metric: Pick<Metric, 'unit' | 'partnerAggregation' | 'periodAggregation'>
): boolean {
	return (
		metric.unit === 'count' &&
		metric.partnerAggregation !== 'mean' &&
		metric.periodAggregation !== 'mean'
	);
}

/** The cells no page shows: everyone else's figure in a partner reader's rows. */
export function isNeverShownCell(key: string): boolean {
	return key.startsWith('others');
}

/** Everyone else's part of a quarter or year-to-date cell, in a partner reader's grid. */
function othersCellOf(key: string): string | null {
	const [kind, ...rest] = key.split('|');
	if (kind === 'quarter') return ['others', ...rest].join('|');
	if (kind === 'ytd') return ['othersytd', ...rest].join('|');
	return null;
}

/** What the disclosure audit of a reader's grid of a metric assumes (grid-audit.ts). */
export function metricAuditOptions(
	metric: Pick<Metric, 'unit' | 'partnerAggregation' | 'periodAggregation'>,
	policy: SuppressionPolicy,
	grid: Pick<MetricGrid, 'values'>
): AuditOptions {
	return {
		integral: hasWholeFigures(metric),
		threshold: policy.threshold,
		neverShown: isNeverShownCell,
		isReadersOwn: (key) => {
			const others = othersCellOf(key);
			return others !== null && grid.values.get(others) === 0;
		},
		solver: highsIntervalSolver
	};
}

/**
 * The keys of the cells to show as `[c]`; empty for a metric that is not sensitive. The overview
 * and the priority pages use this too, so a figure is hidden or shown alike on every page.
 *
 * The rules of suppression.ts go first; protect-grid.ts then hides more until the disclosure
 * audit proves that no hidden cell can be narrowed to fewer than three values.
 */
export function suppressMetricGrid(
	metric: Pick<Metric, 'sensitive' | 'unit' | 'partnerAggregation' | 'periodAggregation'>,
	grid: MetricGrid,
	policy: SuppressionPolicy
): Set<string> {
	// Secondary suppression hides the latest quarter's cells rather than ones already on show.
	const hidden = suppressGroups(grid.values, grid.groups, metric.sensitive, policy, {
		periodOf: metricCellPeriod,
		known: grid.known
	});
	if (!metric.sensitive || !policy.applies) return hidden;
	return protectGrid(grid, hidden, {
		...metricAuditOptions(metric, policy, grid),
		periodOf: metricCellPeriod
	});
}
