/**
 * Which figures look far outside a partner's own history for a metric, so the coordinator checks
 * them before approving (issue 6). The rule, decided here and nowhere else:
 *
 * - The history is the same partner's figures for the same metric and area in the quarters before
 *   this one, the latest OUTLIER_HISTORY_QUARTERS (8) that have a number. With fewer than
 *   OUTLIER_MIN_HISTORY (4) there is no "usual" to compare with, so nothing is flagged.
 * - The usual value is the median of that history; its spread is the median absolute deviation
 *   (MAD), both robust to the one odd quarter a mean would be dragged by.
 * - A figure is an outlier when it is BOTH beyond median ± 3 × MAD AND more than double or less
 *   than half the median. The first test alone flags every change of a steady series (its MAD is
 *   0); the second alone flags normal swings of a small, noisy count.
 * - A median of 0 makes "double" meaningless, so then any figure beyond 3 × MAD counts as above.
 */
export const OUTLIER_HISTORY_QUARTERS = 8;
export const OUTLIER_MIN_HISTORY = 4;

export interface Outlier {
	direction: 'above' | 'below';
	median: number;
	low: number;
	high: number;
	quarters: number;
	/** Why, in words: "more than double the usual 120 (the median of the last 8 quarters, 95 to 150)". */
	reason: string;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Whether `value` is an outlier against `history`: the earlier figures, oldest first (only the
 * latest OUTLIER_HISTORY_QUARTERS are used). `format` writes a number as the page shows it.
 */
export function findOutlier(
	value: number,
	history: number[],
	format: (n: number) => string = String
): Outlier | null {
	const recent = history.slice(-OUTLIER_HISTORY_QUARTERS);
	if (recent.length < OUTLIER_MIN_HISTORY) return null;
	const m = median(recent);
	const mad = median(recent.map((v) => Math.abs(v - m)));
	const low = Math.min(...recent);
	const high = Math.max(...recent);
	const span = `the median of the last ${recent.length} quarters, which ranged from ${format(low)} to ${format(high)}`;
	const base = { median: m, low, high, quarters: recent.length };
	if (value > m + 3 * mad && (m <= 0 ? value > m : value > 2 * m))
		return {
			...base,
			direction: 'above',
			reason:
				m > 0
					? `More than double the usual ${format(m)} (${span}).`
					: `Above the usual ${format(m)} (${span}).`
		};
	if (value < m - 3 * mad && m > 0 && value < m / 2)
		return {
			...base,
			direction: 'below',
			reason: `Less than half the usual ${format(m)} (${span}).`
		};
	return null;
}
