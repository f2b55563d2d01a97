/**
 * Turning the bytes of an uploaded file into text (SPEC §4 "Files"): UTF-8 with or without a BOM,
 * UTF-16 with a BOM, and Windows-1252 (what Excel on Windows writes for plain "CSV"). Anything
 * that is not text — a workbook, an image, a PDF renamed `.csv` — is refused before parsing,
 * because papaparse would happily "parse" it into garbage.
 */

export type DecodeResult =
	| { ok: true; text: string; encoding: TextEncodingName; warning: string | null }
	| { ok: false; code: DecodeErrorCode; message: string };

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type DecodeErrorCode = 'file-empty' | 'file-too-large' | 'file-binary' | 'file-encoding';

const SAVE_AS_CSV = 'In Excel, choose File, Save As, and the type "CSV UTF-8 (Comma delimited)".';

/** Signatures of the files most often renamed or mistaken for CSV, with what to say about them. */
const BINARY_SIGNATURES: { bytes: number[]; what: string }[] = [
	{ bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another zip file' },
	{ bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an older Excel workbook (.xls)' },
	{ bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
	{ bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
	{ bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
	{ bytes: [0x1f, 0x8b], what: 'a compressed (gzip) file' }
];

export function formatByteSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/**
 * The one sentence for a file over the limit. Shared with the API, which refuses an oversized
 * body before the import sees it; `size` is null when the door cannot tell (a multipart file
 * is cut off at the limit), and the sentence then leaves it out.
 */
export function describeFileTooLarge(size: number | null, maxBytes: number): string {
	const limit = formatByteSize(maxBytes);
	const sizeText = size === null ? limit : formatByteSize(size);
	// Just over the limit, both round to the same figure: "5 MB, over the limit of 5 MB".
	const what = sizeText === limit ? 'The file is' : `The file is ${sizeText},`;
	return `${what} over the upload limit of ${limit}. Split it into smaller files, for example one per quarter.`;
}

export function decodeCsvBytes(bytes: Uint8Array, maxBytes: number): DecodeResult {
	if (bytes.length > maxBytes) {
		return {
			ok: false,
			code: 'file-too-large',
			message: describeFileTooLarge(bytes.length, maxBytes)
		};
	}
	if (bytes.length === 0) {
		return {
			ok: false,
			code: 'file-empty',
			message: 'The file is empty. Choose the CSV file with your figures in it.'
		};
	}
	for (const signature of BINARY_SIGNATURES) {
		if (signature.bytes.every((b, i) => bytes[i] === b)) {
			return {
				ok: false,
				code: 'file-binary',
				message: `The file is ${signature.what}, not a CSV file. ${SAVE_AS_CSV}`
			};
		}
	}

	const encoding = detectEncoding(bytes);
	let text: string;
	if (encoding === 'utf-8') {
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			const mixed = findMixedEncodings(bytes);
			if (mixed) return { ok: false, code: 'file-encoding', message: describeMixed(mixed) };
			// Not valid UTF-8: Excel's plain "CSV" on Windows writes the Windows-1252 code page.
			return finish(decodeWindows1252(bytes), 'windows-1252');
		}
	} else {
		text = new TextDecoder(encoding).decode(bytes);
	}
	return finish(text, encoding);
}

interface MixedEncodings {
	/** Lines (from 1) with characters written as UTF-8. */
	utf8: number[];
	/** Lines that are not UTF-8: Windows-1252, most likely. */
	other: number[];
}

/**
 * Whether a file that is not UTF-8 as a whole has lines that are: some lines pasted from one
 * program and some typed in another. Read as Windows-1252, its UTF-8 lines would be stored
 * garbled ("São" as "SÃ£o"); read as UTF-8, the others would. Decided from every line, not the
 * first few. Null when no line holds a UTF-8 character beyond ASCII.
 */
function findMixedEncodings(bytes: Uint8Array): MixedEncodings | null {
	const utf8: number[] = [];
	const other: number[] = [];
	const strict = new TextDecoder('utf-8', { fatal: true });
	let start = 0;
	let line = 1;
	for (let i = 0; i <= bytes.length; i++) {
		if (i < bytes.length && bytes[i] !== 0x0a) continue;
		const slice = bytes.subarray(start, i);
		if (slice.some((b) => b >= 0x80)) {
			try {
				strict.decode(slice);
				utf8.push(line);
			} catch {
				other.push(line);
			}
		}
		start = i + 1;
		line += 1;
	}
	return utf8.length > 0 && other.length > 0 ? { utf8, other } : null;
}

function describeMixed({ utf8, other }: MixedEncodings): string {
	const lines = (list: number[]) => {
		const shown = list.slice(0, 5).join(', ');
		const more = list.length > 5 ? ` and ${list.length - 5} more` : '';
		return `${list.length === 1 ? 'line' : 'lines'} ${shown}${more}`;
	};
	return (
		`The file mixes two text encodings, so its names and symbols cannot all be read right: ` +
		`${lines(utf8)} ${utf8.length === 1 ? 'is' : 'are'} UTF-8, and ${lines(other)} ` +
		`${other.length === 1 ? 'is' : 'are'} Windows-1252 (as Excel on Windows saves plain CSV). ` +
		`Nothing was stored. Open the file, check the names on those lines, and save the whole ` +
		`file again. ${SAVE_AS_CSV}`
	);
}

function finish(text: string, encoding: TextEncodingName): DecodeResult {
	// eslint-disable-next-line no-control-regex -- finding control characters is the point
	const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
	if (control) {
		const line = text.slice(0, control.index).split(/\r\n|\r|\n/).length;
		return {
			ok: false,
			code: 'file-binary',
			message:
				`The file has a control character on line ${line}, so it is not a plain CSV file. ` +
				SAVE_AS_CSV
		};
	}
	if (text.trim() === '') {
		return {
			ok: false,
			code: 'file-empty',
			message: 'The file has no text in it. Choose the CSV file with your figures in it.'
		};
	}
	const warning =
		encoding === 'windows-1252'
			? 'The file is not UTF-8, so it was read as Windows-1252 (Western European), as Excel on ' +
				'Windows saves it. Check that names and symbols such as £ look right in the preview.'
			: null;
	return { ok: true, text, encoding, warning };
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80 to 0x9F, where it has the curly quotes, dashes
 * and € that Word and Excel type for you. Node 20's TextDecoder('windows-1252') decodes those
 * bytes as Latin-1 control characters (nodejs/node#56542), which would turn an en dash ("not
 * collected") into an invisible character, so the table is applied here.
 */
const WINDOWS_1252_HIGH = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
	0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
	0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

export function decodeWindows1252(bytes: Uint8Array): string {
	const units = new Uint16Array(bytes.length);
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i]!;
		units[i] = b >= 0x80 && b < 0xa0 ? WINDOWS_1252_HIGH[b - 0x80]! : b;
	}
	return new TextDecoder('utf-16le').decode(units);
}

function detectEncoding(bytes: Uint8Array): TextEncodingName {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	// UTF-16 without a BOM shows itself as a zero byte beside every ASCII character.
	const sample = Math.min(bytes.length, 512) & ~1;
	let zerosEven = 0;
	let zerosOdd = 0;
	for (let i = 0; i < sample; i++) {
		if (bytes[i] !== 0) continue;
		if (i % 2 === 0) zerosEven++;
		else zerosOdd++;
	}
	if (sample >= 4 && zerosOdd >= sample / 4 && zerosEven === 0) return 'utf-16le';
	if (sample >= 4 && zerosEven >= sample / 4 && zerosOdd === 0) return 'utf-16be';
	return 'utf-8';
}
