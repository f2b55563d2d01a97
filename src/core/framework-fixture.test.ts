// Tests may read files; the rule against node: imports keeps I/O out of the modules themselves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	checkFrameworkFixture,
	FRAMEWORK_FILES,
	type FrameworkCheck,
	type FrameworkFixture
} from './framework-fixture.js';
import { METRIC_CODE_PATTERN } from './framework.js';

type Files = Record<keyof typeof FRAMEWORK_FILES, unknown>;
type Json = Record<string, unknown>;

const HUMBER_DIR = new URL('../../fixtures/humber/', import.meta.url);

function readHumberFiles(): Files {
	const files = {} as Files;
	for (const [key, name] of Object.entries(FRAMEWORK_FILES) as [keyof Files, string][])
		files[key] = JSON.parse(readFileSync(new URL(name, HUMBER_DIR), 'utf8'));
	return files;
}

const HUMBER_FILES = readHumberFiles();

function loadHumber(): FrameworkFixture {
	const checked = checkFrameworkFixture(HUMBER_FILES);
	if (!checked.ok)
		throw new Error(`The Humber fixture has problems:\n${checked.problems.join('\n')}`);
	return checked.framework;
}

/** A modified copy of the real files: the originals are never touched. */
function withChange(
	change: (files: { [K in keyof Files]: Json[] } & { strategy: Json }) => void
): Files {
	const copy = structuredClone(HUMBER_FILES) as { [K in keyof Files]: Json[] } & { strategy: Json };
	change(copy);
	return copy;
}

function find(list: Json[], key: string, value: unknown): Json {
	const entry = list.find((e) => e[key] === value);
	if (!entry) throw new Error(`No entry with ${key} ${String(value)}`);
	return entry;
}

function problemsOf(result: FrameworkCheck): string[] {
	expect(result.ok).toBe(false);
	return result.ok ? [] : result.problems;
}

