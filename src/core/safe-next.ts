/**
 * Where to send a person after signing in: only a path on this site.
 *
 * A browser reads a `Location` leniently: it drops tabs and newlines, and reads `\` as `/`, so
 * `/\t/evil.example` becomes `//evil.example`, an address on another site. The value is checked
 * as it is and after decoding, and refused outright when it holds a control character or a
 * backslash, rather than cleaned, since no path of ours has either.
 */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//')) return '/';
	let decoded: string;
	try {
		decoded = decodeURIComponent(next);
	} catch {
		return '/';
	}
	for (const text of [next, decoded]) {
		if (text.startsWith('//') || [...text].some(isRefusedCharacter)) return '/';
	}
	return next;
}

function isRefusedCharacter(char: string): boolean {
	const code = char.charCodeAt(0);
	return char === '\\' || code < 0x20 || code === 0x7f;
}
