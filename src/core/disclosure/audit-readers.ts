/**
 * The disclosure audit over every reader (issue 14): for each reader who is shown `[c]` (the
 * funder, a board member, and each partner as itself, since a partner knows its own figures and
 * so has fewer unknowns) and each sensitive metric, the cells that reader can narrow to fewer
 * than three possible values from everything it can see. What a reader can see of a metric is its
 * grid (metric-suppression.ts): every page, export, report and API answer shows the grid's cells
 * or figures worked out from them, hidden with them (dashboard-suppression.ts).
 */
import type { Principal } from '../access.js';
import { suppressionReaderFor, type SuppressionReader } from '../dashboard-suppression.js';
import type { Framework, Metric } from '../framework.js';
import { buildMetricGrid, metricAuditOptions } from '../metric-suppression.js';
import { countedReporters, PARTNERSHIP_RETURNS } from '../metric-view.js';
import { formatPeriodLabel, periodFromIndex, type Period } from '../periods.js';
import type { DatedFigure } from '../progress.js';
import { auditGrid } from './grid-audit.js';

export type AuditRole = 'funder' | 'viewer' | 'partner';
export const AUDIT_ROLES: readonly AuditRole[] = ['funder', 'viewer', 'partner'];

export interface AuditReader {
	/** How the reader is named in findings: "funder", "viewer", "partner HCC". */
	label: string;
	role: AuditRole;
	partnerId: number | null;
	reader: SuppressionReader;
}

/** The readers to audit, of the roles asked for: each partner is a reader of its own. */
export function auditReaders(
	framework: Pick<Framework, 'partners'>,
	threshold: number,
	roles: readonly AuditRole[] = AUDIT_ROLES
): AuditReader[] {
	const user = (role: AuditRole, partnerId: number | null): Principal => ({
		kind: 'user',
		userId: 0,
		role,
		partnerId,
		label: role
	});
	return roles.flatMap((role): AuditReader[] =>
		role === 'partner'
			? framework.partners.map((p) => ({
					label: `partner ${p.code}`,
					role,
					partnerId: p.id,
					reader: suppressionReaderFor(user(role, p.id), threshold)
				}))
			: [
					{
						label: role,
						role,
						partnerId: null,
						reader: suppressionReaderFor(user(role, null), threshold)
					}
				]
	);
}

export interface DisclosureFinding {
	reader: string;
	metric: string;
	period: string;
	/** "quarter", "year to date", "partner's figure" or "everyone else's figure". */
	figure: string;
	area: string;
	partner: string | null;
	value: number;
	min: number;
	max: number;
	possibleValues: number;
}

export interface DisclosureAuditResult {
	passed: boolean;
	findings: DisclosureFinding[];
	readers: number;
	metrics: number;
	/** Reader × metric grids audited (a partner that counts in no figure of a metric reads it as a board member does, and is not audited again). */
	grids: number;
	milliseconds: number;
}

export interface DisclosureAuditInput {
	framework: Pick<Framework, 'areas' | 'partners' | 'metrics'>;
	/** Every figure of the sensitive metrics in the years of `periods`. */
	figures: DatedFigure[];
	periods: Period[];
	readers: AuditReader[];
	/** What the app hides from the reader: the decisions every page uses. */
	hiddenFor(reader: SuppressionReader, metric: Metric): ReadonlySet<string>;
	/** Only findings in these quarters (and their years to date), when given. */
	only?: Period[];
	clock?: () => number;
}

export function auditDisclosure(input: DisclosureAuditInput): DisclosureAuditResult {
	const clock = input.clock ?? (() => performance.now());
	const started = clock();
	const sensitive = input.framework.metrics.filter((m) => m.sensitive && m.status === 'active');
	const areaName = new Map(input.framework.areas.map((a) => [a.code, a.name]));
	areaName.set(PARTNERSHIP_RETURNS, 'partnership-wide returns');
	const partnerCode = new Map(input.framework.partners.map((p) => [p.id, p.code]));
	const only = input.only && new Set(input.only.map((p) => formatPeriodLabel(p)));
	const findings: DisclosureFinding[] = [];
	let grids = 0;
	for (const audited of input.readers) {
		if (!audited.reader.policy.applies) continue;
		for (const metric of sensitive) {
			const counts =
				audited.partnerId !== null &&
				countedReporters(metric).some((r) => r.partnerId === audited.partnerId);
			if (audited.partnerId !== null && !counts) continue;
			grids += 1;
			const grid = buildMetricGrid(
				input.framework,
				metric,
				input.figures,
				input.periods,
				audited.reader
			);
			const hidden = input.hiddenFor(audited.reader, metric);
			for (const cell of auditGrid(
				grid,
				hidden,
				metricAuditOptions(metric, audited.reader.policy, grid)
			)) {
				const described = describeCell(cell.key, areaName, partnerCode);
				if (only && !only.has(described.period)) continue;
				findings.push({
					reader: audited.label,
					metric: metric.code,
					...described,
					value: cell.value,
					min: cell.interval.min,
					max: cell.interval.max,
					possibleValues: cell.possibleValues
				});
			}
		}
	}
	return {
		passed: findings.length === 0,
		findings,
		readers: input.readers.filter((r) => r.reader.policy.applies).length,
		metrics: sensitive.length,
		grids,
		milliseconds: Math.round(clock() - started)
	};
}

const FIGURE_NAMES: Record<string, string> = {
	quarter: 'quarter',
	ytd: 'year to date',
	reporter: "partner's figure",
	others: "everyone else's figure, quarter",
	othersytd: "everyone else's figure, year to date"
};

/** A metricCellKey in words. */
function describeCell(
	key: string,
	areaName: ReadonlyMap<string, string>,
	partnerCode: ReadonlyMap<number, string>
): Pick<DisclosureFinding, 'period' | 'figure' | 'area' | 'partner'> {
	const [kind = '', index = '0', ...rest] = key.split('|');
	const areaCode = rest[rest.length - 1] ?? '';
	const partner = kind === 'reporter' ? (partnerCode.get(Number(rest[0])) ?? rest[0]!) : null;
	return {
		period: formatPeriodLabel(periodFromIndex(Number(index))),
		figure: FIGURE_NAMES[kind] ?? kind,
		area: areaName.get(areaCode) ?? areaCode,
		partner
	};
}

/** One finding as a line of the command's report. */
export function describeFinding(f: DisclosureFinding): string {
	const range =
		f.max === Infinity
			? `at least ${f.min}`
			: f.min === f.max
				? `exactly ${f.min}`
				: `${f.min} to ${f.max}`;
	const whose = f.partner ? ` (${f.partner})` : '';
	return `${f.metric} ${f.period} ${f.area}${whose}, ${f.figure}: ${f.reader} can tell it is ${range} (${f.possibleValues} possible value${f.possibleValues === 1 ? '' : 's'}; the rule needs at least 3). The true figure is ${f.value}.`;
}
