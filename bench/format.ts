/** Numbers and plain-text tables as the benchmark prints them (en-GB digit grouping). */

export const MiB = 1024 * 1024;

export const int = (n: number) => Math.round(n).toLocaleString('en-GB');
export const dec = (n: number, digits = 1) =>
	n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Columns padded to their widest cell; the first `leftColumns` left-aligned, the rest right. */
export function table(header: string[], rows: string[][], leftColumns = 1): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
			.join('  ')
			.trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Milliseconds to a useful precision; a test with no answer leaves NaN or ∞, shown as a dash. */
export const ms = (n: number) => (!Number.isFinite(n) ? '–' : n < 10 ? dec(n, 2) : dec(n, 1));

/** A ratio such as 4.2× or 55×; a dash when there was nothing to divide. */
export const times = (n: number) => (!Number.isFinite(n) ? '–' : `${n < 10 ? dec(n, 1) : int(n)}×`);
