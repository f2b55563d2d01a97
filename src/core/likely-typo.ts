/**
 * Which of our own names a stranger name was probably meant to be: `DATABSE_PATH` for
 * `DATABASE_PATH`, `port` for `PORT`, `DATABASE_URL` (another tool's habit) for `DATABASE_PATH`.
 * Short names must be one edit apart, so `HOME` is not taken for `HOST`.
 */

/** Edits (insert, delete, replace, swap two neighbours) to turn one string into the other. */
export function editDistance(a: string, b: string): number {
	const rows = Array.from({ length: a.length + 1 }, (_, i) =>
		Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
	);
	for (let i = 1; i <= a.length; i++)
		for (let j = 1; j <= b.length; j++) {
			const replace = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(
				rows[i - 1]![j]! + 1,
				rows[i]![j - 1]! + 1,
				rows[i - 1]![j - 1]! + replace
			);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
				best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			rows[i]![j] = best;
		}
	return rows[a.length]![b.length]!;
}

/** The first word of a name such as DATABASE_PATH, when it is long enough to be telling. */
function tellingPrefix(name: string): string | undefined {
	const [first, ...rest] = name.split('_');
	return rest.length && first && first.length >= 4 ? `${first}_` : undefined;
}

/** The known name `name` was likely meant to be, or undefined when it is one of them or none. */
export function likelyMeant(name: string, known: readonly string[]): string | undefined {
	if (known.includes(name)) return undefined;
	const upper = name.toUpperCase();
	let best: { name: string; distance: number } | undefined;
	for (const candidate of known) {
		const distance = editDistance(upper, candidate);
		const allowed = candidate.length <= 6 ? 1 : 2;
		if (distance <= allowed && (!best || distance < best.distance))
			best = { name: candidate, distance };
	}
	if (best) return best.name;
	return known.find((candidate) => {
		const prefix = tellingPrefix(candidate);
		return prefix !== undefined && upper.startsWith(prefix);
	});
}
