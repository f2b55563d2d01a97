/**
 * The database the dashboard benchmark serves: a partnership larger than the Humber's (6
 * priorities, 60 metrics, 100 partners, the Humber's 5 areas) with five years of quarterly returns
 * ending at the last complete quarter. It is written straight into a fresh database (the app's own
 * migrations applied) with prepared INSERTs in one transaction: the importer would take far longer
 * for 100,000+ figures and is measured on its own (fixture.ts); here only what is stored matters.
 * The values come from a fixed seed, so the same day gives the same database.
 */
import { fileURLToPath } from 'node:url';

import { isAdditiveUnit } from '../src/core/combine-figures.js';
import type {
	Direction,
	FigureKind,
	PartnerAggregation,
	PeriodAggregation,
	Role,
	Unit
} from '../src/core/framework.js';
import { SECTORS } from '../src/core/framework.js';
import {
	addQuarters,
	formatPeriodLabel,
	lastCompleteQuarter,
	periodEndDate,
	periodsBetween,
	periodStartDate,
	type Period
} from '../src/core/periods.js';
import { generateSecret, hashSecret } from '../src/auth/secrets.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { readFrameworkFixture } from '../src/db/seed.js';
import { random } from './fixture.js';

export const DASHBOARD_QUARTERS = 20;
const PRIORITIES = 6;
const METRICS_PER_PRIORITY = 10;
const PARTNERS = 100;
/** The share of metrics each partner reports: "most", as in a real return. */
const REPORTING_SHARE = 0.8;
const HUMBER_FIXTURE = fileURLToPath(new URL('../fixtures/humber/', import.meta.url));

/**
 * One priority's ten metrics, repeated in every priority: 30 counts, 18 percentages, 6 money and
 * 6 durations overall, combined by sum (24), mean (12), max (12) and lead partner (12).
 */
const METRIC_SHAPES: {
	unit: Unit;
	partnerAggregation: PartnerAggregation;
	periodAggregation: PeriodAggregation;
	/** Priorities 1 to this number mark it sensitive (0: never). */
	sensitiveUpTo: number;
}[] = [
	{ unit: 'count', partnerAggregation: 'lead', periodAggregation: 'sum', sensitiveUpTo: 6 },
	{ unit: 'count', partnerAggregation: 'sum', periodAggregation: 'sum', sensitiveUpTo: 0 },
	{ unit: 'percent', partnerAggregation: 'mean', periodAggregation: 'last', sensitiveUpTo: 0 },
	{ unit: 'gbp', partnerAggregation: 'sum', periodAggregation: 'sum', sensitiveUpTo: 0 },
	{ unit: 'count', partnerAggregation: 'sum', periodAggregation: 'sum', sensitiveUpTo: 4 },
	{ unit: 'percent', partnerAggregation: 'max', periodAggregation: 'mean', sensitiveUpTo: 0 },
	{ unit: 'count', partnerAggregation: 'max', periodAggregation: 'last', sensitiveUpTo: 0 },
	{ unit: 'days', partnerAggregation: 'mean', periodAggregation: 'mean', sensitiveUpTo: 0 },
	{ unit: 'count', partnerAggregation: 'sum', periodAggregation: 'sum', sensitiveUpTo: 0 },
	{ unit: 'percent', partnerAggregation: 'lead', periodAggregation: 'last', sensitiveUpTo: 0 }
];
const DIRECTIONS: Direction[] = ['increase', 'decrease', 'maintain', 'monitor'];

interface ReporterRow {
	partner: number;
	area: string;
}

interface BenchMetric {
	id: number;
	code: string;
	priority: number;
	unit: Unit;
	direction: Direction;
	partnerAggregation: PartnerAggregation;
	periodAggregation: PeriodAggregation;
	sensitive: boolean;
	/** The typical figure one partner gives for one area and quarter. */
	typical: number;
	reporters: ReporterRow[];
	leadPartner: number | null;
}

interface BenchPartner {
	id: number;
	code: string;
	area: string;
	/** Partnership-wide organisations report either for HUMBER or for each local area. */
	reportsFor: string[];
}

export type BenchRole = Extract<Role, 'coordinator' | 'funder'>;

