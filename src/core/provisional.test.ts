import { describe, expect, it } from 'vitest';

import { findProvisionalMetricIds } from './provisional.js';

describe('findProvisionalMetricIds', () => {
	it('marks a metric provisional when any figure behind it comes from an unapproved return', () => {
		const statusOf = new Map([
			[1, 'approved' as const],
			[2, 'submitted' as const]
		]);
		const figures = [
			{ metricId: 10, partnerId: 1 },
			{ metricId: 11, partnerId: 1 },
			{ metricId: 11, partnerId: 2 },
			// Partner 3 has no submission row at all: its figures are not approved either.
			{ metricId: 12, partnerId: 3 }
		];
		expect([...findProvisionalMetricIds(figures, statusOf)].sort()).toEqual([11, 12]);
	});
});
