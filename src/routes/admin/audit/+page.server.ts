import { AUDIT_OUTCOMES, type AuditOutcome } from '$core/audit';
import { ukDayStartUtc } from '$core/uk-time';
import type { AuditFilters } from '$db/audit-queries';
import type { FieldError } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/**
 * JSON on one line with a space after each comma and colon, so a narrow column can wrap it
 * between values. Newlines inside strings are escaped by JSON, so only layout is collapsed.
 */
function compactJson(value: unknown): string {
	return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

/**
 * The filters live in the address (a GET form), so a view of the log can be bookmarked and
 * shared. A date that is not real is reported beside its field and not applied.
 */
export const load: PageServerLoad = ({ locals, url }) => {
	const param = (name: string) => url.searchParams.get(name)?.trim() ?? '';
	const values = {
		action: param('action'),
		outcome: param('outcome'),
		actor: param('actor'),
		from: param('from'),
		to: param('to')
	};
	const errors: FieldError[] = [];
	const filters: AuditFilters = {};
	if (values.action) filters.action = values.action;
	if ((AUDIT_OUTCOMES as readonly string[]).includes(values.outcome))
		filters.outcome = values.outcome as AuditOutcome;
	if (values.actor) filters.actor = values.actor;
	if (values.from) {
		const fromAt = ukDayStartUtc(values.from);
		if (fromAt) filters.fromAt = fromAt;
		else
			errors.push({
				field: 'from',
				message: 'The "from" date must be a real date, like 2026-04-01.'
			});
	}
	if (values.to) {
		// "To" includes the whole of that day.
		const toAt = ukDayStartUtc(values.to, 1);
		if (toAt) filters.toAt = toAt;
		else
			errors.push({ field: 'to', message: 'The "to" date must be a real date, like 2026-06-30.' });
	}
	if (filters.fromAt && filters.toAt && filters.fromAt >= filters.toAt) {
		errors.push({
			field: 'to',
			message: 'The "to" date must be the same as or after the "from" date.'
		});
		delete filters.toAt;
	}

	const requestedPage = Number(param('page') || '1');
	const result = locals.services.auditLog.paginate(filters, {
		page: Number.isFinite(requestedPage) ? requestedPage : 1,
		pageSize: PAGE_SIZE
	});
	/** The same filters on another page. */
	const pageHref = (page: number): string => {
		const query = new URLSearchParams();
		for (const [key, value] of Object.entries(values)) if (value) query.set(key, value);
		if (page > 1) query.set('page', String(page));
		return query.size ? `/admin/audit?${query}` : '/admin/audit';
	};
	return {
		values,
		errors,
		actions: locals.services.auditLog.distinctActions(),
		outcomes: AUDIT_OUTCOMES,
		filtered: Object.keys(filters).length > 0,
		entries: result.entries.map((e) => ({
			...e,
			before: e.before === null ? null : compactJson(e.before),
			after: e.after === null ? null : compactJson(e.after)
		})),
		total: result.total,
		page: result.page,
		pageCount: result.pageCount,
		pageSize: PAGE_SIZE,
		previousHref: result.page > 1 ? pageHref(result.page - 1) : null,
		nextHref: result.page < result.pageCount ? pageHref(result.page + 1) : null
	};
};
