import { describe, expect, it } from 'vitest';

import type { FigureKind } from './framework.js';
import type { Period } from './periods.js';
import { buildReviewFigures, type HistoryFigure, type ReviewRevision } from './review-figures.js';

const Q1_2025: Period = { year: 2025, quarter: 1 };

function rev(
	metricId: number,
	value: number | null,
	createdAt: string,
	kind: FigureKind = 'value',
	comment = ''
): ReviewRevision {
	return { metricId, areaCode: 'HULL', kind, value, comment, createdAt };
}

/** Metric 1 in Hull: 10 a quarter through 2024/25 (the four quarters before Q1 2025/26). */
const steadyHistory: HistoryFigure[] = [1, 2, 3, 4].map((quarter) => ({
	metricId: 1,
	areaCode: 'HULL',
	year: 2024,
	quarter,
	kind: 'value',
	value: 10
}));

function build(revisions: ReviewRevision[], approvedAt: string | null, history = steadyHistory) {
	return buildReviewFigures({
		period: Q1_2025,
		revisions,
		approvedAt,
		history,
		format: (_id, n) => String(n)
	});
}

describe('buildReviewFigures', () => {
	it('compares each figure with its value at the last approval', () => {
		const figures = build(
			[
				rev(1, 10, '2025-07-01T09:00:00Z'),
				rev(2, 5, '2025-07-01T09:00:00Z'),
				rev(1, 12, '2025-08-02T09:00:00Z', 'value', 'two late reports'),
				rev(3, 1, '2025-08-02T09:00:00Z')
			],
			'2025-07-15T09:00:00Z'
		);
		expect(
			figures.map((f) => [f.metricId, f.atApproval?.value ?? null, f.current.value, f.changed])
		).toEqual([
			[1, 10, 12, true],
			[2, 5, 5, false],
			// Sent after the approval: new, so changed, with nothing to compare.
			[3, null, 1, true]
		]);
		expect(figures[0]!.comment).toBe('two late reports');
	});

	it('marks nothing as changed in a quarter never approved', () => {
		const figures = build([rev(1, 10, '2025-07-01T09:00:00Z')], null);
		expect(figures[0]).toMatchObject({ atApproval: null, changed: false });
	});

	it('flags a figure more than double its usual value, using only earlier quarters', () => {
		const later: HistoryFigure = { ...steadyHistory[0]!, year: 2025, quarter: 2, value: 500 };
		const [figure] = build([rev(1, 25, '2025-07-01T09:00:00Z')], null, [...steadyHistory, later]);
		expect(figure!.outlier).toMatchObject({ direction: 'above', median: 10, quarters: 4 });
		expect(figure!.outlier!.reason).toBe(
			'More than double the usual 10 (the median of the last 4 quarters, which ranged from 10 to 10).'
		);
	});

	it('counts a nil figure as 0 and leaves a figure not collected unjudged', () => {
		expect(build([rev(1, null, '2025-07-01T09:00:00Z', 'nil')], null)[0]!.outlier).toMatchObject({
			direction: 'below'
		});
		expect(
			build([rev(1, null, '2025-07-01T09:00:00Z', 'not_collected')], null)[0]!.outlier
		).toBeNull();
	});
});
