/**
 * The funded-outcomes view (SPEC §5): each funding stream with the metrics that evidence it, as
 * the dashboards show them for a quarter and area. It only picks and orders: the figures come
 * from an overview that has already hidden what the reader may not see.
 */
import type { FundingStream, Metric } from './framework.js';
import { formatFinancialYear } from './periods.js';

export interface FundedStream<M> {
	stream: FundingStream;
	/** In the overview's order (priority, then metric); a stream may have none yet. */
	metrics: M[];
}

/** Each stream, in the order given, with the summaries of the metrics linked to it. */
export function groupByFundingStream<M extends { metric: Pick<Metric, 'id' | 'fundingStreamIds'> }>(
	streams: FundingStream[],
	summaries: M[]
): FundedStream<M>[] {
	return streams.map((stream) => ({
		stream,
		metrics: summaries.filter((s) => s.metric.fundingStreamIds.includes(stream.id))
	}));
}

/** "2024-25" for one year, "2024-25 to 2026-27" for several. */
export function describeFundingYears(
	stream: Pick<FundingStream, 'firstYear' | 'lastYear'>
): string {
	const first = formatFinancialYear(stream.firstYear);
	return stream.lastYear === stream.firstYear
		? first
		: `${first} to ${formatFinancialYear(stream.lastYear)}`;
}
