import { describe, expect, it } from 'vitest';

import { formatMetricSlug, parseMetricParam } from './metric-slug.js';

describe('formatMetricSlug', () => {
	it.each([
		['P1.03', 'p1-03'],
		['P6.04', 'p6-04'],
		['P12.10', 'p12-10']
	])('writes %s as %s', (code, slug) => {
		expect(formatMetricSlug(code)).toBe(slug);
	});
});

describe('parseMetricParam', () => {
	it.each([
		['p1-03', 'P1.03', true],
		['P1.03', 'P1.03', false],
		['p1.03', 'P1.03', false],
		['P1-03', 'P1.03', false],
		['p12-10', 'P12.10', true]
	])('reads %s as %s (canonical: %s)', (param, code, canonical) => {
		expect(parseMetricParam(param)).toEqual({ ok: true, code, canonical });
	});

	it.each(['', 'p1', 'p1-3', 'P1_03', 'q1-03', '1.03', 'p1-03x', 'p-1-03', 'P1.03.1'])(
		'rejects %j',
		(param) => {
			expect(parseMetricParam(param)).toEqual({ ok: false });
		}
	);

	it('round-trips every canonical slug', () => {
		for (const code of ['P1.01', 'P3.07', 'P6.04'])
			expect(parseMetricParam(formatMetricSlug(code))).toEqual({ ok: true, code, canonical: true });
	});
});
