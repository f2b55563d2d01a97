/**
 * The name an uploaded file is kept, shown and downloaded under. The client chooses it, so it may
 * carry a path (`../../etc/passwd`, `C:\Users\ana\figures.csv`), control characters (a NUL, or a
 * line break that would forge a log line or a header), or Unicode's direction overrides, which
 * make `figures‮vsc.exe` display as `figuresexe.csv`. None of that is ever used as a path here,
 * but a name is shown to people who trust it.
 */

export const MAX_FILE_NAME_LENGTH = 255;

/**
 * Control and format characters (direction marks and overrides among them), line separators, and
 * halves of a surrogate pair standing alone, which no encoding can write.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/**
 * The last segment of the name, without unsafe characters, at most MAX_FILE_NAME_LENGTH
 * characters; null when nothing is left (no name, or one that was only a path or dots).
 */
export function cleanUploadFileName(raw: string | null | undefined): string | null {
	if (!raw) return null;
	// Windows browsers and tools send the whole path; either slash ends a folder's name.
	const lastSegment = raw.split(/[/\\]/).pop() ?? '';
	const name = lastSegment.replace(UNSAFE_CHARACTERS, '').trim();
	if (/^\.*$/.test(name)) return null;
	// By code point, so a name is never cut through the middle of an emoji or an accented letter.
	return Array.from(name).slice(0, MAX_FILE_NAME_LENGTH).join('');
}

/**
 * A `Content-Disposition` that downloads the file under its name (RFC 6266): an ASCII-only
 * `filename` for old clients, and the exact name percent-encoded in `filename*` for the rest.
 */
export function attachmentDisposition(fileName: string): string {
	const clean = cleanUploadFileName(fileName) ?? 'download';
	const ascii = clean.replace(/[^\w.\- ]/g, '_');
	const encoded = encodeURIComponent(clean).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
