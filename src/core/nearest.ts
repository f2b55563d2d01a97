/** The closest of some codes to what was typed, for "Did you mean P1.03?" suggestions. */

export function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
		}
		previous = current;
	}
	return previous[b.length]!;
}

/**
 * The candidate nearest to `typed`, if it is within `maxDistance` edits and no other candidate is
 * as near: a suggestion that could be one of two would mislead.
 */
export function nearest(typed: string, candidates: string[], maxDistance: number): string | null {
	const wanted = typed.toUpperCase();
	// "P1.3" for "P1.03": a dropped leading zero is the commonest slip of all.
	const padded = /^P(\d)\.(\d)$/.exec(wanted);
	if (padded) {
		const code = `P${padded[1]}.0${padded[2]}`;
		if (candidates.includes(code)) return code;
	}
	let best: string | null = null;
	let bestDistance = Infinity;
	let tie = false;
	for (const c of candidates) {
		const d = editDistance(wanted, c.toUpperCase());
		if (d < bestDistance) {
			best = c;
			bestDistance = d;
			tie = false;
		} else if (d === bestDistance) tie = true;
	}
	return best !== null && bestDistance <= maxDistance && !tie ? best : null;
}
