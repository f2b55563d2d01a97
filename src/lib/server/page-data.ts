import type { SuppressionReader } from '$core/dashboard-suppression';
import { formatPeriodSlug } from '$core/periods';
import type { resolveSelection } from './selection';

type Selection = ReturnType<typeof resolveSelection>;

/**
 * A dashboard page's data for one reader and selection, worked out once per data version
 * (services/data-cache.ts) and shared by every request that asks for the same. A priority page
 * for a hundred partners takes several milliseconds to work out, and a server answering one
 * request at a time would otherwise work it out again for every reader in the queue.
 *
 * `compute` may depend on nothing but the framework, the database, the selection and `reader`
 * (which also carries the suppression threshold): that is the key. Anything that depends on the
 * person asking in another way (whether they may write commentary, say) stays outside it.
 */
export function cachedPageData<T>(
	locals: App.Locals,
	page: string,
	selection: Selection,
	reader: SuppressionReader,
	compute: () => T
): T {
	const { framework, period, area, periods } = selection;
	// The quarters that may be chosen move on with the clock, not with the data.
	const span = `${periods[0]?.slug ?? ''}..${periods[periods.length - 1]?.slug ?? ''}`;
	const key = [page, formatPeriodSlug(period), area.code, span, JSON.stringify(reader)].join('|');
	return locals.services.pageData(framework, key, compute);
}
