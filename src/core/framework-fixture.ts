/**
 * The strategy framework as readable data (fixtures/humber/*.json): its shape, and the checks that
 * tie it together (every metric's priority exists, every target's metric exists, codes unique…).
 * Problems are returned as sentences that name the file and the entry, never thrown.
 */
import { z } from 'zod';

import {
	DIRECTIONS,
	METRIC_CODE_PATTERN,
	PARTNER_AGGREGATIONS,
	PERIOD_AGGREGATIONS,
	SECTORS,
	UNITS
} from './framework.js';
import { parseFinancialYear } from './periods.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const financialYear = z
	.string()
	.refine((s) => parseFinancialYear(s) !== null, 'must be a financial year such as "2025-26"');
const code = z.string().regex(/^[A-Z][A-Z0-9-]{1,15}$/, 'must be upper-case letters and digits');

const StrategySchema = z.object({
	name: z.string().min(1),
	partnership: z.string().min(1),
	startsOn: isoDate,
	endsOn: isoDate,
	description: z.string().default('')
});

const AreaSchema = z.object({
	code,
	name: z.string().min(1),
	population: z.number().int().positive(),
	populationSource: z.string().default(''),
	partnershipWide: z.boolean().default(false)
});

const PrioritySchema = z.object({
	number: z.number().int().positive(),
	title: z.string().min(1),
	description: z.string().default('')
});

const PartnerSchema = z.object({
	code,
	name: z.string().min(1),
	sector: z.enum(SECTORS),
	area: code
});

const MetricSchema = z.object({
	code: z.string().regex(METRIC_CODE_PATTERN, 'must look like P1.03'),
	priority: z.number().int().positive(),
	name: z.string().min(1),
	unit: z.enum(UNITS),
	direction: z.enum(DIRECTIONS),
	partnerAggregation: z.enum(PARTNER_AGGREGATIONS),
	periodAggregation: z.enum(PERIOD_AGGREGATIONS),
	amberTolerance: z.number().min(0).max(1).default(0.1),
	sensitive: z.boolean().default(false),
	leadPartner: code.optional(),
	reporters: z.array(z.object({ partner: code, areas: z.array(code).min(1) })).min(1),
	definition: z.string().default(''),
	countingRule: z.string().default(''),
	dataSource: z.string().default(''),
	owner: z.string().default(''),
	caveats: z.string().default(''),
	baseline: z.object({ period: financialYear, value: z.number().finite() }).optional()
});

const TargetSchema = z.object({
	metric: z.string(),
	year: financialYear,
	area: code,
	annual: z.number().finite(),
	quarters: z.array(z.number().finite()).length(4).optional()
});

const FundingStreamSchema = z.object({
	code,
	funder: z.string().min(1),
	name: z.string().min(1),
	amountGbp: z.number().nonnegative(),
	years: z.array(financialYear).min(1),
	description: z.string().default(''),
	metrics: z.array(z.string()).min(1)
});

export const FRAMEWORK_FILES = {
	strategy: 'strategy.json',
	areas: 'areas.json',
	priorities: 'priorities.json',
	partners: 'partners.json',
	metrics: 'metrics.json',
	targets: 'targets.json',
	fundingStreams: 'funding-streams.json'
} as const;

const FrameworkSchema = z.object({
	strategy: StrategySchema,
	areas: z.array(AreaSchema).min(1),
	priorities: z.array(PrioritySchema).min(1),
	partners: z.array(PartnerSchema),
	metrics: z.array(MetricSchema),
	targets: z.array(TargetSchema),
	fundingStreams: z.array(FundingStreamSchema)
});

export type FrameworkFixture = z.infer<typeof FrameworkSchema>;
export type MetricFixture = FrameworkFixture['metrics'][number];
export type TargetFixture = FrameworkFixture['targets'][number];

export type FrameworkCheck =
	{ ok: true; framework: FrameworkFixture } | { ok: false; problems: string[] };

/** Checks the shape of each file, then the references between them. */
export function checkFrameworkFixture(
	files: Record<keyof typeof FRAMEWORK_FILES, unknown>
): FrameworkCheck {
	const parsed = FrameworkSchema.safeParse(files);
	if (!parsed.success) {
		return {
			ok: false,
			problems: parsed.error.issues.map((issue) => {
				const [file, ...rest] = issue.path;
				const fileName = FRAMEWORK_FILES[file as keyof typeof FRAMEWORK_FILES] ?? String(file);
				const where = describeEntry(files, file as keyof typeof FRAMEWORK_FILES, rest);
				return `${fileName}${where}: ${issue.message}`;
			})
		};
	}
	const problems = findReferenceProblems(parsed.data);
	return problems.length ? { ok: false, problems } : { ok: true, framework: parsed.data };
}

