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

export function decodeCsvBytes(bytes: Uint8Array, maxBytes: number): DecodeResult {
	if (bytes.length > maxBytes) {
		return {
			ok: false,
			code: 'file-too-large',
			message:
				`The file is ${formatByteSize(bytes.length)}, over the limit of ` +
				`${formatByteSize(maxBytes)}. Split it into smaller files, for example one per quarter.`
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
			// Not valid UTF-8: Excel's plain "CSV" on Windows writes the Windows-1252 code page.
			text = new TextDecoder('windows-1252').decode(bytes);
			return finish(text, 'windows-1252');
		}
	} else {
		text = new TextDecoder(encoding).decode(bytes);
	}
	return finish(text, encoding);
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
