import type { FastifyInstance } from 'fastify';

import { can } from '../../../core/access.js';
import { suppressionReaderFor } from '../../../core/dashboard-suppression.js';
import { comparePeriods, formatPeriodLabel, type Period } from '../../../core/periods.js';
import type { Services } from '../../../services.js';
import { ApiError } from '../../errors.js';
import { presentProgress } from '../../present-progress.js';
import { readAreaParam, readPeriodParam, rejectUnknownParams } from '../../query-params.js';

/**
 * GET /api/v1/progress?period=2025-26-q1[&area=HULL]: every priority and metric for a quarter, as
 * the overview page shows it to the same reader, from the same function (services.dashboard
 * .overview), so the numbers cannot differ. Without `period`, the last complete quarter; without
 * `area`, the partnership as a whole.
 */
export async function progressRoutes(app: FastifyInstance, opts: { services: Services }) {
	const { services } = opts;
	app.get('/progress', { config: { capability: 'view-dashboards' } }, async (request) => {
		rejectUnknownParams(request, ['period', 'area']);
		const framework = services.framework.load();
		const periods = services.periods(framework);
		const period = reportablePeriod(readPeriodParam(request), periods);
		const area = readAreaParam(request, framework);
		const principal = request.principal;
		const reader = suppressionReaderFor(principal, services.config.suppressionThreshold);
		const overview = services.dashboard.overview(framework, period, area?.code, reader);
		return presentProgress(framework, overview, {
			policy: reader.policy,
			seesPartners: can(principal, 'view-partner-figures')
		});
	});
}

/** The quarter asked for, or the latest; a 404 that gives the range for one outside it. */
function reportablePeriod(
	asked: Period | undefined,
	{ all, current }: { all: Period[]; current: Period | null }
): Period {
	const first = all[0];
	if (!first || !current)
		throw new ApiError(
			404,
			'not_found',
			'The strategy has no complete quarter yet, so there is no progress to show.'
		);
	if (!asked) return current;
	const range = `Choose a quarter from ${formatPeriodLabel(first)} to ${formatPeriodLabel(current)}.`;
	const label = formatPeriodLabel(asked);
	if (comparePeriods(asked, first) < 0)
		throw new ApiError(
			404,
			'not_found',
			`There is no progress for ${label}: the strategy starts in ${formatPeriodLabel(first)}. ${range}`
		);
	if (comparePeriods(asked, current) > 0)
		throw new ApiError(
			404,
			'not_found',
			`There is no progress for ${label} yet: the quarter has not ended. ${range}`
		);
	return asked;
}
