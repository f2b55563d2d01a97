import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, formatByteSize } from './csv-decode.js';

const LIMIT = 5 * 1024 * 1024;
const TEXT = 'metric_code,value,comment\r\nP6.01,£1200,Café grant\r\n';
const SAVE_AS = 'In Excel, choose File, Save As, and the type "CSV UTF-8 (Comma delimited)".';

function bytes(...parts: (number[] | Buffer | string)[]): Uint8Array {
	return Buffer.concat(
		parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))
	);
}

describe('decodeCsvBytes: text encodings', () => {
	it('reads UTF-8 without a byte order mark', () => {
		expect(decodeCsvBytes(bytes(TEXT), LIMIT)).toEqual({
			ok: true,
			text: TEXT,
			encoding: 'utf-8',
			warning: null
		});
	});

	it('drops the UTF-8 byte order mark that Excel writes, so the first header is clean', () => {
		const result = decodeCsvBytes(bytes([0xef, 0xbb, 0xbf], TEXT), LIMIT);
		expect(result).toEqual({ ok: true, text: TEXT, encoding: 'utf-8', warning: null });
	});

	it('reads UTF-16 LE with its byte order mark (Excel "Unicode Text")', () => {
		const result = decodeCsvBytes(bytes([0xff, 0xfe], Buffer.from(TEXT, 'utf16le')), LIMIT);
		expect(result).toEqual({ ok: true, text: TEXT, encoding: 'utf-16le', warning: null });
	});

	it('reads UTF-16 BE with its byte order mark', () => {
		const le = Buffer.from(TEXT, 'utf16le');
		const be = Buffer.from(le).swap16();
		const result = decodeCsvBytes(bytes([0xfe, 0xff], be), LIMIT);
		expect(result).toEqual({ ok: true, text: TEXT, encoding: 'utf-16be', warning: null });
	});

	it('reads UTF-16 LE without a byte order mark by its zero bytes', () => {
		const result = decodeCsvBytes(Buffer.from(TEXT, 'utf16le'), LIMIT);
		expect(result).toMatchObject({ ok: true, text: TEXT, encoding: 'utf-16le' });
	});

	it('falls back to Windows-1252 when the bytes are not UTF-8, and warns', () => {
		// £ is 0xA3 and é is 0xE9 in Windows-1252; both are invalid on their own in UTF-8.
		const cp1252 = Buffer.from(TEXT, 'latin1');
		expect(cp1252.includes(0xa3)).toBe(true);
		const result = decodeCsvBytes(cp1252, LIMIT);
		expect(result).toEqual({
			ok: true,
			text: TEXT,
			encoding: 'windows-1252',
			warning:
				'The file is not UTF-8, so it was read as Windows-1252 (Western European), as Excel on ' +
				'Windows saves it. Check that names and symbols such as £ look right in the preview.'
		});
	});

	it('reads the Windows-1252 characters that differ from Latin-1 (curly quotes, dashes, €)', () => {
		const result = decodeCsvBytes(
			bytes(
				'comment\r\n',
				[0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x97, 0x20, 0x80, 0x35, 0x20, 0x85]
			),
			LIMIT
		);
		expect(result).toMatchObject({ ok: true, text: 'comment\r\n“A” – — €5 …' });
	});
});

describe('decodeCsvBytes: a file that mixes UTF-8 and Windows-1252', () => {
	// "São" in UTF-8 on one line, "Café" in Windows-1252 (é is 0xE9) on another.
	const mixed = Buffer.concat([
		Buffer.from(
			'metric_code,area,value,comment\nP1.06,HULL,5,São Paulo office\nP1.07,HULL,2,Caf',
			'utf8'
		),
		Buffer.from([0xe9]),
		Buffer.from(' visit\n', 'utf8')
	]);

	it('is refused, naming the lines of each, rather than stored garbled', () => {
		expect(decodeCsvBytes(mixed, LIMIT)).toEqual({
			ok: false,
			code: 'file-encoding',
			message: expect.stringMatching(
				/^The file mixes two text encodings, .*: line 2 is UTF-8, and line 3 is Windows-1252 .*Nothing was stored\./
			)
		});
	});

	it('is read as Windows-1252 when no line holds UTF-8 beyond plain ASCII', () => {
		const plain = Buffer.concat([Buffer.from('comment\nplain\nCaf', 'utf8'), Buffer.from([0xe9])]);
		expect(decodeCsvBytes(plain, LIMIT)).toMatchObject({
			ok: true,
			text: 'comment\nplain\nCafé',
			encoding: 'windows-1252'
		});
	});
});