export interface DashboardDataset {
	databasePath: string;
	firstPeriod: Period;
	lastPeriod: Period;
	quarters: number;
	priorities: number;
	metrics: number;
	sensitiveMetrics: number;
	partners: number;
	areas: string[];
	/** Rows in each table written. */
	rows: Record<string, number>;
	/** Expected partner × metric × area × quarter figures, and what became of them. */
	figures: { expected: number; value: number; nil: number; notCollected: number; missing: number };
	/** The session cookie value of each signed-in benchmark user. */
	sessionTokens: Record<BenchRole, string>;
	writeMs: number;
}

function partnerCode(i: number): string {
	return `BP${String(i + 1).padStart(3, '0')}`;
}

interface AreaRow {
	code: string;
	partnershipWide: boolean;
}

function buildPartners(areas: AreaRow[]): BenchPartner[] {
	const local = areas.filter((a) => !a.partnershipWide).map((a) => a.code);
	return Array.from({ length: PARTNERS }, (_, i) => {
		const area = areas[i % areas.length]!;
		const reportsFor = !area.partnershipWide ? [area.code] : i % 2 === 0 ? local : [area.code];
		return { id: i + 1, code: partnerCode(i), area: area.code, reportsFor };
	});
}

function typicalFigure(unit: Unit, sensitive: boolean, rnd: () => number): number {
	if (sensitive) return 3;
	switch (unit) {
		case 'count':
			return 5 + Math.floor(rnd() * 60);
		case 'percent':
			return 40 + rnd() * 50;
		case 'gbp':
			return 1000 + rnd() * 20_000;
		case 'days':
			return 10 + rnd() * 50;
		case 'ratio':
			return 0.5 + rnd() * 2;
	}
}

function buildMetrics(partners: BenchPartner[], rnd: () => number): BenchMetric[] {
	const metrics: BenchMetric[] = [];
	for (let p = 1; p <= PRIORITIES; p++)
		for (let n = 0; n < METRICS_PER_PRIORITY; n++) {
			const shape = METRIC_SHAPES[n]!;
			const index = metrics.length;
			const sensitive = p <= shape.sensitiveUpTo;
			const reporters: ReporterRow[] = [];
			for (const partner of partners)
				if (rnd() < REPORTING_SHARE)
					for (const area of partner.reportsFor) reporters.push({ partner: partner.id, area });
			if (reporters.length === 0) reporters.push({ partner: 1, area: partners[0]!.area });
			// The lead reports for several areas, as the police do for crimes across the four.
			const lead =
				reporters.find((r) => partners[r.partner - 1]!.reportsFor.length > 1) ?? reporters[0]!;
			metrics.push({
				id: index + 1,
				code: `P${p}.${String(n + 1).padStart(2, '0')}`,
				priority: p,
				unit: shape.unit,
				direction: DIRECTIONS[index % DIRECTIONS.length]!,
				partnerAggregation: shape.partnerAggregation,
				periodAggregation: shape.periodAggregation,
				sensitive,
				typical: typicalFigure(shape.unit, sensitive, rnd),
				reporters,
				leadPartner: shape.partnerAggregation === 'lead' ? lead.partner : null
			});
		}
	return metrics;
}

/** Roughly what the partnership figure for a year will be, so targets are met by some, not all. */
function expectedAnnual(m: BenchMetric, area: AreaRow): number | null {
	let rows = m.reporters.filter((r) => area.partnershipWide || r.area === area.code);
	if (m.partnerAggregation === 'lead') rows = rows.filter((r) => r.partner === m.leadPartner);
	if (rows.length === 0) return null;
	const adds = isAdditiveUnit(m.unit) && ['sum', 'lead'].includes(m.partnerAggregation);
	const quarter = adds
		? rows.length * m.typical
		: m.partnerAggregation === 'max'
			? m.typical * 1.5
			: m.typical;
	return m.periodAggregation === 'sum' ? quarter * 4 : quarter;
}

function round(unit: Unit, value: number): number {
	if (unit === 'count') return Math.round(value);
	return Math.round(value * (unit === 'gbp' ? 100 : 10)) / (unit === 'gbp' ? 100 : 10);
}

interface SentFigure {
	kind: FigureKind;
	value: number | null;
}

