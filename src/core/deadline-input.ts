/** Reading the deadline a coordinator types for a quarter (issue 6: deadlines are editable). */
import { formatPeriodLabel, periodEndDate, type Period } from './periods.js';

export type DeadlineInput = { ok: true; deadline: string | null } | { ok: false; message: string };

/**
 * A date as the browser's date field sends it (YYYY-MM-DD), on or after the quarter's last day;
 * blank means "back to the default".
 */
export function parseDeadlineInput(text: string, period: Period): DeadlineInput {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, deadline: null };
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
	const date = match ? new Date(`${trimmed}T00:00:00Z`) : null;
	if (
		!match ||
		!date ||
		Number.isNaN(date.getTime()) ||
		date.toISOString().slice(0, 10) !== trimmed
	)
		return {
			ok: false,
			message: `Enter the deadline as a date, for example 2025-10-30 (got "${trimmed}").`
		};
	const end = periodEndDate(period);
	if (trimmed < end)
		return {
			ok: false,
			message: `The deadline for ${formatPeriodLabel(period)} must be on or after the quarter’s last day, ${end}.`
		};
	return { ok: true, deadline: trimmed };
}
