import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	buildTestApp,
	HUMBER_FIXTURES,
	signedInUser,
	type TestApp
} from '../../../helpers/build-app.js';

interface Baseline {
	year: string;
	area: string;
	value: number | null;
	suppressed: boolean;
}

interface FrameworkBody {
	strategy: { partnership: string; currentPeriod: string | null };
	priorities: { number: number; title: string; metrics: string[] }[];
	metrics: {
		code: string;
		priority: number;
		direction: string;
		definition: string;
		countingRule: string;
		dataSource: string;
		owner: string;
		caveats: string;
		leadPartner: string | null;
		reporters: { partner: string; area: string }[];
		baseline: Baseline | null;
		baselines: Baseline[];
		targets: { year: string; quarter: number | null; area: string; value: number }[];
	}[];
	partners: { code: string; name: string; sector: string; area: string; active: boolean }[];
	areas: { code: string; population: number; partnershipWide: boolean }[];
	fundingStreams: { code: string; funder: string; amountGbp: number; metrics: string[] }[];
}

const fixture = <T>(name: string): T =>
	JSON.parse(readFileSync(join(HUMBER_FIXTURES, name), 'utf8')) as T;

describe('GET /api/v1/framework', () => {
	let built: TestApp;
	let body: FrameworkBody;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework' });
		// A board member: the least a caller needs to read the framework (see access-matrix.test.ts).
		const { cookie } = await signedInUser(built.services, 'viewer');
		const res = await built.app.inject({
			method: 'GET',
			url: '/api/v1/framework',
			headers: { cookie }
		});
		expect(res.statusCode).toBe(200);
		body = res.json();
	});

	afterAll(async () => {
		await built.close();
	});

	it('names the strategy and the latest complete quarter', () => {
		expect(body.strategy).toMatchObject({
			partnership: 'Humber Modern Slavery Partnership',
			currentPeriod: '2026-27 Q2'
		});
	});

	it('lists the six priorities in order with their metric codes', () => {
		const titles = fixture<{ title: string }[]>('priorities.json').map((p) => p.title);
		expect(body.priorities.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(body.priorities.map((p) => p.title)).toEqual(titles);
		expect(body.priorities[0]!.title).toBe(
			'Support victims and equip them with the tools they need to recover'
		);
		for (const p of body.priorities) {
			expect(p.metrics.length).toBeGreaterThan(0);
			for (const code of p.metrics) expect(code.startsWith(`P${p.number}.`)).toBe(true);
		}
	});

	it('gives every metric its definitions register entry', () => {
		expect(body.metrics).toHaveLength(fixture<unknown[]>('metrics.json').length);
		for (const m of body.metrics) {
			for (const field of ['definition', 'countingRule', 'dataSource', 'owner'] as const)
				expect(m[field], `${m.code} ${field}`).not.toBe('');
		}
		const p101 = body.metrics.find((m) => m.code === 'P1.01')!;
		expect(p101).toMatchObject({
			priority: 1,
			direction: 'monitor',
			leadPartner: 'SA',
			baseline: { year: '2023-24', area: 'HUMBER', value: 60, suppressed: false }
		});
		expect(p101.reporters).toEqual(
			['HULL', 'ERY', 'NEL', 'NL'].map((area) => ({ partner: 'SA', area }))
		);
	});

	it('gives targets to every metric but those only monitored', () => {
		for (const m of body.metrics) {
			if (m.direction === 'monitor') expect(m.targets, m.code).toEqual([]);
			else expect(m.targets.length, m.code).toBeGreaterThan(0);
		}
		const p103 = body.metrics.find((m) => m.code === 'P1.03')!;
		expect(p103.targets).toContainEqual({
			year: '2024-25',
			quarter: null,
			area: 'HUMBER',
			value: 87
		});
	});

	it('lists the partners and the areas with their populations', () => {
		expect(body.partners.map((p) => p.code).sort()).toEqual(
			fixture<{ code: string }[]>('partners.json')
				.map((p) => p.code)
				.sort()
		);
		expect(body.partners.every((p) => p.active)).toBe(true);
		expect(body.areas.map((a) => a.code)).toEqual(['HULL', 'ERY', 'NEL', 'NL', 'HUMBER']);
		const humber = body.areas.find((a) => a.partnershipWide)!;
		const councils = body.areas.filter((a) => !a.partnershipWide);
		expect(humber.population).toBe(941_500);
		expect(humber.population).toBe(councils.reduce((sum, a) => sum + a.population, 0));
	});

	it('lists the funding streams with the metrics that evidence them', () => {
		expect(body.fundingStreams).toHaveLength(fixture<unknown[]>('funding-streams.json').length);
		const coordinator = body.fundingStreams.find((s) => s.code === 'PCC-COORD')!;
		expect(coordinator).toMatchObject({
			funder: 'Office of the Police and Crime Commissioner for Humberside',
			amountGbp: 45_000,
			metrics: ['P5.01', 'P5.05', 'P5.06', 'P6.01', 'P6.02']
		});
	});
});

describe('GET /api/v1/framework with a higher suppression threshold', () => {
	let built: TestApp;

	beforeAll(async () => {
		// P1.07 is sensitive with a baseline of 6: small under a threshold of 10.
		built = await buildTestApp({ seed: 'framework', env: { SUPPRESSION_THRESHOLD: '10' } });
	});

	afterAll(async () => {
		await built.close();
	});

	const metricOf = async (role: 'coordinator' | 'funder', code: string) => {
		const { cookie } = await signedInUser(built.services, role);
		const res = await built.app.inject({
			method: 'GET',
			url: '/api/v1/framework',
			headers: { cookie }
		});
		return (res.json() as FrameworkBody).metrics.find((m) => m.code === code)!;
	};
	const baselineOf = async (role: 'coordinator' | 'funder', code: string) =>
		(await metricOf(role, code)).baseline;

	it('hides a sensitive metric’s small baseline from everyone but the coordinator', async () => {
		expect(await baselineOf('coordinator', 'P1.07')).toMatchObject({ value: 6, suppressed: false });
		const hidden = await baselineOf('funder', 'P1.07');
		expect(hidden).toMatchObject({ value: null, suppressed: true });
		// P1.01 is sensitive too, but its baseline of 60 is not small: shown.
		expect(await baselineOf('funder', 'P1.01')).toMatchObject({ suppressed: false });
	});

	it('lists a baseline per area, each suppressed on its own, keeping `baseline` partnership-wide', async () => {
		const p107 = built.services.framework.load().metrics.find((m) => m.code === 'P1.07')!;
		built.services.frameworkEdit.setBaselines(
			p107.id,
			[{ areaCode: 'HULL', baseline: { year: 2024, value: 40 } }],
			{ userId: null, label: 'test set-up', ip: '127.0.0.1' }
		);

		const funder = await metricOf('funder', 'P1.07');
		expect(funder.baselines).toEqual([
			{ year: '2024-25', area: 'HULL', value: 40, suppressed: false },
			{ year: '2023-24', area: 'HUMBER', value: null, suppressed: true }
		]);
		expect(funder.baseline).toEqual(funder.baselines[1]);
	});
});
