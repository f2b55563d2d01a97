import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Principal } from '../../src/core/access.js';
import { buildOverview, buildPriorityView, partnershipArea } from '../../src/core/dashboard.js';
import {
	decideSuppression,
	suppressionReaderFor,
	suppressOverview,
	suppressPriorityView,
	type SuppressionDecisions,
	type SuppressionReader
} from '../../src/core/dashboard-suppression.js';
import type { Framework } from '../../src/core/framework.js';
import { comparePeriods, formatPeriodLabel, type Period } from '../../src/core/periods.js';
import type { Services } from '../../src/services.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';
import { roundNumbers } from '../helpers/round-numbers.js';

const reader = (role: 'coordinator' | 'viewer'): [string, SuppressionReader] => {
	const principal: Principal = { kind: 'user', userId: 1, role, partnerId: null, label: role };
	return [role, suppressionReaderFor(principal, 5)];
};
const READERS = [reader('coordinator'), reader('viewer')];

/**
 * The dashboards as they were built before the figures were aggregated in SQL: from every raw
 * figure of the years around the quarter, with suppression over every metric's raw figures.
 */
function rawDashboards(services: Services, fw: Framework) {
	const all = services.periods(fw).all;
	const metricIds = fw.metrics.map((m) => m.id);
	const suppression = (r: SuppressionReader): SuppressionDecisions =>
		decideSuppression({
			framework: fw,
			figures: services.figureQueries.findForMetrics(metricIds, all[0]!.year, all.at(-1)!.year),
			periods: all,
			reader: r
		});
	const areaOf = (code: string) => fw.areas.find((a) => a.code === code) ?? partnershipArea(fw);
	return {
		overview(period: Period, areaCode: string, r: SuppressionReader) {
			const rows = services.figureQueries.findForMetrics(metricIds, period.year - 1, period.year);
			const overview = buildOverview(fw, rows, period, areaOf(areaCode));
			return suppressOverview(overview, suppression(r));
		},
		priority(number: number, period: Period, areaCode: string, r: SuppressionReader) {
			const priority = fw.priorities.find((p) => p.number === number)!;
			const rows = services.figureQueries.findForMetrics(metricIds, all[0]!.year - 1, period.year);
			const view = buildPriorityView(fw, priority, rows, all, period, areaOf(areaCode));
			return suppressPriorityView(view, suppression(r));
		}
	};
}

describe('services.dashboard on the demo database', () => {
	let test: TestApp;
	let fw: Framework;
	let periods: Period[];

	beforeAll(async () => {
		test = await buildTestApp({ seed: 'demo' });
		fw = test.services.framework.load();
		periods = test.services.periods(fw).all;
	});

	afterAll(async () => {
		await test.close();
	});

	it('shows on the overview what the raw figures show, for every quarter, area and reader', () => {
		const raw = rawDashboards(test.services, fw);
		// Suppression is slow to work out from raw figures: the viewer sees a first quarter, a
		// first quarter of a year (compared with the year before) and the latest.
		const suppressed = new Set([periods[0], periods.find((p) => p.quarter === 1), periods.at(-1)]);
		let figures = 0;
		for (const period of periods)
			for (const area of fw.areas)
				for (const [role, r] of READERS.filter(
					([, r]) => !r.policy.applies || suppressed.has(period)
				)) {
					const where = `${formatPeriodLabel(period)} ${area.code} ${role}`;
					const shown = test.services.dashboard.overview(fw, period, area.code, r);
					expect(roundNumbers(shown), where).toEqual(
						roundNumbers(raw.overview(period, area.code, r))
					);
					figures += shown.priorities
						.flatMap((p) => p.metrics)
						.filter((m) => m.progress.quarter.value !== null).length;
				}
		expect(figures).toBeGreaterThan(1000);
	});

	it('shows on each priority page what the raw figures show, for every area and reader', () => {
		const raw = rawDashboards(test.services, fw);
		const chosen = [periods[0]!, periods.find((p) => p.quarter === 1)!, periods.at(-1)!];
		for (const priority of fw.priorities)
			for (const period of chosen)
				for (const area of fw.areas)
					for (const [role, r] of READERS) {
						const where = `P${priority.number} ${formatPeriodLabel(period)} ${area.code} ${role}`;
						const shown = test.services.dashboard.priority(
							fw,
							priority.number,
							period,
							area.code,
							r
						);
						expect(roundNumbers(shown), where).toEqual(
							roundNumbers(raw.priority(priority.number, period, area.code, r))
						);
					}
	});

	it('gives the overview history as the overviews of each of the last eight quarters', () => {
		const funder: Principal = {
			kind: 'user',
			userId: 2,
			role: 'funder',
			partnerId: null,
			label: 'funder'
		};
		for (const [role, r] of [...READERS, ['funder', suppressionReaderFor(funder, 5)] as const])
			for (const period of [periods[1]!, periods.at(-1)!]) {
				const history = test.services.dashboard.overviewHistory(fw, period, 'HULL', r);
				const expected = periods.filter((p) => comparePeriods(p, period) <= 0).slice(-8);
				expect(
					history.map((o) => o.period),
					role
				).toEqual(expected);
				history.forEach((o) =>
					expect(roundNumbers(o), `${role} ${formatPeriodLabel(o.period)}`).toEqual(
						roundNumbers(test.services.dashboard.overview(fw, o.period, 'HULL', r))
					)
				);
			}
	});

	it('calls a quarter before the strategy empty, with every partner missing', () => {
		const [, coordinator] = reader('coordinator');
		const before: Period = { year: 2023, quarter: 1 };
		const overview = test.services.dashboard.overview(fw, before, undefined, coordinator);
		expect(overview.empty).toBe(true);
		const metric = overview.priorities[0]!.metrics[0]!;
		expect(metric.progress.quarter.value).toBeNull();
		expect(metric.progress.quarter.missingPartnerIds).toHaveLength(
			metric.progress.quarter.expectedPartnerCount
		);
	});
});
