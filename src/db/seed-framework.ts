import { count } from 'drizzle-orm';

import type { FrameworkFixture } from '../core/framework-fixture.js';
import { parseFinancialYear } from '../core/periods.js';
import type { Db } from './client.js';
import {
	areas,
	baselines,
	fundingStreamMetrics,
	fundingStreams,
	metricReporters,
	metrics,
	partners,
	priorities,
	strategies,
	targets
} from './schema.js';

/** True once a strategy is loaded; the framework is loaded once and then edited in the app. */
export function hasFramework(db: Db): boolean {
	const [row] = db.select({ n: count() }).from(strategies).all();
	return (row?.n ?? 0) > 0;
}

/** Loads a checked framework fixture into an empty database, in one transaction. */
export function seedFramework(db: Db, f: FrameworkFixture): void {
	db.transaction((tx) => {
		const [strategy] = tx
			.insert(strategies)
			.values({
				name: f.strategy.name,
				partnership: f.strategy.partnership,
				description: f.strategy.description,
				startsOn: f.strategy.startsOn,
				endsOn: f.strategy.endsOn
			})
			.returning({ id: strategies.id })
			.all();
		if (!strategy) throw new Error('inserting the strategy returned no row');

		tx.insert(areas)
			.values(f.areas.map((a, i) => ({ ...a, sortOrder: i })))
			.run();

		const priorityIds = new Map<number, number>();
		for (const p of f.priorities) {
			const [row] = tx
				.insert(priorities)
				.values({
					strategyId: strategy.id,
					number: p.number,
					title: p.title,
					description: p.description
				})
				.returning({ id: priorities.id })
				.all();
			priorityIds.set(p.number, row!.id);
		}

		const partnerIds = new Map<string, number>();
		for (const p of f.partners) {
			const [row] = tx
				.insert(partners)
				.values({ code: p.code, name: p.name, sector: p.sector, areaCode: p.area })
				.returning({ id: partners.id })
				.all();
			partnerIds.set(p.code, row!.id);
		}

		const metricIds = new Map<string, number>();
		f.metrics.forEach((m, i) => {
			const [row] = tx
				.insert(metrics)
				.values({
					code: m.code,
					priorityId: priorityIds.get(m.priority)!,
					name: m.name,
					unit: m.unit,
					direction: m.direction,
					partnerAggregation: m.partnerAggregation,
					periodAggregation: m.periodAggregation,
					amberTolerance: m.amberTolerance,
					sensitive: m.sensitive,
					leadPartnerId: m.leadPartner ? partnerIds.get(m.leadPartner)! : null,
					definition: m.definition,
					countingRule: m.countingRule,
					dataSource: m.dataSource,
					owner: m.owner,
					caveats: m.caveats,
					sortOrder: i
				})
				.returning({ id: metrics.id })
				.all();
			const metricId = row!.id;
			metricIds.set(m.code, metricId);
			for (const r of m.reporters)
				for (const areaCode of r.areas)
					tx.insert(metricReporters)
						.values({ metricId, partnerId: partnerIds.get(r.partner)!, areaCode })
						.run();
			if (m.baseline) {
				const wide = f.areas.find((a) => a.partnershipWide)!;
				tx.insert(baselines)
					.values({
						metricId,
						areaCode: wide.code,
						year: parseFinancialYear(m.baseline.period)!,
						value: m.baseline.value
					})
					.run();
			}
		});

		for (const t of f.targets) {
			const metricId = metricIds.get(t.metric)!;
			const year = parseFinancialYear(t.year)!;
			tx.insert(targets)
				.values({ metricId, year, quarter: 0, areaCode: t.area, value: t.annual })
				.run();
			t.quarters?.forEach((value, i) =>
				tx
					.insert(targets)
					.values({ metricId, year, quarter: i + 1, areaCode: t.area, value })
					.run()
			);
		}

		for (const s of f.fundingStreams) {
			const years = s.years.map((y) => parseFinancialYear(y)!);
			const [row] = tx
				.insert(fundingStreams)
				.values({
					code: s.code,
					funder: s.funder,
					name: s.name,
					amountGbp: s.amountGbp,
					firstYear: Math.min(...years),
					lastYear: Math.max(...years),
					description: s.description
				})
				.returning({ id: fundingStreams.id })
				.all();
			for (const code of s.metrics)
				tx.insert(fundingStreamMetrics)
					.values({ fundingStreamId: row!.id, metricId: metricIds.get(code)! })
					.run();
		}
	});
}