/** One partner's figure for one area and quarter; null when it has not been sent. */
function figureFor(
	m: BenchMetric,
	quarterIndex: number,
	latest: boolean,
	rnd: () => number
): SentFigure | null {
	const r = rnd();
	// The latest quarter still has late returns outstanding.
	if (r < (latest ? 0.12 : 0.02)) return null;
	if (r > 0.98) return { kind: 'not_collected', value: null };
	const growth = 1 + 0.02 * quarterIndex;
	let value: number;
	if (m.sensitive) value = Math.floor(rnd() * 7);
	else if (m.unit === 'count') value = Math.round(rnd() * 2 * m.typical * growth);
	else if (m.unit === 'percent') value = Math.min(100, Math.max(0, m.typical + (rnd() - 0.5) * 30));
	else if (m.unit === 'gbp') value = rnd() * 2 * m.typical * growth;
	else value = m.typical * (0.5 + rnd());
	value = round(m.unit, value);
	if (value === 0 && m.unit === 'count') return { kind: 'nil', value: 0 };
	return { kind: 'value', value };
}

/**
 * Creates the database at `databasePath` (which must not exist yet) and fills it. `today` decides
 * the last complete quarter; the server must run on the same day so it shows the same quarters.
 */
export function writeDashboardDatabase(databasePath: string, today: Date): DashboardDataset {
	const started = performance.now();
	const areas = readFrameworkFixture(HUMBER_FIXTURE).areas;
	const lastPeriod = lastCompleteQuarter(today);
	const firstPeriod = addQuarters(lastPeriod, 1 - DASHBOARD_QUARTERS);
	const periods = periodsBetween(firstPeriod, lastPeriod);
	const rnd = random(20260401);
	const partners = buildPartners(areas);
	const metrics = buildMetrics(partners, rnd);
	const at = today.toISOString();

	const db = openDatabase(databasePath);
	const sqlite = db.$client;
	const insert = (table: string, columns: string) =>
		sqlite.prepare(
			`INSERT INTO ${table} (${columns}) VALUES (${columns
				.split(',')
				.map(() => '?')
				.join(', ')})`
		);
	const figureCounts = { expected: 0, value: 0, nil: 0, notCollected: 0, missing: 0 };
	const sessionTokens = {} as Record<BenchRole, string>;

	try {
		sqlite.transaction(() => {
			insert('strategies', 'id, name, partnership, description, starts_on, ends_on').run(
				1,
				'Benchmark strategy (synthetic)',
				'Benchmark partnership',
				'Generated by bench/dashboard-fixture.ts.',
				periodStartDate(firstPeriod),
				periodEndDate(addQuarters(lastPeriod, 8))
			);
			const area = insert(
				'areas',
				'code, name, population, population_source, partnership_wide, sort_order'
			);
			areas.forEach((a, i) =>
				area.run(a.code, a.name, a.population, a.populationSource, a.partnershipWide ? 1 : 0, i)
			);
			const priority = insert('priorities', 'id, strategy_id, number, title, description');
			for (let p = 1; p <= PRIORITIES; p++)
				priority.run(p, 1, p, `Synthetic priority ${p}`, `Benchmark priority ${p}.`);
			const partner = insert('partners', 'id, code, name, sector, area_code');
			for (const p of partners)
				partner.run(
					p.id,
					p.code,
					`Synthetic partner ${p.id}`,
					SECTORS[p.id % SECTORS.length],
					p.area
				);

			const metric = insert(
				'metrics',
				'id, code, priority_id, name, unit, direction, partner_aggregation, period_aggregation, amber_tolerance, sensitive, lead_partner_id, definition, counting_rule, data_source, owner, sort_order'
			);
			const reporter = insert('metric_reporters', 'metric_id, partner_id, area_code');
			const target = insert('targets', 'metric_id, year, quarter, area_code, value');
			const years = [...new Set(periods.map((p) => p.year))];
			for (const m of metrics) {
				metric.run(
					m.id,
					m.code,
					m.priority,
					`Synthetic ${m.sensitive ? 'sensitive ' : ''}${m.unit} metric ${m.code}`,
					m.unit,
					m.direction,
					m.partnerAggregation,
					m.periodAggregation,
					0.1,
					m.sensitive ? 1 : 0,
					m.leadPartner,
					`Benchmark metric ${m.code}, in ${m.unit}.`,
					'Synthetic: generated by bench/dashboard-fixture.ts.',
					'Synthetic',
					'Benchmark',
					m.id
				);
				for (const r of m.reporters) reporter.run(m.id, r.partner, r.area);
				if (m.direction === 'monitor') continue;
				// An annual target for the partnership, and for each local area where figures add up.
				for (const year of years)
					for (const a of areas) {
						if (!a.partnershipWide && !isAdditiveUnit(m.unit)) continue;
						const expected = expectedAnnual(m, a);
						if (expected === null) continue;
						target.run(m.id, year, 0, a.code, round(m.unit, expected * (0.85 + rnd() * 0.3)));
					}
			}

			const upload = insert(
				'uploads',
				'id, source, partner_id, file_name, content_type, byte_size, sha256, actor_label, rows, created, uploaded_at'
			);
			const revision = insert(
				'figure_revisions',
				'id, metric_id, partner_id, area_code, year, quarter, kind, value, upload_id, source_row, created_at'
			);
			const figure = insert(
				'figures',
				'metric_id, partner_id, area_code, year, quarter, kind, value, current_revision_id, updated_at'
			);
			const submission = insert(
				'submissions',
				'partner_id, year, quarter, status, first_submitted_at, last_submitted_at, updated_at'
			);
			const byPartner = new Map<number, { metric: BenchMetric; area: string }[]>();
			for (const m of metrics)
				for (const r of m.reporters) {
					const list = byPartner.get(r.partner) ?? [];
					list.push({ metric: m, area: r.area });
					byPartner.set(r.partner, list);
				}

			let uploadId = 0;
			let revisionId = 0;
			periods.forEach((period, quarterIndex) => {
				const latest = quarterIndex === periods.length - 1;
				const submittedAt = `${periodEndDate(period)}T12:00:00.000Z`;
				for (const p of partners) {
					const rows = byPartner.get(p.id) ?? [];
					const sent = rows.map(({ metric: m }) => figureFor(m, quarterIndex, latest, rnd));
					figureCounts.expected += rows.length;
					const answered = sent.filter((f) => f !== null).length;
					figureCounts.missing += rows.length - answered;
					if (answered === 0) continue;
					uploadId += 1;
					const fileName = `${p.code}-${formatPeriodLabel(period).replace(' ', '-')}.csv`;
					upload.run(
						uploadId,
						'file',
						p.id,
						fileName,
						'text/csv',
						0,
						hashSecret(fileName),
						`${p.code} data lead`,
						answered,
						answered,
						submittedAt
					);
					rows.forEach(({ metric: m, area }, i) => {
						const f = sent[i];
						if (!f) return;
						revisionId += 1;
						revision.run(
							revisionId,
							m.id,
							p.id,
							area,
							period.year,
							period.quarter,
							f.kind,
							f.value,
							uploadId,
							i + 2,
							submittedAt
						);
						figure.run(
							m.id,
							p.id,
							area,
							period.year,
							period.quarter,
							f.kind,
							f.value,
							revisionId,
							submittedAt
						);
						if (f.kind === 'value') figureCounts.value += 1;
						else if (f.kind === 'nil') figureCounts.nil += 1;
						else figureCounts.notCollected += 1;
					});
					submission.run(
						p.id,
						period.year,
						period.quarter,
						latest ? 'submitted' : 'approved',
						submittedAt,
						submittedAt,
						submittedAt
					);
				}
			});

			// Signed in as the app would sign them in: only the SHA-256 of the cookie is stored.
			const user = insert('users', 'email, display_name, role, created_at');
			const session = insert(
				'sessions',
				'id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent'
			);
			const expiresAt = new Date(today.getTime() + 12 * 3_600_000).toISOString();
			for (const role of ['coordinator', 'funder'] as const) {
				const { lastInsertRowid } = user.run(
					`bench-${role}@example.org`,
					`Benchmark ${role}`,
					role,
					at
				);
				const token = generateSecret();
				session.run(hashSecret(token), lastInsertRowid, at, at, expiresAt, '127.0.0.1', 'bench');
				sessionTokens[role] = token;
			}
		})();

		const rows = Object.fromEntries(
			[
				'strategies',
				'priorities',
				'areas',
				'partners',
				'metrics',
				'metric_reporters',
				'targets',
				'uploads',
				'figure_revisions',
				'figures',
				'submissions',
				'users',
				'sessions'
			].map((t) => [t, sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number])
		);
		return {
			databasePath,
			firstPeriod,
			lastPeriod,
			quarters: periods.length,
			priorities: PRIORITIES,
			metrics: metrics.length,
			sensitiveMetrics: metrics.filter((m) => m.sensitive).length,
			partners: partners.length,
			areas: areas.map((a) => a.code),
			rows,
			figures: figureCounts,
			sessionTokens,
			writeMs: performance.now() - started
		};
	} finally {
		closeDatabase(db);
	}
}
