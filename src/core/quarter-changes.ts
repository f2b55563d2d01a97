/**
 * What changed since last quarter, for the overview and the board report's summary: the metrics
 * whose status moved (those that turned red first), and the biggest movers in the quarter's own
 * figure. Worked out from two overviews as the reader sees them, so nothing hidden from the
 * reader (a suppressed figure, a status not rated because of one) can show through here.
 */
import type { Change } from './change.js';
import type { Status, StatusResult } from './status.js';

export interface ComparedMetric {
	metric: { id: number; code: string };
	progress: { status: StatusResult; changeOnLastQuarter: Change };
}

export interface StatusMove {
	code: string;
	from: Status;
	to: Status;
}

export interface Mover {
	code: string;
	change: Extract<Change, { kind: 'compared' }>;
}

export interface QuarterChanges {
	statusMoves: StatusMove[];
	/** The largest changes on the quarter before, biggest first; small counts never count. */
	movers: Mover[];
}

const SEVERITY: Record<Status, number> = { red: 0, amber: 1, green: 2, none: 3 };

/**
 * @param current every metric of this quarter's overview
 * @param previous the quarter before's, for the same area and reader; empty when there is none
 */
export function quarterChanges(
	current: readonly ComparedMetric[],
	previous: readonly ComparedMetric[],
	maxMovers = 3
): QuarterChanges {
	const before = new Map(previous.map((m) => [m.metric.id, m.progress.status.status]));
	const statusMoves: StatusMove[] = [];
	for (const m of current) {
		const from = before.get(m.metric.id);
		const to = m.progress.status.status;
		if (from !== undefined && from !== to) statusMoves.push({ code: m.metric.code, from, to });
	}
	// Worst news first: a metric turning red, then amber; within that, the framework's order.
	statusMoves.sort((a, b) => SEVERITY[a.to] - SEVERITY[b.to]);

	const movers = current
		.flatMap((m): Mover[] => {
			const change = m.progress.changeOnLastQuarter;
			return change.kind === 'compared' && change.percent !== null && change.difference !== 0
				? [{ code: m.metric.code, change }]
				: [];
		})
		.sort((a, b) => Math.abs(b.change.percent ?? 0) - Math.abs(a.change.percent ?? 0))
		.slice(0, maxMovers);
	return { statusMoves, movers };
}
