import { error, fail } from '@sveltejs/kit';

import { classifySubmission, deadlineFor } from '$core/completeness';
import { parseDeadlineInput } from '$core/deadline-input';
import { echoInput } from '$core/echo';
import {
	comparePeriods,
	defaultDeadline,
	formatPeriodLabel,
	formatPeriodSlug,
	parsePeriodSlug,
	type Period
} from '$core/periods';
import { actorOf } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

/** The quarters a return may be sent for, newest first. */
function quartersOf(locals: App.Locals): Period[] {
	return [...locals.services.periods(locals.framework()).all].reverse();
}

/** `?period=2025-26-q2`, or null for every quarter. */
function readPeriod(locals: App.Locals, slug: string | null): Period | null {
	if (!slug) return null;
	const parsed = parsePeriodSlug(slug);
	if (!parsed || !quartersOf(locals).some((q) => comparePeriods(q, parsed) === 0))
		error(404, `There is no quarter "${echoInput(slug)}". Choose a quarter from the list.`);
	return parsed;
}

/** The returns waiting for review (newest quarter first), and each quarter's deadline. */
export const load: PageServerLoad = ({ locals, url }) => {
	const period = readPeriod(locals, url.searchParams.get('period'));
	const quarters = quartersOf(locals);
	const deadlines = locals.services.deadlines.overrides();
	const now = locals.services.now();
	const deadlinePeriod = period ?? quarters[0] ?? null;
	return {
		period: period && { slug: formatPeriodSlug(period), label: formatPeriodLabel(period) },
		periods: quarters.map((q) => ({ slug: formatPeriodSlug(q), label: formatPeriodLabel(q) })),
		queue: locals.services.review.queue(period).map((r) => {
			const p = { year: r.year, quarter: r.quarter as Period['quarter'] };
			const cell = classifySubmission(p, { ...r, reason: null }, now, deadlines);
			return {
				href: `/review/${r.partnerCode.toLowerCase()}/${formatPeriodSlug(p)}`,
				partner: r.partnerName,
				quarter: formatPeriodLabel(p),
				lastSubmittedAt: r.lastSubmittedAt,
				late: cell.late
			};
		}),
		deadline: deadlinePeriod && {
			slug: formatPeriodSlug(deadlinePeriod),
			label: formatPeriodLabel(deadlinePeriod),
			date: deadlineFor(deadlinePeriod, deadlines),
			isDefault: !deadlines.has(`${deadlinePeriod.year}|${deadlinePeriod.quarter}`),
			defaultDate: defaultDeadline(deadlinePeriod)
		}
	};
};

export const actions: Actions = {
	deadline: async (event) => {
		const form = await event.request.formData();
		const period = readPeriod(event.locals, String(form.get('period') ?? ''));
		if (!period)
			return fail(422, { deadlineError: 'Choose the quarter whose deadline to set.', typed: '' });
		const typed = String(form.get('deadline') ?? '');
		const parsed = parseDeadlineInput(typed, period);
		if (!parsed.ok) return fail(422, { deadlineError: parsed.message, typed });
		event.locals.services.deadlines.setDeadline(period, parsed.deadline, actorOf(event));
		return { deadlineSaved: formatPeriodLabel(period) };
	}
};