describe('the Humber fixture', () => {
	it('loads without problems', () => {
		const result = checkFrameworkFixture(HUMBER_FILES);
		expect(result.ok ? [] : result.problems).toEqual([]);
		expect(result.ok).toBe(true);
	});

	it('has six priorities, numbered 1 to 6', () => {
		expect(loadHumber().priorities.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('has between 30 and 40 metrics and between 20 and 30 partners', () => {
		const f = loadHumber();
		expect(f.metrics.length).toBeGreaterThanOrEqual(30);
		expect(f.metrics.length).toBeLessThanOrEqual(40);
		expect(f.partners.length).toBeGreaterThanOrEqual(20);
		expect(f.partners.length).toBeLessThanOrEqual(30);
	});

	it('maps every metric to an existing priority that its code names', () => {
		const f = loadHumber();
		const numbers = new Set(f.priorities.map((p) => p.number));
		for (const m of f.metrics) {
			expect(numbers.has(m.priority), m.code).toBe(true);
			expect(Number(METRIC_CODE_PATTERN.exec(m.code)?.[1]), m.code).toBe(m.priority);
		}
	});

	it('gives every priority at least one metric', () => {
		const f = loadHumber();
		for (const p of f.priorities)
			expect(
				f.metrics.some((m) => m.priority === p.number),
				`priority ${p.number}`
			).toBe(true);
	});

	it('ties every target to a metric that is not monitored, in a known area', () => {
		const f = loadHumber();
		const areas = new Set(f.areas.map((a) => a.code));
		expect(f.targets.length).toBeGreaterThan(0);
		for (const t of f.targets) {
			const metric = f.metrics.find((m) => m.code === t.metric);
			expect(metric, t.metric).toBeDefined();
			expect(metric?.direction, t.metric).not.toBe('monitor');
			expect(areas.has(t.area), `${t.metric} ${t.area}`).toBe(true);
		}
	});

	it('ties every reporter, lead partner and funding stream to things that exist', () => {
		const f = loadHumber();
		const partners = new Set(f.partners.map((p) => p.code));
		const metrics = new Set(f.metrics.map((m) => m.code));
		for (const m of f.metrics) {
			for (const r of m.reporters)
				expect(partners.has(r.partner), `${m.code} ${r.partner}`).toBe(true);
			if (m.partnerAggregation === 'lead') expect(m.leadPartner, m.code).toBeDefined();
			if (m.leadPartner)
				expect(
					m.reporters.map((r) => r.partner),
					m.code
				).toContain(m.leadPartner);
		}
		for (const s of f.fundingStreams)
			for (const code of s.metrics) expect(metrics.has(code), `${s.code} ${code}`).toBe(true);
	});

	it('uses each code once', () => {
		const f = loadHumber();
		const unique = (values: (string | number)[]) => new Set(values).size === values.length;
		expect(unique(f.metrics.map((m) => m.code))).toBe(true);
		expect(unique(f.partners.map((p) => p.code))).toBe(true);
		expect(unique(f.areas.map((a) => a.code))).toBe(true);
		expect(unique(f.priorities.map((p) => p.number))).toBe(true);
		expect(unique(f.fundingStreams.map((s) => s.code))).toBe(true);
		expect(unique(f.targets.map((t) => `${t.metric} ${t.year} ${t.area}`))).toBe(true);
	});

	it('has exactly one partnership-wide area, HUMBER, whose population is the four areas’', () => {
		const f = loadHumber();
		const wide = f.areas.filter((a) => a.partnershipWide);
		expect(wide.map((a) => a.code)).toEqual(['HUMBER']);
		const local = f.areas.filter((a) => !a.partnershipWide).map((a) => a.code);
		expect(local.sort()).toEqual(['ERY', 'HULL', 'NEL', 'NL']);
		// 268,900 + 345,200 + 157,400 + 170,000 = 941,500
		const sumOfLocal = f.areas
			.filter((a) => !a.partnershipWide)
			.reduce((t, a) => t + a.population, 0);
		expect(wide[0]?.population).toBe(sumOfLocal);
	});

	it('accepts quarterly targets that do not add up for a metric measured as a level', () => {
		// P3.04 is a `last` metric: its quarterly targets are levels to reach, not parts of a total.
		const f = loadHumber();
		const p304 = f.targets.find((t) => t.metric === 'P3.04' && t.area === 'HUMBER' && t.quarters);
		expect(f.metrics.find((m) => m.code === 'P3.04')?.periodAggregation).toBe('last');
		expect(p304?.quarters?.reduce((a, b) => a + b, 0)).not.toBe(p304?.annual);
	});

	it('fills in the defaults for optional fields', () => {
		const files = withChange((f) => {
			const metric = find(f.metrics, 'code', 'P1.01');
			delete metric.amberTolerance;
			delete metric.sensitive;
			delete metric.caveats;
		});
		const result = checkFrameworkFixture(files);
		expect(result.ok).toBe(true);
		const metric = result.ok ? result.framework.metrics.find((m) => m.code === 'P1.01') : undefined;
		expect(metric).toMatchObject({ amberTolerance: 0.1, sensitive: false, caveats: '' });
	});
});

describe('checkFrameworkFixture reference rules', () => {
	it.each<[string, (f: { [K in keyof Files]: Json[] } & { strategy: Json }) => void, string[]]>([
		[
			'a metric code used twice',
			(f) => {
				find(f.metrics, 'code', 'P1.02').code = 'P1.01';
			},
			['metrics.json: metric code P1.01 is used twice']
		],
		[
			'a metric whose priority does not exist',
			(f) => {
				f.metrics.push({ ...find(f.metrics, 'code', 'P1.06'), code: 'P7.01', priority: 7 });
			},
			['metrics.json: P7.01 belongs to priority 7, which does not exist']
		],
		[
			'a metric whose code digit does not match its priority',
			(f) => {
				find(f.metrics, 'code', 'P1.06').priority = 2;
			},
			['metrics.json: P1.06 has priority 2, but its code says 1']
		],
		[
			'a metric reported by an unknown partner',
			(f) => {
				(find(f.metrics, 'code', 'P3.02').reporters as Json[]).push({
					partner: 'NOBODY',
					areas: ['HUMBER']
				});
			},
			['metrics.json: P3.02 is reported by unknown partner NOBODY']
		],
		[
			'a metric reported for an unknown area',
			(f) => {
				(find(f.metrics, 'code', 'P3.02').reporters as Json[]).push({
					partner: 'CS',
					areas: ['YORK']
				});
			},
			['metrics.json: P3.02 names unknown area YORK']
		],
		[
			'a reporter listed twice',
			(f) => {
				(find(f.metrics, 'code', 'P3.02').reporters as Json[]).push({
					partner: 'HP',
					areas: ['HUMBER']
				});
			},
			['metrics.json: P3.02 lists reporter HP twice']
		],
		[
			'a lead partner who does not report the metric',
			(f) => {
				find(f.metrics, 'code', 'P1.06').leadPartner = 'HP';
			},
			['metrics.json: P1.06 has lead partner HP, who does not report it']
		],
		[
			'a lead aggregation without a lead partner',
			(f) => {
				delete find(f.metrics, 'code', 'P1.03').leadPartner;
			},
			['metrics.json: P1.03 combines partners by "lead" but names no leadPartner']
		],
		[
			'a target for an unknown metric',
			(f) => {
				f.targets.push({ metric: 'P9.99', year: '2025-26', area: 'HUMBER', annual: 10 });
			},
			['targets.json: target for unknown metric P9.99']
		],
		[
			'a target for a monitoring metric',
			(f) => {
				f.targets.push({ metric: 'P1.01', year: '2025-26', area: 'HUMBER', annual: 60 });
			},
			['targets.json: P1.01 is a monitoring metric and takes no target']
		],
		[
			'quarterly targets that do not add up to the annual target of a flow',
			(f) => {
				const target = f.targets.find((t) => t.metric === 'P2.08' && t.year === '2025-26');
				if (target) target.quarters = [48, 52, 52, 49];
			},
			// 48 + 52 + 52 + 49 = 201
			['targets.json: P2.08 2025-26 HUMBER quarterly targets add up to 201, not the annual 200']
		],
		[
			'a target given twice for the same metric, year and area',
			(f) => {
				f.targets.push({ metric: 'P1.03', year: '2025-26', area: 'HUMBER', annual: 90 });
			},
			['targets.json: P1.03 2025-26 HUMBER is given twice']
		],
		[
			'a target for an unknown area',
			(f) => {
				f.targets.push({ metric: 'P1.03', year: '2025-26', area: 'YORK', annual: 90 });
			},
			['targets.json: P1.03 2025-26 YORK names unknown area YORK']
		],
		[
			'a negative target for a count',
			(f) => {
				const target = f.targets.find((t) => t.metric === 'P2.02' && t.year === '2025-26');
				if (target) target.annual = -5;
			},
			['targets.json: P2.02 2025-26 HUMBER has a negative target for a count']
		],
		[
			'a funding stream evidenced by an unknown metric',
			(f) => {
				(find(f.fundingStreams, 'code', 'PCC-COORD').metrics as string[]).push('P9.99');
			},
			['funding-streams.json: PCC-COORD is evidenced by unknown metric P9.99']
		],
		[
			'a funding stream code used twice',
			(f) => {
				f.fundingStreams.push({ ...find(f.fundingStreams, 'code', 'PCC-NAV') });
			},
			['funding-streams.json: funding stream code PCC-NAV is used twice']
		],
		[
			'two partnership-wide areas',
			(f) => {
				find(f.areas, 'code', 'HULL').partnershipWide = true;
			},
			['areas.json: exactly one area must be partnershipWide (the whole partnership); found 2']
		],
		[
			'no partnership-wide area',
			(f) => {
				find(f.areas, 'code', 'HUMBER').partnershipWide = false;
			},
			['areas.json: exactly one area must be partnershipWide (the whole partnership); found 0']
		],
		[
			'an area code used twice',
			(f) => {
				f.areas.push({ ...find(f.areas, 'code', 'NEL') });
			},
			['areas.json: area code NEL is used twice']
		],
		[
			'a priority number used twice',
			(f) => {
				f.priorities.push({ number: 3, title: 'Another third priority', description: '' });
			},
			['priorities.json: priority 3 is used twice']
		],
		[
			'a partner code used twice',
			(f) => {
				f.partners.push({ ...find(f.partners, 'code', 'HP') });
			},
			['partners.json: partner code HP is used twice']
		],
		[
			'a partner in an unknown area',
			(f) => {
				find(f.partners, 'code', 'HCC').area = 'YORK';
			},
			['partners.json: HCC is in unknown area YORK']
		]
	])('rejects %s and names the file and the entry', (_case, change, expected) => {
		expect(problemsOf(checkFrameworkFixture(withChange(change)))).toEqual(expected);
	});

	it('reports every reference problem at once', () => {
		const problems = problemsOf(
			checkFrameworkFixture(
				withChange((f) => {
					find(f.metrics, 'code', 'P1.06').leadPartner = 'HP';
					f.targets.push({ metric: 'P9.99', year: '2025-26', area: 'HUMBER', annual: 10 });
					find(f.areas, 'code', 'HULL').partnershipWide = true;
				})
			)
		);
		expect(problems).toHaveLength(3);
	});
});

describe('checkFrameworkFixture shape rules', () => {
	it.each<[string, (f: { [K in keyof Files]: Json[] } & { strategy: Json }) => void, string]>([
		[
			'a unit that is not one of the five',
			(f) => {
				find(f.metrics, 'code', 'P1.01').unit = 'apples';
			},
			'metrics.json P1.01 unit: Invalid option: expected one of "count"|"percent"|"gbp"|"days"|"ratio"'
		],
		[
			'an unknown direction',
			(f) => {
				find(f.metrics, 'code', 'P2.02').direction = 'sideways';
			},
			'metrics.json P2.02 direction: '
		],
		[
			'an unknown way of combining partners',
			(f) => {
				find(f.metrics, 'code', 'P2.02').partnerAggregation = 'median';
			},
			'metrics.json P2.02 partnerAggregation: '
		],
		[
			'a tolerance written as a whole percentage',
			(f) => {
				find(f.metrics, 'code', 'P2.02').amberTolerance = 10;
			},
			'metrics.json P2.02 amberTolerance: '
		],
		[
			'a metric code that does not look like P1.03',
			(f) => {
				find(f.metrics, 'code', 'P2.02').code = 'P2.2';
			},
			'metrics.json P2.2 code: must look like P1.03'
		],
		[
			'a metric with no reporters',
			(f) => {
				find(f.metrics, 'code', 'P2.02').reporters = [];
			},
			'metrics.json P2.02 reporters: '
		],
		[
			'a baseline period that is not a financial year',
			(f) => {
				find(f.metrics, 'code', 'P1.01').baseline = { period: '2023', value: 60 };
			},
			'metrics.json P1.01 baseline.period: must be a financial year such as "2025-26"'
		],
		[
			'an unknown sector',
			(f) => {
				find(f.partners, 'code', 'HP').sector = 'bank';
			},
			'partners.json HP sector: '
		],
		[
			'a partner code in lower case',
			(f) => {
				find(f.partners, 'code', 'HP').code = 'hp';
			},
			'partners.json hp code: must be upper-case letters and digits'
		],
		[
			'a partner without a code, named by its position',
			(f) => {
				f.partners.push({ name: 'Nameless', sector: 'other', area: 'HULL' });
			},
			`partners.json entry ${(HUMBER_FILES.partners as unknown[]).length + 1} code: `
		],
		[
			'a population that is not a whole positive number',
			(f) => {
				find(f.areas, 'code', 'HULL').population = -5;
			},
			'areas.json HULL population: '
		],
		[
			'a target year that is not a financial year',
			(f) => {
				const target = f.targets.find((t) => t.metric === 'P1.03');
				if (target) target.year = '2025';
			},
			'targets.json P1.03 year: must be a financial year such as "2025-26"'
		],
		[
			'three quarterly targets',
			(f) => {
				const target = f.targets.find((t) => t.metric === 'P2.08');
				if (target) target.quarters = [45, 50, 95];
			},
			'targets.json P2.08 quarters: '
		],
		[
			'an annual target that is not a number',
			(f) => {
				const target = f.targets.find((t) => t.metric === 'P1.05');
				if (target) target.annual = '540';
			},
			'targets.json P1.05 annual: '
		],
		[
			'a funding stream with a negative amount',
			(f) => {
				find(f.fundingStreams, 'code', 'PCC-NAV').amountGbp = -1;
			},
			'funding-streams.json PCC-NAV amountGbp: '
		],
		[
			'a priority number that is not a whole number',
			(f) => {
				find(f.priorities, 'number', 2).number = 2.5;
			},
			'priorities.json 2.5 number: '
		],
		[
			'a strategy start date in words',
			(f) => {
				f.strategy.startsOn = '1 April 2024';
			},
			'strategy.json startsOn: must be a date written YYYY-MM-DD'
		]
	])('rejects %s and names the file and the entry', (_case, change, expected) => {
		const problems = problemsOf(checkFrameworkFixture(withChange(change)));
		expect(problems).toHaveLength(1);
		expect(problems[0]?.startsWith(expected), problems[0]).toBe(true);
	});

	it('rejects a missing file and names it', () => {
		const problems = problemsOf(checkFrameworkFixture({ ...HUMBER_FILES, strategy: undefined }));
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/^strategy\.json: /);
	});

	it('rejects a file that holds an object where a list belongs', () => {
		const problems = problemsOf(checkFrameworkFixture({ ...HUMBER_FILES, metrics: { P1: {} } }));
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/^metrics\.json: /);
	});

	it('reports shape problems in several files at once', () => {
		const problems = problemsOf(
			checkFrameworkFixture(
				withChange((f) => {
					find(f.metrics, 'code', 'P1.01').unit = 'apples';
					find(f.partners, 'code', 'HP').sector = 'bank';
				})
			)
		);
		expect(problems).toHaveLength(2);
		expect(problems.some((p) => p.startsWith('metrics.json P1.01 unit'))).toBe(true);
		expect(problems.some((p) => p.startsWith('partners.json HP sector'))).toBe(true);
	});
});
