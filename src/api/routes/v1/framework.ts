import type { FastifyInstance } from 'fastify';

import type { Baseline } from '../../../core/framework.js';
import { formatFinancialYear, formatPeriodLabel } from '../../../core/periods.js';
import { isPrimarySuppressed, suppressionPolicyFor } from '../../../core/suppression.js';
import type { Services } from '../../../services.js';

/** GET /api/v1/framework: priorities, metrics (with their definitions), targets, partners, areas. */
export async function frameworkRoutes(app: FastifyInstance, opts: { services: Services }) {
	app.get('/framework', { config: { capability: 'view-dashboards' } }, async (request) => {
		const fw = opts.services.framework.load();
		// A sensitive metric's baseline is a count of people like its figures (SPEC §6): a small
		// one is hidden as on the metric page's definitions register.
		const policy = suppressionPolicyFor(
			request.principal,
			opts.services.config.suppressionThreshold
		);
		const partnerCode = new Map(fw.partners.map((p) => [p.id, p.code]));
		const partnershipWide = new Set(fw.areas.filter((a) => a.partnershipWide).map((a) => a.code));
		const presentBaseline = (baseline: Baseline | undefined, sensitive: boolean) =>
			baseline
				? {
						year: formatFinancialYear(baseline.year),
						area: baseline.areaCode,
						...(isPrimarySuppressed(baseline.value, sensitive, policy)
							? { value: null, suppressed: true }
							: { value: baseline.value, suppressed: false })
					}
				: null;
		const { current } = opts.services.periods(fw);
		return {
			strategy: {
				name: fw.strategy.name,
				partnership: fw.strategy.partnership,
				startsOn: fw.strategy.startsOn,
				endsOn: fw.strategy.endsOn,
				currentPeriod: current ? formatPeriodLabel(current) : null
			},
			areas: fw.areas,
			priorities: fw.priorities.map((p) => ({
				number: p.number,
				title: p.title,
				description: p.description,
				metrics: fw.metrics.filter((m) => m.priorityId === p.id).map((m) => m.code)
			})),
			partners: fw.partners.map((p) => ({
				code: p.code,
				name: p.name,
				sector: p.sector,
				area: p.areaCode,
				active: p.active
			})),
			metrics: fw.metrics.map((m) => ({
				code: m.code,
				priority: m.priorityNumber,
				name: m.name,
				unit: m.unit,
				direction: m.direction,
				partnerAggregation: m.partnerAggregation,
				periodAggregation: m.periodAggregation,
				amberTolerance: m.amberTolerance,
				sensitive: m.sensitive,
				status: m.status,
				leadPartner: m.leadPartnerId === null ? null : partnerCode.get(m.leadPartnerId),
				reporters: m.reporters.map((r) => ({
					partner: partnerCode.get(r.partnerId),
					area: r.areaCode
				})),
				definition: m.definition,
				countingRule: m.countingRule,
				dataSource: m.dataSource,
				owner: m.owner,
				caveats: m.caveats,
				// `baseline` is the partnership-wide one, as before baselines could be set per area.
				baseline: presentBaseline(
					m.baselines.find((b) => partnershipWide.has(b.areaCode)),
					m.sensitive
				),
				baselines: m.baselines.map((b) => presentBaseline(b, m.sensitive)),
				targets: m.targets.map((t) => ({
					year: formatFinancialYear(t.year),
					quarter: t.quarter === 0 ? null : t.quarter,
					area: t.areaCode,
					value: t.value
				}))
			})),
			fundingStreams: fw.fundingStreams.map((s) => ({
				code: s.code,
				funder: s.funder,
				name: s.name,
				amountGbp: s.amountGbp,
				firstYear: formatFinancialYear(s.firstYear),
				lastYear: formatFinancialYear(s.lastYear),
				description: s.description,
				metrics: fw.metrics.filter((m) => s.metricIds.includes(m.id)).map((m) => m.code)
			}))
		};
	});
}