function describeEntry(
	files: Record<string, unknown>,
	file: keyof typeof FRAMEWORK_FILES,
	path: PropertyKey[]
): string {
	const [index, ...field] = path;
	const list = files[file];
	if (typeof index !== 'number' || !Array.isArray(list))
		return path.length ? ` ${path.join('.')}` : '';
	const entry = list[index] as Record<string, unknown> | undefined;
	const label = entry?.code ?? entry?.metric ?? entry?.number ?? `entry ${index + 1}`;
	return ` ${String(label)}${field.length ? ` ${field.join('.')}` : ''}`;
}

function findReferenceProblems(f: FrameworkFixture): string[] {
	const problems: string[] = [];
	const duplicates = (values: (string | number)[]) =>
		values.filter((v, i) => values.indexOf(v) !== i);

	for (const d of duplicates(f.areas.map((a) => a.code)))
		problems.push(`areas.json: area code ${d} is used twice`);
	for (const d of duplicates(f.priorities.map((p) => p.number)))
		problems.push(`priorities.json: priority ${d} is used twice`);
	for (const d of duplicates(f.partners.map((p) => p.code)))
		problems.push(`partners.json: partner code ${d} is used twice`);
	for (const d of duplicates(f.metrics.map((m) => m.code)))
		problems.push(`metrics.json: metric code ${d} is used twice`);
	for (const d of duplicates(f.fundingStreams.map((s) => s.code)))
		problems.push(`funding-streams.json: funding stream code ${d} is used twice`);

	const wide = f.areas.filter((a) => a.partnershipWide);
	if (wide.length !== 1)
		problems.push(
			`areas.json: exactly one area must be partnershipWide (the whole partnership); found ${wide.length}`
		);

	const areaCodes = new Set(f.areas.map((a) => a.code));
	const partnerCodes = new Set(f.partners.map((p) => p.code));
	const priorityNumbers = new Set(f.priorities.map((p) => p.number));
	const metricsByCode = new Map(f.metrics.map((m) => [m.code, m]));

	for (const p of f.partners) {
		if (!areaCodes.has(p.area))
			problems.push(`partners.json: ${p.code} is in unknown area ${p.area}`);
	}

	for (const m of f.metrics) {
		const priorityDigit = Number(METRIC_CODE_PATTERN.exec(m.code)?.[1]);
		if (!priorityNumbers.has(m.priority))
			problems.push(
				`metrics.json: ${m.code} belongs to priority ${m.priority}, which does not exist`
			);
		else if (priorityDigit !== m.priority)
			problems.push(
				`metrics.json: ${m.code} has priority ${m.priority}, but its code says ${priorityDigit}`
			);
		for (const r of m.reporters) {
			if (!partnerCodes.has(r.partner))
				problems.push(`metrics.json: ${m.code} is reported by unknown partner ${r.partner}`);
			for (const a of r.areas)
				if (!areaCodes.has(a)) problems.push(`metrics.json: ${m.code} names unknown area ${a}`);
		}
		const reporterCodes = m.reporters.map((r) => r.partner);
		for (const d of duplicates(reporterCodes))
			problems.push(`metrics.json: ${m.code} lists reporter ${d} twice`);
		if (m.partnerAggregation === 'lead' && !m.leadPartner)
			problems.push(`metrics.json: ${m.code} combines partners by "lead" but names no leadPartner`);
		if (m.leadPartner && !reporterCodes.includes(m.leadPartner))
			problems.push(
				`metrics.json: ${m.code} has lead partner ${m.leadPartner}, who does not report it`
			);
	}

	const targetKeys = new Set<string>();
	for (const t of f.targets) {
		const m = metricsByCode.get(t.metric);
		const key = `${t.metric} ${t.year} ${t.area}`;
		if (targetKeys.has(key)) problems.push(`targets.json: ${key} is given twice`);
		targetKeys.add(key);
		if (!m) {
			problems.push(`targets.json: target for unknown metric ${t.metric}`);
			continue;
		}
		if (!areaCodes.has(t.area)) problems.push(`targets.json: ${key} names unknown area ${t.area}`);
		if (m.direction === 'monitor')
			problems.push(`targets.json: ${t.metric} is a monitoring metric and takes no target`);
		if (m.unit === 'count' && t.annual < 0)
			problems.push(`targets.json: ${key} has a negative target for a count`);
		if (t.quarters && m.periodAggregation === 'sum') {
			const total = t.quarters.reduce((sum, q) => sum + q, 0);
			if (Math.abs(total - t.annual) > 1e-9)
				problems.push(
					`targets.json: ${key} quarterly targets add up to ${total}, not the annual ${t.annual}`
				);
		}
	}

	for (const s of f.fundingStreams) {
		for (const code of s.metrics)
			if (!metricsByCode.has(code))
				problems.push(`funding-streams.json: ${s.code} is evidenced by unknown metric ${code}`);
	}
	return problems;
}
