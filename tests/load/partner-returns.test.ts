import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { planPartnerReturns, ROUNDS, type StoredFigure } from './partner-returns.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const figures = [
	{ metricId: 1, metricCode: 'P1.01', areaCode: 'HULL' },
	{ metricId: 1, metricCode: 'P1.01', areaCode: 'ERY' },
	{ metricId: 2, metricCode: 'P1.02', areaCode: 'HUMBER' }
];
const plan = (stored: Map<string, StoredFigure> = new Map()) =>
	planPartnerReturns({
		partnerCode: 'HP',
		periodLabel: '2026-27 Q2',
		figures,
		stored,
		seed: 4,
		sha256
	});
const none = { created: 0, updated: 0, unchanged: 0 };

describe('planPartnerReturns', () => {
	it('expects a new return to be created, repeats to change nothing and corrections to update', () => {
		const p = plan();
		expect(p.uploads.map((u) => u.kind)).toEqual(ROUNDS);
		expect(p.uploads.map((u) => u.expected)).toEqual([
			[{ ...none, created: 3 }],
			[{ ...none, unchanged: 3 }],
			[{ ...none, updated: 3 }],
			[
				{ ...none, updated: 3 },
				{ ...none, unchanged: 3 }
			],
			[{ ...none, updated: 1, unchanged: 2 }],
			[{ ...none, unchanged: 3 }]
		]);
		expect(p.uploads.map((u) => u.copies)).toEqual([1, 1, 1, 2, 1, 1]);
		expect(p.uploadRows).toBe(4);
		expect(p.revisions).toBe(3 + 3 + 3 + 1);
		expect(p.figures).toBe(3);
	});

	it('sends the same bytes again on a repeat, and expects each changing file stored once', () => {
		const p = plan();
		expect(p.uploads[1]!.csv).toBe(p.uploads[0]!.csv);
		expect(p.uploads[5]!.csv).toBe(p.uploads[4]!.csv);
		expect(new Set(p.storedFiles).size).toBe(4);
		expect(p.storedFiles).toEqual([0, 2, 3, 4].map((r) => sha256(p.uploads[r]!.csv)));
	});

	it('writes a long-format file naming the metric, area and quarter of each value', () => {
		const lines = plan().uploads[0]!.csv.trimEnd().split('\r\n');
		expect(lines[0]).toBe('metric_code,area,period,value');
		expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(
			figures.map((f) => [f.metricCode, f.areaCode, '2026-27 Q2'])
		);
		for (const line of lines.slice(1)) expect(line.split(',')[3]).toMatch(/^[1-9]\d$/);
	});

	it('counts a stored figure equal to the first value as unchanged, and one with a comment as updated', () => {
		const first = plan().uploads[0]!.csv.trimEnd().split('\r\n').slice(1);
		const valueOf = (row: number) => Number(first[row]!.split(',')[3]);
		const p = plan(
			new Map([
				['1|HULL', { kind: 'value', value: valueOf(0), comment: '' }],
				['1|ERY', { kind: 'value', value: valueOf(1), comment: 'provisional' }],
				['9|HUMBER', { kind: 'nil', value: 0, comment: '' }]
			])
		);
		expect(p.uploads[0]!.expected).toEqual([{ created: 1, updated: 1, unchanged: 1 }]);
		expect(p.revisions).toBe(2 + 3 + 3 + 1);
		// The figure not in the files stays: four current figures, not three.
		expect(p.figures).toBe(4);
		expect([...p.finalValues.keys()]).toEqual(['1|HULL', '1|ERY', '2|HUMBER']);
	});
});
