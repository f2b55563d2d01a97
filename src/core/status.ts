/**
 * Where a status turns red. A metric's status for a period compares its actual with its target
 * in the metric's direction (SPEC §5):
 * - increase: green when actual ≥ target; amber when it falls short by no more than the tolerance
 *   (10 % of the target by default); red otherwise.
 * - decrease: green when actual ≤ target; amber when over by no more than the tolerance; red otherwise.
 * - maintain: green within the tolerance either side of the target; amber within twice it; red beyond.
 * - monitor: never rated (`none`): a rise may be good or bad, so only the trend is shown.
 * No actual or no target also gives `none`, with the reason.
 */
import type { Direction } from './framework.js';

export const STATUSES = ['green', 'amber', 'red', 'none'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
	green: 'On track',
	amber: 'Within tolerance',
	red: 'Off track',
	none: 'Not rated'
};

/** `suppressed`: the year to date is hidden as `[c]` (suppression.ts), and a status would hint at it. */
export type NoStatusReason = 'monitor' | 'no-target' | 'no-data' | 'suppressed';

export type StatusResult =
	| { status: Exclude<Status, 'none'>; reason?: undefined }
	| { status: 'none'; reason: NoStatusReason };

export const NO_STATUS_LABELS: Record<NoStatusReason, string> = {
	monitor: 'Monitoring',
	'no-target': 'No target',
	'no-data': 'No data',
	suppressed: 'Not shown'
};

export function statusForMetric(input: {
	direction: Direction;
	tolerance: number;
	actual: number | null;
	target: number | null;
}): StatusResult {
	const { direction, tolerance, actual, target } = input;
	if (direction === 'monitor') return { status: 'none', reason: 'monitor' };
	if (target === null) return { status: 'none', reason: 'no-target' };
	if (actual === null) return { status: 'none', reason: 'no-data' };
	// The band is a share of the target; with a zero target any miss at all is red.
	const band = Math.abs(target) * tolerance;
	// Decimal figures are not exact in binary (88 − 83.6 is 4.400000000000006, a hair over a band
	// of 4.4), so a figure exactly on a boundary is given a rounding error's slack.
	const slack = 1e-9 * Math.max(1, Math.abs(target), Math.abs(actual));
	switch (direction) {
		case 'increase':
			if (actual >= target - slack) return { status: 'green' };
			return { status: target - actual <= band + slack ? 'amber' : 'red' };
		case 'decrease':
			if (actual <= target + slack) return { status: 'green' };
			return { status: actual - target <= band + slack ? 'amber' : 'red' };
		case 'maintain': {
			const gap = Math.abs(actual - target);
			if (gap <= band + slack) return { status: 'green' };
			return { status: gap <= 2 * band + slack ? 'amber' : 'red' };
		}
	}
}

/** The rule a priority's status rolls up by, in words for the pages. */
export const PRIORITY_ROLLUP_RULE =
	'A priority is on track when every rated metric is on track, off track when a third or more of its rated metrics are off track, and within tolerance otherwise. Monitoring metrics and metrics without a target or data are not counted.';

export function rollUpPriorityStatus(statuses: Status[]): Status {
	const rated = statuses.filter((s) => s !== 'none');
	if (rated.length === 0) return 'none';
	const red = rated.filter((s) => s === 'red').length;
	if (red * 3 >= rated.length) return 'red';
	return rated.every((s) => s === 'green') ? 'green' : 'amber';
}

export function countStatuses(statuses: Status[]): Record<Status, number> {
	const counts: Record<Status, number> = { green: 0, amber: 0, red: 0, none: 0 };
	for (const s of statuses) counts[s] += 1;
	return counts;
}
