/**
 * Where each of a metric's figures for a quarter came from (SPEC §4 "every chart point can be
 * traced to the submission and file that set it"): each partner's current figure, the upload or
 * form entry that set it, who, when, the file and row, and the values it replaced.
 *
 * Who sees it follows the access rules for submissions (core/access.ts `view-submissions`):
 * uploads and revisions are a partner's own records, so the coordinator sees every partner's
 * lineage and a partner only its own; funders and board members, who may not open anyone's
 * submissions, see none. So every figure here is the coordinator's to see or the reader's own,
 * which it sent: none is hidden (suppression.ts rule 5, cells the reader knows).
 */
import { can, canActForPartner, type Principal } from '$core/access';
import { formatNumber } from '$core/format';
import type { Area, FigureKind, Framework, Metric } from '$core/framework';
import { reportsInArea } from '$core/metric-view';
import { formatPeriodSlug, type Period } from '$core/periods';
import { formatUkDateTime } from '$core/uk-time';
import type { MetricRevisionRow } from '$db/submission-history';

const SOURCE_WORDS: Record<string, string> = {
	file: 'file upload',
	form: 'web form',
	api: 'API import',
	cli: 'command-line import',
	link: 'submission link',
	seed: 'demo data'
};

export interface LineageRevision {
	id: number;
	text: string;
	comment: string;
	at: string;
	by: string;
	source: string;
	uploadId: number;
	fileName: string | null;
	/** True when the original file is kept and may be downloaded. */
	hasFile: boolean;
	row: number | null;
}

export interface LineageFigure {
	partnerName: string;
	areaName: string;
	/** The partner's submission for the quarter: status, every upload, every revision. */
	submissionHref: string;
	current: LineageRevision;
	earlier: LineageRevision[];
}

export interface MetricLineage {
	/** `all` for the coordinator; `own` for a partner, who sees only its own figures. */
	scope: 'all' | 'own';
	figures: LineageFigure[];
}

function revisionText(metric: Metric, kind: FigureKind, value: number | null): string {
	if (kind === 'nil') return '0 (nil return)';
	if (kind === 'not_collected') return '[x] (not collected)';
	return formatNumber(metric.unit, value);
}

/** Null when this person may see no one's lineage. */
export function buildMetricLineage(input: {
	principal: Principal;
	framework: Framework;
	metric: Metric;
	period: Period;
	area: Area;
	revisions: (metricId: number, year: number, quarter: number) => MetricRevisionRow[];
}): MetricLineage | null {
	const { principal, framework, metric, period, area } = input;
	if (!can(principal, 'view-submissions')) return null;
	const partners = new Map(framework.partners.map((p) => [p.id, p]));
	const areaOrder = framework.areas.map((a) => a.code);
	const grouped = new Map<string, MetricRevisionRow[]>();
	for (const r of input.revisions(metric.id, period.year, period.quarter)) {
		if (!reportsInArea(r.areaCode, area)) continue;
		if (!canActForPartner(principal, r.partnerId, 'view-submissions')) continue;
		const key = `${r.partnerId}|${r.areaCode}`;
		grouped.set(key, [...(grouped.get(key) ?? []), r]);
	}
	const figures = [...grouped.values()].map((revisions): LineageFigure => {
		const [first] = revisions;
		const partner = partners.get(first!.partnerId);
		const newestFirst = revisions
			.map((r): LineageRevision => ({
				id: r.id,
				text: revisionText(metric, r.kind, r.value),
				comment: r.comment,
				at: formatUkDateTime(r.createdAt),
				by: r.actorLabel,
				source: SOURCE_WORDS[r.source] ?? r.source,
				uploadId: r.uploadId,
				fileName: r.fileName,
				hasFile: r.hasFile,
				row: r.sourceRow
			}))
			.reverse();
		return {
			partnerName: partner?.name ?? `Partner ${first!.partnerId}`,
			areaName: framework.areas.find((a) => a.code === first!.areaCode)?.name ?? first!.areaCode,
			submissionHref: `/submissions/${(partner?.code ?? '').toLowerCase()}/${formatPeriodSlug(period)}`,
			current: newestFirst[0]!,
			earlier: newestFirst.slice(1)
		};
	});
	const orderOf = (name: string) => {
		const i = framework.areas.findIndex((a) => a.name === name);
		return i === -1 ? areaOrder.length : i;
	};
	figures.sort(
		(a, b) =>
			orderOf(a.areaName) - orderOf(b.areaName) || a.partnerName.localeCompare(b.partnerName)
	);
	return {
		scope: principal.kind === 'user' && principal.role === 'partner' ? 'own' : 'all',
		figures
	};
}