describe('decodeCsvBytes: files that are refused', () => {
	it('refuses an empty file', () => {
		expect(decodeCsvBytes(new Uint8Array(0), LIMIT)).toEqual({
			ok: false,
			code: 'file-empty',
			message: 'The file is empty. Choose the CSV file with your figures in it.'
		});
	});

	it.each<[string, Uint8Array]>([
		['only a byte order mark', bytes([0xef, 0xbb, 0xbf])],
		['only blank lines', bytes('\r\n\r\n  \r\n')]
	])('refuses a file with %s as having no text', (_case, input) => {
		expect(decodeCsvBytes(input, LIMIT)).toEqual({
			ok: false,
			code: 'file-empty',
			message: 'The file has no text in it. Choose the CSV file with your figures in it.'
		});
	});

	it.each<[string, number[], string]>([
		[
			'an .xlsx workbook',
			[0x50, 0x4b, 0x03, 0x04],
			'an Excel workbook (.xlsx) or another zip file'
		],
		['an .xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1], 'an older Excel workbook (.xls)'],
		['a PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
		['a JPEG', [0xff, 0xd8, 0xff, 0xe0], 'a JPEG image'],
		['a GIF', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'a GIF image'],
		['a PDF', [0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
		['a gzip file', [0x1f, 0x8b, 0x08], 'a compressed (gzip) file']
	])('refuses %s renamed .csv by its signature', (_case, signature, what) => {
		const result = decodeCsvBytes(bytes(signature, 'metric_code,value\r\n'), LIMIT);
		expect(result).toEqual({
			ok: false,
			code: 'file-binary',
			message: `The file is ${what}, not a CSV file. ${SAVE_AS}`
		});
	});

	it.each<[string, string, number]>([
		['a NUL byte', 'metric_code,value\r\nP1.06,4\u0000\r\n', 2],
		['a vertical tab', 'metric_code,value\u000b\r\n', 1],
		['an escape character', 'a,b\n1,2\n3,\u001b4\n', 3],
		['a DEL character', 'a,b\r1,2\r3,4\u007f', 3]
	])('refuses text with %s, naming its line', (_case, text, line) => {
		expect(decodeCsvBytes(bytes(text), LIMIT)).toEqual({
			ok: false,
			code: 'file-binary',
			message: `The file has a control character on line ${line}, so it is not a plain CSV file. ${SAVE_AS}`
		});
	});

	it('allows tabs, carriage returns and line feeds', () => {
		expect(decodeCsvBytes(bytes('a\tb\r\n1\t2\r3\t4\n'), LIMIT)).toMatchObject({ ok: true });
	});

	it('refuses a file over the limit before reading it, with both sizes when they differ', () => {
		expect(decodeCsvBytes(new Uint8Array(7 * 1024 * 1024), LIMIT)).toEqual({
			ok: false,
			code: 'file-too-large',
			message:
				'The file is 7 MB, over the upload limit of 5 MB. Split it into smaller files, for ' +
				'example one per quarter.'
		});
	});

	it('does not say "5 MB, over the limit of 5 MB" for a file just over the limit', () => {
		expect(decodeCsvBytes(new Uint8Array(LIMIT + 1), LIMIT)).toEqual({
			ok: false,
			code: 'file-too-large',
			message:
				'The file is over the upload limit of 5 MB. Split it into smaller files, for example ' +
				'one per quarter.'
		});
	});

	it('accepts a file exactly at the limit', () => {
		const text = 'a\n' + 'x'.repeat(1021) + '\n';
		expect(decodeCsvBytes(bytes(text), 1024)).toMatchObject({ ok: true });
		expect(decodeCsvBytes(bytes(text + 'y'), 1024)).toMatchObject({ code: 'file-too-large' });
	});
});

describe('formatByteSize', () => {
	it.each<[number, string]>([
		[0, '0 bytes'],
		[1023, '1023 bytes'],
		[1024, '1 KB'],
		[1536, '2 KB'],
		[1024 * 1024, '1 MB'],
		[5 * 1024 * 1024, '5 MB'],
		[7.25 * 1024 * 1024, '7.3 MB']
	])('writes %d bytes as %s', (n, text) => {
		expect(formatByteSize(n)).toBe(text);
	});
});
