/**
 * The CSV template a partner fills in for a quarter (SPEC §4): one row per metric and area it
 * reports, with codes, names, units and targets filled in, and its current figures when it
 * re-opens a quarter. UTF-8 with a byte order mark, so Excel opens it with £ and accents intact.
 */
import { formatCsvRow } from './csv-write.js';
import type { FigureKey, FigureState } from './figure-changes.js';
import { figureKeyString } from './figure-changes.js';
import type { Framework, Metric, Partner } from './framework.js';
import { formatPeriodLabel, formatPeriodSlug, type Period } from './periods.js';
import { targetsForPeriod } from './targets.js';

export const TEMPLATE_COLUMNS = [
	'metric_code',
	'metric_name',
	'unit',
	'period',
	'area',
	'target',
	'value',
	'comment'
] as const;

export interface TemplateRow {
	partner: Partner;
	metric: Metric;
	areaCode: string;
	target: number | null;
	current: FigureState | null;
}

/** The rows a partner (or every partner) reports for a quarter, in framework order. */
export function templateRows(
	fw: Framework,
	partners: Partner[],
	period: Period,
	current: Map<string, FigureState>
): TemplateRow[] {
	const rows: TemplateRow[] = [];
	for (const partner of partners) {
		for (const metric of fw.metrics) {
			if (metric.status !== 'active') continue;
			for (const r of metric.reporters) {
				if (r.partnerId !== partner.id) continue;
				const key: FigureKey = {
					metricId: metric.id,
					partnerId: partner.id,
					areaCode: r.areaCode,
					year: period.year,
					quarter: period.quarter
				};
				rows.push({
					partner,
					metric,
					areaCode: r.areaCode,
					target: targetsForPeriod(metric.periodAggregation, metric.targets, period, r.areaCode)
						.quarter,
					current: current.get(figureKeyString(key)) ?? null
				});
			}
		}
	}
	return rows;
}

/** How a stored figure is written back into a cell, so that re-uploading it changes nothing. */
export function formatFigureCell(state: FigureState | null): string {
	if (!state) return '';
	if (state.kind === 'nil') return 'nil';
	if (state.kind === 'not_collected') return 'not collected';
	return String(state.value);
}

export function buildTemplateCsv(
	fw: Framework,
	partners: Partner[],
	period: Period,
	current: Map<string, FigureState>,
	withPartnerColumn: boolean
): string {
	const header = withPartnerColumn ? ['partner_code', ...TEMPLATE_COLUMNS] : [...TEMPLATE_COLUMNS];
	const lines = [formatCsvRow(header)];
	for (const row of templateRows(fw, partners, period, current)) {
		const cells = [
			row.metric.code,
			row.metric.name,
			row.metric.unit,
			formatPeriodLabel(period),
			row.areaCode,
			row.target === null ? '' : String(Math.round(row.target * 100) / 100),
			formatFigureCell(row.current),
			row.current?.comment ?? ''
		];
		lines.push(formatCsvRow(withPartnerColumn ? [row.partner.code, ...cells] : cells));
	}
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function templateFileName(partner: Partner | null, period: Period): string {
	return `template-${partner ? partner.code.toLowerCase() : 'all-partners'}-${formatPeriodSlug(period)}.csv`;
}
