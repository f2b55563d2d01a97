/**
 * Deterministic demo figures: the same framework, quarters and seed always give the same
 * figures, so screenshots, tests and demos agree. Each metric is given a "performance" — most
 * on track, some within tolerance, some off track — and partners' figures scatter plausibly
 * around that, with nil returns, a few figures not collected, late returns and, in the latest
 * quarter, some partners who have not submitted yet.
 */
import type { FrameworkFixture, MetricFixture } from './framework-fixture.js';
import type { FigureKind, Unit } from './framework.js';
import { defaultDeadline, formatPeriodLabel, parseFinancialYear, type Period } from './periods.js';

export interface DemoFigure {
	metric: string;
	area: string;
	kind: FigureKind;
	value: number | null;
	comment: string;
}

export interface DemoReturn {
	partner: string;
	period: Period;
	/** When the return arrived (ISO UTC): most on time, a few after the deadline. */
	submittedAt: string;
	figures: DemoFigure[];
}

export interface DemoData {
	returns: DemoReturn[];
	/** Partners with nothing for the latest quarter yet: the completeness view's "missing". */
	missing: { partner: string; period: Period }[];
}

/** A small, fast, seedable generator (mulberry32); Math.random cannot be seeded. */
export function createRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function hashString(text: string): number {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 16777619);
	}
	return h >>> 0;
}

function randomFor(seed: number, ...parts: (string | number)[]): () => number {
	return createRandom(hashString(`${seed}|${parts.join('|')}`));
}

/** Where the partnership stands against target on a metric: above 1 is better than target. */
function performanceFor(seed: number, code: string): number {
	const r = randomFor(seed, 'performance', code)();
	if (r < 0.55) return 1.04 + r * 0.1; // on track
	if (r < 0.8) return 0.93 + (r - 0.55) * 0.2; // within tolerance
	return 0.72 + (r - 0.8) * 0.5; // off track
}

/** The partnership-wide figure the metric would have in a quarter at target. */
function levelAtTarget(f: FrameworkFixture, m: MetricFixture, period: Period): number {
	const wide = f.areas.find((a) => a.partnershipWide)?.code;
	const target = f.targets.find(
		(t) => t.metric === m.code && t.area === wide && parseFinancialYear(t.year) === period.year
	);
	const annual = target?.annual ?? m.baseline?.value ?? 10;
	if (target?.quarters) return target.quarters[period.quarter - 1]!;
	return m.periodAggregation === 'sum' ? annual / 4 : annual;
}

function roundForUnit(unit: Unit, value: number): number {
	switch (unit) {
		case 'count':
		case 'days':
			return Math.max(0, Math.round(value));
		case 'percent':
			return Math.min(100, Math.max(0, Math.round(value * 10) / 10));
		case 'gbp':
			return Math.max(0, Math.round(value / 100) * 100);
		case 'ratio':
			return Math.max(0, Math.round(value * 100) / 100);
	}
}

/** The partnership figure for a quarter, before it is shared out between reporters. */
function partnershipFigure(
	f: FrameworkFixture,
	m: MetricFixture,
	period: Period,
	seed: number
): number {
	const atTarget = levelAtTarget(f, m, period);
	const performance = performanceFor(seed, m.code);
	const noise = 1 + (randomFor(seed, 'noise', m.code, period.year, period.quarter)() - 0.5) * 0.16;
	if (m.direction === 'monitor') return atTarget * noise;
	// Better than target means higher for increase metrics and lower for decrease metrics.
	const factor = m.direction === 'decrease' ? 2 - performance : performance;
	return atTarget * factor * noise;
}

