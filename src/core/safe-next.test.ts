import { describe, expect, it } from 'vitest';

import { safeNext } from './safe-next.js';

describe('safeNext', () => {
	it('keeps a path on this site, with its query', () => {
		expect(safeNext('/metrics/p1-06?period=2024-25-q2')).toBe('/metrics/p1-06?period=2024-25-q2');
	});

	it('sends anything missing or not a path home', () => {
		for (const next of [null, undefined, '', 'https://evil.example/', 'evil.example', '?a=1'])
			expect(safeNext(next), String(next)).toBe('/');
	});

	it('refuses addresses that a browser reads as another site', () => {
		const attacks = [
			'//evil.example/',
			'/\\evil.example/',
			'/\t/evil.example:3299/phish.html',
			'/%09/evil.example:3299/phish.html',
			'/%0a/evil.example',
			'/%5c/evil.example',
			'/%2f/evil.example',
			'/\u0000/evil.example',
			'/%E0%A4%A' // not valid percent-encoding
		];
		for (const next of attacks) expect(safeNext(next), JSON.stringify(next)).toBe('/');
	});
});
