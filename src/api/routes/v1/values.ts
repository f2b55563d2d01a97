import type { FastifyInstance, FastifyRequest } from 'fastify';

import { can, canActForPartner, principalPartnerId, type Principal } from '../../../core/access.js';
import type { Framework, Partner } from '../../../core/framework.js';
import { echoInput } from '../../../core/echo.js';
import { formatPeriodLabel, type Period } from '../../../core/periods.js';
import { SUPPRESSED_SYMBOL, suppressionNote } from '../../../core/suppression.js';
import { valueSuppressionFor } from '../../../exports/export-values.js';
import type { StoredValueRow } from '../../../db/value-queries.js';
import type { Services } from '../../../services.js';
import { ApiError } from '../../errors.js';
import { queryText } from '../../import-request.js';
import {
	readAreaParam,
	readMetricParam,
	readPageParams,
	readPeriodParam,
	rejectUnknownParams
} from '../../query-params.js';

const PARAMS = ['period', 'metric', 'partner', 'area', 'limit', 'offset'] as const;

export const VALUES_REFUSAL =
	'The values API lists figures partner by partner, which your role does not show. The partnership’s figures are at GET /api/v1/progress.';

/**
 * GET /api/v1/values[?period=…&metric=…&partner=…&area=…&limit=…&offset=…]: the stored current
 * figures in long format, one per partner, metric, area and quarter, with the revision and upload
 * that set each (SPEC §7). A page at a time: `total` says how many match, `next` where the next
 * page is.
 *
 * Who sees what (core/access.ts): the coordinator and the funder (`view-partner-figures`) every
 * partner's figures; a partner user or token (`view-submissions`) its own only, another partner
 * being answered as one that does not exist; a board member nothing (403). Small sensitive
 * figures are null with `suppressed: true` for all but the coordinator, as on the metric page's
 * partner table (core/value-suppression.ts), except a partner's own. A figure's comment is a
 * partner's own record, shown to whoever may open its submissions, and null to anyone else.
 */
export async function valueRoutes(app: FastifyInstance, opts: { services: Services }) {
	const { services } = opts;
	app.get(
		'/values',
		{
			config: {
				capability: ['view-partner-figures', 'view-submissions'],
				refusal: VALUES_REFUSAL
			}
		},
		async (request) => {
			rejectUnknownParams(request, PARAMS);
			const principal = request.principal;
			const framework = services.framework.load();
			const seesAll = can(principal, 'view-partner-figures');
			const ownPartnerId = seesAll ? null : principalPartnerId(principal);
			if (!seesAll && ownPartnerId === null)
				throw new ApiError(403, 'forbidden', 'Your account has no partner, so it has no figures.');
			const partner = readPartnerParam(request, framework, principal);
			const metric = readMetricParam(request, framework);
			const period = readPeriodParam(request);
			const area = readAreaParam(request, framework);
			const page = readPageParams(request);

			const { total, rows } = services.values.paginate(
				{
					year: period?.year,
					quarter: period?.quarter,
					metricId: metric?.id,
					partnerId: partner?.id ?? ownPartnerId ?? undefined,
					areaCode: area?.code
				},
				page
			);

			const { policy, hidden } = valueSuppressionFor(services, framework, principal, ownPartnerId);
			const metrics = new Map(framework.metrics.map((m) => [m.id, m]));
			const next = page.offset + rows.length;
			return {
				total,
				limit: page.limit,
				offset: page.offset,
				next: next < total ? nextPageUrl(request, next) : null,
				suppression: { symbol: SUPPRESSED_SYMBOL, note: suppressionNote(policy.threshold) },
				values: rows.map((row) => {
					const m = metrics.get(row.metricId);
					// A figure whose metric cannot be looked up cannot be judged, so it is not shown.
					return presentValue(row, m ? hidden(m, row) : policy.applies, principal);
				})
			};
		}
	);
}

function presentValue(row: StoredValueRow, suppressed: boolean, principal: Principal) {
	return {
		metric: row.metricCode,
		partner: row.partnerCode,
		area: row.areaCode,
		period: formatPeriodLabel({ year: row.year, quarter: row.quarter as Period['quarter'] }),
		/** `value`, `nil` (a nil return: counts as 0) or `not_collected` (value null). */
		kind: row.kind,
		value: suppressed ? null : row.kind === 'nil' ? 0 : row.value,
		suppressed,
		comment: canActForPartner(principal, row.partnerId, 'view-submissions') ? row.comment : null,
		revisionId: row.revisionId,
		uploadId: row.uploadId,
		source: row.source,
		uploadedAt: row.uploadedAt
	};
}

/** A partner code; another partner's, for a partner, is answered as one that does not exist. */
export function readPartnerParam(
	request: FastifyRequest,
	framework: Framework,
	principal: Principal
): Partner | undefined {
	const text = queryText(request, 'partner');
	if (text === undefined) return undefined;
	const code = text.trim().toUpperCase();
	if (code === '')
		throw new ApiError(
			400,
			'bad_partner',
			'The partner is empty. Give a partner code, e.g. HP; GET /api/v1/framework lists them.'
		);
	const partner = framework.partners.find((p) => p.code.toUpperCase() === code);
	const visible =
		partner &&
		(can(principal, 'view-partner-figures') ||
			canActForPartner(principal, partner.id, 'view-submissions'));
	if (!visible)
		throw new ApiError(
			404,
			'not_found',
			`There is no partner "${echoInput(text)}" whose figures you can see.`
		);
	return partner;
}

/** This request's address with `offset` moved on: the next page, every filter kept. */
function nextPageUrl(request: FastifyRequest, offset: number): string {
	const url = new URL(request.url, 'http://localhost');
	url.searchParams.set('offset', String(offset));
	return `${url.pathname}${url.search}`;
}