export function generateDemoData(
	f: FrameworkFixture,
	periods: Period[],
	today: Date,
	seed = 2024
): DemoData {
	const returns = new Map<string, DemoReturn>();
	const populationByArea = new Map(f.areas.map((a) => [a.code, a.population]));
	const latest = periods[periods.length - 1];
	const missing = new Set<string>();
	if (latest) {
		// Four partners have not sent the latest quarter's return yet.
		const order = [...f.partners].sort(
			(a, b) => hashString(`${seed}|missing|${a.code}`) - hashString(`${seed}|missing|${b.code}`)
		);
		for (const p of order.slice(0, 4)) missing.add(p.code);
	}

	for (const period of periods) {
		const isLatest = period === latest;
		for (const m of f.metrics) {
			const total = partnershipFigure(f, m, period, seed);
			const slots = m.reporters.flatMap((r) =>
				r.areas.map((area) => ({ partner: r.partner, area }))
			);
			const rnd = randomFor(seed, 'share', m.code, period.year, period.quarter);
			// Shares follow population (a partnership-wide slot counts as the whole) with some noise.
			const weights = slots.map(
				(s) =>
					(populationByArea.get(s.area) ?? 1) *
					(0.6 + rnd() * 0.8) *
					(s.partner === m.leadPartner ? 3 : 1)
			);
			const weightTotal = weights.reduce((a, b) => a + b, 0);

			slots.forEach((slot, i) => {
				if (isLatest && missing.has(slot.partner)) return;
				let value: number;
				if (m.partnerAggregation === 'lead') {
					// Each agency counts the same people; the lead's count is the partnership's.
					const own = slot.partner === m.leadPartner ? 1 : 0.3 + rnd() * 0.5;
					const areaShare =
						slots.filter((s) => s.partner === slot.partner).length > 1
							? (populationByArea.get(slot.area) ?? 1) /
								sumPopulation(slots, slot.partner, populationByArea)
							: 1;
					value = total * own * areaShare;
				} else if (m.partnerAggregation === 'sum' && (m.unit === 'count' || m.unit === 'gbp')) {
					value = (total * weights[i]!) / weightTotal;
				} else {
					value = total * (0.9 + rnd() * 0.2);
				}
				const rounded = roundForUnit(m.unit, value);
				const r = rnd();
				let kind: FigureKind = 'value';
				let comment = '';
				if (rounded === 0 && m.unit === 'count') kind = 'nil';
				else if (r < 0.01) kind = 'not_collected';
				if (kind === 'not_collected') comment = 'System change this quarter: figure not available.';
				else if (r > 0.985) comment = 'Includes a late-notified case from the previous quarter.';

				const key = `${slot.partner}|${period.year}|${period.quarter}`;
				const ret =
					returns.get(key) ??
					({
						partner: slot.partner,
						period,
						submittedAt: submissionTime(period, slot.partner, seed, today),
						figures: []
					} satisfies DemoReturn);
				ret.figures.push({
					metric: m.code,
					area: slot.area,
					kind,
					value: kind === 'not_collected' ? null : kind === 'nil' ? 0 : rounded,
					comment
				});
				returns.set(key, ret);
			});
		}
	}
	return {
		returns: [...returns.values()],
		missing: latest ? [...missing].map((partner) => ({ partner, period: latest })) : []
	};
}

function sumPopulation(
	slots: { partner: string; area: string }[],
	partner: string,
	population: Map<string, number>
): number {
	return slots
		.filter((s) => s.partner === partner)
		.reduce((t, s) => t + (population.get(s.area) ?? 1), 0);
}

/** Most returns arrive 5–28 days after the quarter ends; about one in twelve after the deadline. */
function submissionTime(period: Period, partner: string, seed: number, today: Date): string {
	const rnd = randomFor(seed, 'submitted', partner, formatPeriodLabel(period));
	const deadline = new Date(`${defaultDeadline(period)}T00:00:00Z`);
	const late = rnd() < 0.08;
	const days = late ? 3 + Math.floor(rnd() * 20) : -(2 + Math.floor(rnd() * 23));
	const hours = 8 + Math.floor(rnd() * 9);
	const at = deadline.getTime() + days * 86_400_000 + hours * 3_600_000;
	// Nothing can have arrived after today.
	return new Date(Math.min(at, today.getTime() - 3_600_000)).toISOString();
}
