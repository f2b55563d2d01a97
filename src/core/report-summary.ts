/**
 * The board report's one-page summary in words, generated from its figures: each priority's
 * status, the metrics that turned red, the biggest movers and the forecasts at risk. Works on the
 * report as its reader sees it, so a hidden figure never appears in a sentence.
 */
import type { BoardReport, ReportMetric } from './board-report.js';
import { reportMetrics } from './board-report.js';
import { describeChangeBrief } from './describe-progress.js';
import { formatNumber } from './format.js';
import { STATUS_LABELS, type Status } from './status.js';

export interface ReportSummary {
	/** How many metrics are on track, within tolerance and off track, in one sentence. */
	headline: string;
	/** One sentence per priority, in the framework's order. */
	priorities: string[];
	turnedRed: string;
	movers: string;
	forecastsAtRisk: string;
}

const statusWords = (status: Status) => STATUS_LABELS[status].toLowerCase();

const metricName = (m: Pick<ReportMetric, 'code' | 'name'>) => `${m.code} ${m.name}`;

function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** "a; b and c": semicolons, because each item may hold commas of its own. */
export function joinInWords(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join('; ')} and ${items[items.length - 1]}`;
}

function countsInWords(counts: Record<Status, number>): string {
	return `${counts.green} on track, ${counts.amber} within tolerance, ${counts.red} off track${
		counts.none > 0 ? `, ${counts.none} not rated` : ''
	}`;
}

function describeHeadline(report: BoardReport): string {
	const metrics = reportMetrics(report);
	const counts: Record<Status, number> = { green: 0, amber: 0, red: 0, none: 0 };
	for (const m of metrics) counts[m.status] += 1;
	const rated = counts.green + counts.amber + counts.red;
	if (rated === 0)
		return `None of the ${plural(metrics.length, 'metric', 'metrics')} can be rated for ${report.periodLabel}: there are no figures against a target yet.`;
	return `In ${report.periodLabel}, of ${plural(rated, 'metric', 'metrics')} rated against a target, ${countsInWords(counts)}.`;
}

function describePriority(p: BoardReport['priorities'][number]): string {
	const status = p.status === 'none' ? 'is not rated' : `is ${statusWords(p.status)}`;
	return `Priority ${p.number}, ${p.title}, ${status}: ${countsInWords(p.counts)}.`;
}

function describeTurnedRed(report: BoardReport): string {
	if (report.previousPeriodLabel === null)
		return `There is no earlier quarter to compare ${report.periodLabel} with.`;
	const turned = reportMetrics(report).filter(
		(m) => m.status === 'red' && m.previousStatus !== null && m.previousStatus !== 'red'
	);
	if (turned.length === 0) return `No metric turned off track since ${report.previousPeriodLabel}.`;
	const items = turned.map((m) => `${metricName(m)} (was ${statusWords(m.previousStatus!)})`);
	return `${turned.length === 1 ? 'One metric' : `${turned.length} metrics`} turned off track since ${report.previousPeriodLabel}: ${joinInWords(items)}.`;
}

function describeMovers(report: BoardReport): string {
	if (report.previousPeriodLabel === null) return '';
	const byCode = new Map(reportMetrics(report).map((m) => [m.code, m]));
	const items = report.changes.movers.map((mover) => {
		const m = byCode.get(mover.code)!;
		const { from, to } = mover.change;
		return `${metricName(m)}, ${describeChangeBrief(m.unit, mover.change)} (from ${formatNumber(m.unit, from)} to ${formatNumber(m.unit, to)})`;
	});
	if (items.length === 0)
		return `No quarterly figure moved enough on ${report.previousPeriodLabel} to compare.`;
	return `The biggest changes on ${report.previousPeriodLabel}: ${joinInWords(items)}.`;
}

function describeForecastsAtRisk(report: BoardReport): string {
	const atRisk = reportMetrics(report).filter((m) => m.forecast?.willMeetTarget === false);
	if (atRisk.length === 0)
		return 'At the current rate, every metric with a forecast and an annual target will meet it.';
	const items = atRisk.map(
		(m) =>
			`${metricName(m)} (forecast ${formatNumber(m.unit, m.forecast!.value)} against ${formatNumber(m.unit, m.annualTarget)})`
	);
	return `At the current rate, ${plural(atRisk.length, 'metric', 'metrics')} will miss ${atRisk.length === 1 ? 'its' : 'their'} annual target: ${joinInWords(items)}.`;
}

export function summariseReport(report: BoardReport): ReportSummary {
	return {
		headline: describeHeadline(report),
		priorities: report.priorities.map(describePriority),
		turnedRed: describeTurnedRed(report),
		movers: describeMovers(report),
		forecastsAtRisk: describeForecastsAtRisk(report)
	};
}
