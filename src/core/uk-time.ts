/**
 * Dates and times as people in the partnership read them: UK time (GMT or BST, whichever was in
 * force), day before month. Timestamps are stored in UTC; only what is shown is converted.
 */

const LONDON = 'Europe/London';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});
const dateTimeWithSecondsFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});
const dateFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});
const partsFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/** "23 Nov 2026, 14:05" in UK time; with seconds, "23 Nov 2026, 14:05:09". */
export function formatUkDateTime(iso: string, options: { seconds?: boolean } = {}): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return (options.seconds ? dateTimeWithSecondsFormat : dateTimeFormat).format(date);
}

/** "23 November 2026", the day as it was in the UK. */
export function formatUkDate(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return dateFormat.format(date);
}

/** How far UK time is ahead of UTC at that instant: 0 in winter, one hour in summer. */
function ukOffsetMs(at: Date): number {
	const parts = partsFormat.formatToParts(at);
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((p) => p.type === type)?.value ?? 0);
	const asIfUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second')
	);
	return asIfUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** A calendar date `2026-11-23`, or null when it is not a real date. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	)
		return null;
	return { year, month, day };
}

/**
 * The UTC instant at which a UK calendar day begins (`2026-07-01` → `2026-06-30T23:00:00.000Z`),
 * with `addDays` to move to a later day; null when the date is not real. UK clocks change at
 * 01:00 UTC, never at midnight, so the offset at 00:00 UTC of that date is the right one.
 */
export function ukDayStartUtc(text: string, addDays = 0): string | null {
	const date = parseIsoDate(text);
	if (!date) return null;
	const midnightUtc = Date.UTC(date.year, date.month - 1, date.day + addDays);
	return new Date(midnightUtc - ukOffsetMs(new Date(midnightUtc))).toISOString();
}
