import { error } from '@sveltejs/kit';

import { partnershipArea } from '$core/dashboard';
import { echoInput } from '$core/echo';
import { formatPeriodLabel, formatPeriodSlug, parsePeriodSlug, type Period } from '$core/periods';

/**
 * The quarter and area a page shows, from `?period=2025-26-q2&area=HULL`. Unknown values are a
 * 404 that says what was asked for, never a silent fallback to another quarter.
 */
export function resolveSelection(locals: App.Locals, url: URL) {
	const services = locals.services;
	const framework = locals.framework();
	const { all, current } = services.periods(framework);
	const slug = url.searchParams.get('period');
	let period: Period | null = current;
	if (slug) {
		const parsed = parsePeriodSlug(slug);
		if (!parsed || !all.some((p) => p.year === parsed.year && p.quarter === parsed.quarter))
			error(
				404,
				`There are no figures for the quarter "${echoInput(slug)}". Choose a quarter from the list.`
			);
		period = parsed;
	}
	if (!period) error(404, 'The strategy has no complete quarter yet, so there is nothing to show.');
	const areaCode = url.searchParams.get('area');
	const area = areaCode
		? framework.areas.find((a) => a.code === areaCode.toUpperCase())
		: partnershipArea(framework);
	if (!area) error(404, `There is no area "${areaCode}". Choose an area from the list.`);
	return {
		framework,
		period,
		area,
		periods: all.map((p) => ({
			slug: formatPeriodSlug(p),
			label: formatPeriodLabel(p),
			period: p
		})),
		areas: framework.areas
	};
}
