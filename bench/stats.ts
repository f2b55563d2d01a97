/** The two statistics every figure in the benchmark is reported with. */

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The smallest value with at least `fraction` of the values at or below it (nearest rank). */
export function percentile(sorted: number[], fraction: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil(fraction * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
