import { echoInput } from '../../../core/echo.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { canActForPartner } from '../../../core/access.js';
import type { Framework, Partner } from '../../../core/framework.js';
import {
	formatPeriodLabel,
	formatPeriodSlug,
	parsePeriodSlug,
	type Period
} from '../../../core/periods.js';
import { REVIEW_ACTIONS, type ReviewAction } from '../../../core/review.js';
import type { Services } from '../../../services.js';
import { ApiError } from '../../errors.js';

interface SubmissionParams {
	partner: string;
	period: string;
}

/** What a refused review answers with: a race or a state that does not allow it is a conflict. */
const REFUSAL_STATUS = {
	stale: 409,
	'not-allowed': 409,
	'nothing-sent': 409,
	'no-reason': 422,
	'reason-too-long': 422
} as const;

/**
 * A partner's return for a quarter, and the coordinator's review of it (SPEC §5), for systems
 * that work with the API rather than the pages:
 * - `GET /api/v1/submissions/:partner/:period`: where the return stands, with the version to send
 *   back. A partner sees its own; anyone else's is the same 404 as one that does not exist.
 * - `POST /api/v1/submissions/:partner/:period/approve|return|reopen` with `{ "version": n,
 *   "reason": "…" }` (a reason to return or reopen): the same transition, checks and audit as the
 *   review page. A version other than the current one is a 409: someone acted first.
 */
export async function submissionRoutes(app: FastifyInstance, opts: { services: Services }) {
	const { services } = opts;

	app.get<{ Params: SubmissionParams }>(
		'/submissions/:partner/:period',
		{ config: { capability: 'view-submissions' } },
		async (request) => {
			const { partner, period } = target(services.framework.load(), request);
			if (!canActForPartner(request.principal, partner.id, 'view-submissions'))
				throw notFound(request.params.partner);
			return describe(services, partner, period);
		}
	);

	app.post<{ Params: SubmissionParams & { action: string } }>(
		'/submissions/:partner/:period/:action',
		{ config: { capability: 'review-submissions' } },
		async (request) => {
			const action = request.params.action;
			if (!(REVIEW_ACTIONS as readonly string[]).includes(action))
				throw new ApiError(
					404,
					'not_found',
					`There is no review action "${echoInput(action)}". Use ${REVIEW_ACTIONS.join(', ')}.`
				);
			const { partner, period } = target(services.framework.load(), request);
			const body = (request.body ?? {}) as Record<string, unknown>;
			if (typeof body.version !== 'number' || !Number.isInteger(body.version))
				throw new ApiError(
					400,
					'bad_request',
					'Send the version of the return you reviewed, as a whole number: {"version": 3}. GET the submission to find it.'
				);
			if (body.reason !== undefined && typeof body.reason !== 'string')
				throw new ApiError(400, 'bad_request', 'The reason must be text.');
			const principal = request.principal;
			const result = services.review.act({
				partnerId: partner.id,
				year: period.year,
				quarter: period.quarter,
				action: action as ReviewAction,
				reason: (body.reason as string | undefined) ?? '',
				seenVersion: body.version,
				actor: {
					userId: principal.kind === 'user' ? principal.userId : null,
					label: principal.kind === 'anonymous' ? 'anonymous' : principal.label,
					ip: request.ip
				},
				partnerName: partner.name,
				quarterLabel: formatPeriodLabel(period)
			});
			if (!result.ok)
				throw new ApiError(
					REFUSAL_STATUS[result.code],
					result.code.replace(/-/g, '_'),
					result.message
				);
			return describe(services, partner, period);
		}
	);
}

function target(
	framework: Framework,
	request: FastifyRequest<{ Params: SubmissionParams }>
): { partner: Partner; period: Period } {
	const { partner: code, period: slug } = request.params;
	const partner = framework.partners.find((p) => p.code.toLowerCase() === code.toLowerCase());
	if (!partner) throw notFound(code);
	const period = parsePeriodSlug(slug.toLowerCase());
	if (!period)
		throw new ApiError(
			400,
			'bad_period',
			`"${echoInput(slug)}" is not a quarter. Write it as in the addresses of the pages, e.g. 2025-26-q1.`
		);
	return { partner, period };
}

function notFound(code: string): ApiError {
	return new ApiError(
		404,
		'not_found',
		`There is no partner "${echoInput(code)}" whose returns you may see.`
	);
}

function describe(services: Services, partner: Partner, period: Period) {
	const row = services.review.findOne(partner.id, period.year, period.quarter);
	return {
		partner: { code: partner.code, name: partner.name },
		period: { slug: formatPeriodSlug(period), label: formatPeriodLabel(period) },
		status: row?.status ?? 'not_started',
		version: row?.version ?? 0,
		reason: row?.reason ?? null,
		lastSubmittedAt: row?.lastSubmittedAt ?? null,
		reviewedAt: row?.reviewedAt ?? null
	};
}
