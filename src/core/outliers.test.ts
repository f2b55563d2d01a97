import { describe, expect, it } from 'vitest';

import { findOutlier, median } from './outliers.js';

describe('median', () => {
	it.each([
		[[3, 1, 2], 2],
		[[4, 1, 3, 2], 2.5],
		[[7], 7]
	])('of %j is %s', (values, expected) => {
		expect(median(values)).toBe(expected);
	});
});

describe('findOutlier', () => {
	// Median 100; deviations 10,5,0,5,10,0,20,20 → MAD 7.5; so 3 × MAD bounds are 77.5 and 122.5.
	const steady = [90, 95, 100, 105, 110, 100, 120, 80];

	it('flags a figure beyond 3 × MAD and more than double the median, saying why', () => {
		expect(findOutlier(201, steady)).toEqual({
			direction: 'above',
			median: 100,
			low: 80,
			high: 120,
			quarters: 8,
			reason:
				'More than double the usual 100 (the median of the last 8 quarters, which ranged from 80 to 120).'
		});
	});

	it('flags a figure less than half the median', () => {
		expect(findOutlier(49, steady)).toMatchObject({
			direction: 'below',
			reason: expect.stringContaining('Less than half the usual 100')
		});
	});

	it.each([
		['exactly double is not more than double', 200],
		['exactly half is not less than half', 50],
		['within the usual spread', 118],
		['beyond 3 × MAD but not double', 150]
	])('leaves alone a figure %s', (_case, value) => {
		expect(findOutlier(value, steady)).toBeNull();
	});

	it('flags the change of a perfectly steady series only once it doubles', () => {
		expect(findOutlier(19, [10, 10, 10, 10])).toBeNull();
		expect(findOutlier(21, [10, 10, 10, 10])).toMatchObject({ direction: 'above' });
	});

	it('leaves alone a small, noisy count that more than doubles within its usual spread', () => {
		// Median 3.5; deviations 2.5, 2.5, 1.5, 1.5, 0.5, 0.5 → MAD 1.5; 3.5 + 4.5 = 8.
		expect(findOutlier(8, [1, 6, 2, 5, 3, 4])).toBeNull();
		expect(findOutlier(9, [1, 6, 2, 5, 3, 4])).toMatchObject({ direction: 'above' });
	});

	it('says "above the usual 0" when the median is 0', () => {
		expect(findOutlier(3, [0, 0, 0, 0, 1])).toMatchObject({
			direction: 'above',
			reason: expect.stringContaining('Above the usual 0')
		});
	});

	it('needs four earlier quarters before it judges anything', () => {
		expect(findOutlier(1000, [10, 10, 10])).toBeNull();
	});

	it('uses only the latest eight quarters', () => {
		// The first two (1000s) fall outside the window, so the usual is 10.
		expect(findOutlier(50, [1000, 1000, 10, 10, 10, 10, 10, 10, 10, 10])).toMatchObject({
			median: 10,
			quarters: 8
		});
	});

	it('writes the numbers as the caller formats them', () => {
		expect(findOutlier(201, steady, (n) => `${n}%`)?.reason).toContain('usual 100%');
	});
});
