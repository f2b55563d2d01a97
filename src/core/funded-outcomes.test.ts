import { describe, expect, it } from 'vitest';

import type { FundingStream } from './framework.js';
import { describeFundingYears, groupByFundingStream } from './funded-outcomes.js';

const stream = (id: number, code: string): FundingStream => ({
	id,
	code,
	funder: 'PCC',
	name: `Stream ${code}`,
	amountGbp: 1000,
	firstYear: 2024,
	lastYear: 2026,
	description: '',
	metricIds: []
});

const summary = (id: number, fundingStreamIds: number[]) => ({
	metric: { id, fundingStreamIds },
	label: `metric ${id}`
});

describe('groupByFundingStream', () => {
	it('gives each stream the metrics linked to it, in the overview’s order, one metric in several streams', () => {
		const grouped = groupByFundingStream(
			[stream(1, 'A'), stream(2, 'B'), stream(3, 'C')],
			[summary(10, [2]), summary(11, [1, 2]), summary(12, [])]
		);
		expect(grouped.map((g) => [g.stream.code, g.metrics.map((m) => m.label)])).toEqual([
			['A', ['metric 11']],
			['B', ['metric 10', 'metric 11']],
			['C', []]
		]);
	});
});

describe('describeFundingYears', () => {
	it('names one financial year, or the first and the last', () => {
		expect(describeFundingYears({ firstYear: 2025, lastYear: 2025 })).toBe('2025-26');
		expect(describeFundingYears({ firstYear: 2024, lastYear: 2026 })).toBe('2024-25 to 2026-27');
	});
});
