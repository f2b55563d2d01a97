/**
 * A metric's address. The canonical form is lower case with a hyphen, `/metrics/p1-03`, like a
 * period's slug (`2025-26-q1`): no dot or capital that a mail client or a typist might mangle.
 * The code as people write it (`P1.03`, `p1.03`, `P1-03`) is read too, so a pasted code works;
 * the page then redirects to the one canonical spelling.
 */

/** `P1.03` → `p1-03`. */
export function formatMetricSlug(code: string): string {
	return code.toLowerCase().replace('.', '-');
}

export type MetricParamReading =
	/** The code as the framework writes it (`P1.03`), and whether the address was canonical. */
	{ ok: true; code: string; canonical: boolean } | { ok: false };

/**
 * Reads the `[code]` of `/metrics/[code]`: `P<priority>.<nn>` or `p<priority>-<nn>`, in any case.
 * A dropped leading zero (`P1.3`) is not guessed at here: the not-found message suggests it.
 */
export function parseMetricParam(param: string): MetricParamReading {
	const match = /^p(\d+)[.-](\d{2,})$/i.exec(param.trim());
	if (!match) return { ok: false };
	const code = `P${match[1]}.${match[2]}`;
	return { ok: true, code, canonical: param === formatMetricSlug(code) };
}
