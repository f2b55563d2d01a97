import { describe, expect, it } from 'vitest';

import {
	attachmentDisposition,
	cleanUploadFileName,
	MAX_FILE_NAME_LENGTH
} from './upload-file-name.js';

describe('cleanUploadFileName', () => {
	it.each([
		['../../etc/passwd', 'passwd'],
		['..\\x.csv', 'x.csv'],
		['C:\\Users\\ana\\Documents\\figures.csv', 'figures.csv'],
		['figures\u0000.csv', 'figures.csv'],
		['figures\r\nX-Injected: 1.csv', 'figuresX-Injected: 1.csv'],
		['figures\u202Evsc.exe', 'figuresvsc.exe'],
		['\u2066figures\u2069.csv', 'figures.csv'],
		['half\uD800.csv', 'half.csv'],
		['  Données 2025.csv  ', 'Données 2025.csv']
	])('keeps only the safe last segment of %j', (raw, clean) => {
		expect(cleanUploadFileName(raw)).toBe(clean);
	});

	it.each([null, undefined, '', '..', '../', 'a/b/', '\u202E', '\u0000'])(
		'has no name for %j',
		(raw) => {
			expect(cleanUploadFileName(raw)).toBeNull();
		}
	);

	it('cuts a long name by characters, never through an emoji', () => {
		const name = cleanUploadFileName(`${'a'.repeat(MAX_FILE_NAME_LENGTH - 1)}😀😀.csv`)!;
		expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_LENGTH);
		expect(name.endsWith('😀')).toBe(true);
	});
});

describe('attachmentDisposition', () => {
	it('gives an ASCII name for old clients and the exact name, encoded, for the rest', () => {
		expect(attachmentDisposition('Données (Q1).csv')).toBe(
			`attachment; filename="Donn_es _Q1_.csv"; filename*=UTF-8''Donn%C3%A9es%20%28Q1%29.csv`
		);
	});

	it('never lets a quote, a line break or a path through into the header', () => {
		expect(attachmentDisposition('../a"b\r\nSet-Cookie: x=1;.csv')).toBe(
			`attachment; filename="a_bSet-Cookie_ x_1_.csv"; filename*=UTF-8''a%22bSet-Cookie%3A%20x%3D1%3B.csv`
		);
	});

	it('names a file that has no usable name "download"', () => {
		expect(attachmentDisposition('../')).toBe(
			`attachment; filename="download"; filename*=UTF-8''download`
		);
	});
});
