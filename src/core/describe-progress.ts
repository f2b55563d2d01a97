/**
 * A metric's status in words, for the priority page, the board report and screen readers:
 * "412 against a year-to-date target of 450: within tolerance (no more than 10% short)."
 */
import type { BaselineComparison } from './baseline.js';
import type { Change } from './change.js';
import { formatNumber } from './format.js';
import type { Direction, Unit } from './framework.js';
import { formatFinancialYear } from './periods.js';
import type { Forecast } from './progress.js';
import { NO_STATUS_LABELS, STATUS_LABELS, type StatusResult } from './status.js';
import { SUPPRESSED_SYMBOL } from './suppression.js';

export function describeStatus(input: {
	unit: Unit;
	direction: Direction;
	tolerance: number;
	actual: number | null;
	target: number | null;
	status: StatusResult;
	/** The year to date is hidden (suppression.ts): it is written `[c]`. */
	actualSuppressed?: boolean;
}): string {
	const { unit, direction, tolerance, actual, target, status } = input;
	const fmt = (v: number | null) => formatNumber(unit, v);
	const shownActual = input.actualSuppressed ? SUPPRESSED_SYMBOL : fmt(actual);
	const pct = `${Math.round(tolerance * 100)}%`;
	if (status.status === 'none') {
		if (status.reason === 'monitor')
			return actual === null && !input.actualSuppressed
				? 'No figures yet. This metric is monitored for its trend and has no target.'
				: `${shownActual} so far this year. This metric is monitored for its trend and has no target: a rise can mean better identification as well as more harm.`;
		if (status.reason === 'suppressed')
			return `${SUPPRESSED_SYMBOL} so far this year: the figure is not shown, to protect the people it counts, so it is not rated against its target either.`;
		if (status.reason === 'no-target')
			return `${shownActual} so far this year. ${NO_STATUS_LABELS['no-target']} has been set for this year, so it is not rated.`;
		return `No figures yet this year against a year-to-date target of ${fmt(target)}.`;
	}
	const against = `${shownActual} against a year-to-date target of ${fmt(target)}`;
	const label = STATUS_LABELS[status.status].toLowerCase();
	if (status.status === 'green') return `${against}: ${label}.`;
	const side =
		direction === 'increase' ? 'short of' : direction === 'decrease' ? 'over' : 'away from';
	// A maintain metric is green within the tolerance either side and amber within twice it.
	const band = direction === 'maintain' ? `${Math.round(tolerance * 200)}%` : pct;
	return status.status === 'amber'
		? `${against}: ${label}, no more than ${band} ${side} the target.`
		: `${against}: ${label}, more than ${band} ${side} the target.`;
}

export function describeForecast(unit: Unit, forecast: Forecast | null): string {
	if (!forecast) return 'No forecast: there are no figures yet this year.';
	const value = formatNumber(unit, forecast.value);
	if (forecast.willMeetTarget === null)
		return `At the current rate the year would end at ${value}.`;
	return `At the current rate the year would end at ${value}, against an annual target of ${formatNumber(unit, forecast.annualTarget)}: the target ${forecast.willMeetTarget ? 'would be met' : 'would not be met'}.`;
}

/**
 * A change on an earlier quarter in words: "Up 12% on 2025-26 Q4, from 50 to 56." Percentages
 * change by points, not by a percentage of themselves. Between two small counts only the figures
 * are given (change.ts).
 * @param mayBeHidden the reader does not see every figure of this metric (suppression.ts), so a
 *   missing comparison may be one that would give a hidden figure away
 */
export function describeChangeInWords(
	unit: Unit,
	change: Change,
	comparedWith: string,
	mayBeHidden = false
): string {
	const fmt = (v: number) => formatNumber(unit, v);
	if (change.kind === 'none')
		return mayBeHidden
			? `No comparison with ${comparedWith}: one of the two quarters has no figure, or one that is not shown (${SUPPRESSED_SYMBOL}).`
			: `No comparison with ${comparedWith}: one of the two quarters has no figure.`;
	const { from, to, difference } = change;
	if (change.kind === 'too-small')
		return `${fmt(from)} in ${comparedWith}, ${fmt(to)} now: too small to compare.`;
	if (difference === 0) return `No change on ${comparedWith}: ${fmt(to)} both times.`;
	const direction = difference > 0 ? 'Up' : 'Down';
	return `${direction} ${changeSize(unit, change)} on ${comparedWith}, from ${fmt(from)} to ${fmt(to)}.`;
}

/**
 * The same change short enough for a table cell, beside the two figures it compares: "up 9%",
 * "down 2.5 percentage points", "3 to 5: too small to compare".
 */
export function describeChangeBrief(unit: Unit, change: Change): string {
	if (change.kind === 'none') return 'No figure to compare';
	const fmt = (v: number) => formatNumber(unit, v);
	if (change.kind === 'too-small')
		return `${fmt(change.from)} to ${fmt(change.to)}: too small to compare`;
	if (change.difference === 0) return 'No change';
	return `${change.difference > 0 ? 'up' : 'down'} ${changeSize(unit, change)}`;
}

/**
 * This year set beside the baseline in words: "The year-end forecast of 280 is up 17% on the
 * 2023-24 baseline of 240." Flows are compared by their forecast, levels by their year to date
 * (baseline.ts).
 * @param mayBeHidden as for describeChangeInWords
 */
export function describeBaselineChange(
	unit: Unit,
	baseline: Pick<BaselineComparison, 'year' | 'comparedWith' | 'change'>,
	mayBeHidden = false
): string {
	const fmt = (v: number) => formatNumber(unit, v);
	const year = formatFinancialYear(baseline.year);
	const { change } = baseline;
	if (change.kind === 'none')
		return mayBeHidden
			? `No comparison with the ${year} baseline: there is no figure this year yet, or one of the two is not shown (${SUPPRESSED_SYMBOL}).`
			: `No comparison with the ${year} baseline: there is no figure this year yet.`;
	const thisYear = `${baseline.comparedWith === 'forecast' ? 'The year-end forecast' : 'The year to date'} of ${fmt(change.to)}`;
	if (change.kind === 'too-small')
		return `${thisYear} against the ${year} baseline of ${fmt(change.from)}: too small to compare.`;
	if (change.difference === 0) return `${thisYear} is the same as the ${year} baseline.`;
	return `${thisYear} is ${change.difference > 0 ? 'up' : 'down'} ${changeSize(unit, change)} on the ${year} baseline of ${fmt(change.from)}.`;
}

/** How big a change is: in points for a percentage, as a difference from zero, else in per cent. */
function changeSize(unit: Unit, change: Extract<Change, { kind: 'compared' }>): string {
	if (unit === 'percent') {
		const points = formatNumber('ratio', Math.abs(change.difference));
		return `${points} percentage point${points === '1' ? '' : 's'}`;
	}
	if (change.percent === null) return formatNumber(unit, Math.abs(change.difference));
	const percent = Math.abs(change.percent);
	return percent < 0.5 ? 'less than 1%' : `${Math.round(percent)}%`;
}
