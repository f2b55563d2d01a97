/**
 * Provisional figures (GSS `[p]`): a figure is final once the coordinator has approved the
 * partner's return for the quarter; until then it may still change.
 */
import type { SubmissionStatus } from './framework.js';

/**
 * The metrics whose figure for the quarter rests on at least one figure from a partner whose
 * return is not approved.
 * @param figures the quarter's stored figures, every partner and area
 * @param statusOf each partner's submission status for the quarter (absent: not started)
 */
export function findProvisionalMetricIds(
	figures: readonly { metricId: number; partnerId: number }[],
	statusOf: ReadonlyMap<number, SubmissionStatus>
): Set<number> {
	const provisional = new Set<number>();
	for (const f of figures)
		if (statusOf.get(f.partnerId) !== 'approved') provisional.add(f.metricId);
	return provisional;
}
