import { describe, expect, it } from 'vitest';

import { describeChange } from './change.js';
import { quarterChanges, type ComparedMetric } from './quarter-changes.js';
import type { Status, StatusResult } from './status.js';

function metric(
	id: number,
	status: Status,
	from: number | null,
	to: number | null
): ComparedMetric {
	const result: StatusResult =
		status === 'none' ? { status: 'none', reason: 'no-target' } : { status };
	return {
		metric: { id, code: `P1.0${id}` },
		progress: { status: result, changeOnLastQuarter: describeChange('count', from, to) }
	};
}

describe('quarterChanges', () => {
	it('lists the metrics whose status moved, those that turned red first', () => {
		const previous = [
			metric(1, 'green', 0, 0),
			metric(2, 'green', 0, 0),
			metric(3, 'red', 0, 0),
			metric(4, 'amber', 0, 0)
		];
		const current = [
			metric(1, 'amber', 0, 0),
			metric(2, 'green', 0, 0),
			metric(3, 'green', 0, 0),
			metric(4, 'red', 0, 0)
		];
		expect(quarterChanges(current, previous).statusMoves).toEqual([
			{ code: 'P1.04', from: 'amber', to: 'red' },
			{ code: 'P1.01', from: 'green', to: 'amber' },
			{ code: 'P1.03', from: 'red', to: 'green' }
		]);
	});

	it('counts a metric losing its rating as a move (to not rated)', () => {
		const moves = quarterChanges([metric(1, 'none', 0, 0)], [metric(1, 'green', 0, 0)]);
		expect(moves.statusMoves).toEqual([{ code: 'P1.01', from: 'green', to: 'none' }]);
	});

	it('says nothing of status for a metric new this quarter or with no quarter before', () => {
		expect(quarterChanges([metric(1, 'red', 0, 0)], []).statusMoves).toEqual([]);
	});

	it('ranks movers by the size of their change, either way, and keeps the biggest three', () => {
		const current = [
			metric(1, 'green', 100, 110), // +10 %
			metric(2, 'green', 100, 40), // −60 %
			metric(3, 'green', 200, 300), // +50 %
			metric(4, 'green', 50, 45), // −10 %
			metric(5, 'green', 80, 100) // +25 %
		];
		expect(quarterChanges(current, []).movers.map((m) => [m.code, m.change.percent])).toEqual([
			['P1.02', -60],
			['P1.03', 50],
			['P1.05', 25]
		]);
	});

	it('never calls a change between small counts, from zero, or of nothing a mover', () => {
		const current = [
			metric(1, 'green', 2, 8), // too small to compare, though it quadrupled
			metric(2, 'green', 0, 40), // from zero: no percentage
			metric(3, 'green', null, 40), // no figure last quarter
			metric(4, 'green', 40, 40) // no change
		];
		expect(quarterChanges(current, []).movers).toEqual([]);
	});
});
