import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ImportSummary } from '../../../../src/core/import-issues.js';
import {
	buildTestApp,
	createTestApiToken,
	signedInUser,
	type TestApp
} from '../../../helpers/build-app.js';

const BOM = '\uFEFF';
const HEADER = 'metric_code,metric_name,unit,period,area,target,value,comment';

describe('GET /api/v1/templates', () => {
	let built: TestApp;
	const as: Record<
		'coordinator' | 'partner' | 'token' | 'funder' | 'viewer',
		Record<string, string>
	> = {} as never;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework' });
		for (const role of ['coordinator', 'partner', 'funder', 'viewer'] as const)
			as[role] = { cookie: (await signedInUser(built.services, role, { partner: 'HP' })).cookie };
		as.token = { authorization: createTestApiToken(built.services, 'HP').authorization };
	});

	afterAll(async () => {
		await built.close();
	});

	const get = (query: string, headers: Record<string, string>) =>
		built.app.inject({ method: 'GET', url: `/api/v1/templates${query}`, headers });

	function expectCsv(res: LightMyRequestResponse, fileName: string): string[] {
		expect(res.statusCode, res.body).toBe(200);
		expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
		expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
		expect(res.headers['cache-control']).toBe('no-store');
		expect(res.body.startsWith(BOM)).toBe(true);
		return res.body.slice(1).trimEnd().split('\r\n');
	}

	it("gives a partner user and a partner token their own quarter's template without naming it", async () => {
		for (const headers of [as.partner, as.token]) {
			const lines = expectCsv(
				await get('?period=2025-26-q1', headers),
				'template-hp-2025-26-q1.csv'
			);
			expect(lines[0]).toBe(HEADER);
			expect(lines[1]).toBe('P2.01,Modern slavery crimes recorded,count,2025-26 Q1,HULL,,,');
			// Only Humberside Police's own metrics: P2.06 is the CPS's.
			expect(lines.some((l) => l.startsWith('P2.06,'))).toBe(false);
		}
	});

	it('is the very file the import service builds for the CLI and the upload page', async () => {
		const res = await get('?partner=HP&period=2025-26%20Q1', as.token);
		const fw = built.services.framework.load();
		const coordinator = { kind: 'command-line', label: 'test' } as const;
		expect(res.body).toBe(built.services.imports.template(coordinator, fw, 'HP', '2025-26 Q1').csv);
	});

	it('accepts the quarter as a label as well as a slug', async () => {
		for (const period of ['2025-26-q1', '2025-26%20Q1', 'Q1%202025%2F26', 'Apr-Jun%202025'])
			expectCsv(await get(`?period=${period}`, as.partner), 'template-hp-2025-26-q1.csv');
	});

	it("answers a partner asking for another partner's template with a 404 that reveals nothing", async () => {
		for (const headers of [as.partner, as.token]) {
			for (const code of ['HCC', 'NOPE']) {
				const res = await get(`?partner=${code}&period=2025-26-q1`, headers);
				expect(res.statusCode).toBe(404);
				expect(res.json()).toEqual({
					error: {
						code: 'not_found',
						message: `There is no partner "${code}" that you can submit figures for.`
					}
				});
			}
		}
	});

	it("gives the coordinator any one partner's template", async () => {
		const lines = expectCsv(
			await get('?partner=hcc&period=2025-26-q2', as.coordinator),
			'template-hcc-2025-26-q2.csv'
		);
		expect(lines[0]).toBe(HEADER);
		expect(lines.slice(1).every((l) => l.includes(',2025-26 Q2,'))).toBe(true);
	});

	it('gives the coordinator every partner in one template, with a partner_code column', async () => {
		const lines = expectCsv(
			await get('?period=2025-26-q1', as.coordinator),
			'template-all-partners-2025-26-q1.csv'
		);
		expect(lines[0]).toBe(`partner_code,${HEADER}`);
		const partners = new Set(lines.slice(1).map((l) => l.split(',')[0]));
		expect(partners).toContain('HP');
		expect(partners).toContain('HCC');
		expect(partners.size).toBeGreaterThan(10);
	});

	it('makes a template that uploads once filled in, its extra columns named as ignored', async () => {
		const template = await get('?period=2025-26-q1', as.token);
		// One figure typed into the first row, as a data lead would in Excel; the rest left empty.
		const filled = template.body.replace(',HULL,,,\r\n', ',HULL,,5,\r\n');
		const res = await built.app.inject({
			method: 'POST',
			url: '/api/v1/imports',
			headers: { ...as.token, 'content-type': 'text/csv' },
			payload: Buffer.from(filled, 'utf8')
		});
		expect(res.statusCode, res.body).toBe(200);
		const summary = res.json() as ImportSummary;
		expect(summary).toMatchObject({ ok: true, dryRun: true, errors: [], created: 1 });
		expect(summary.skipped).toBe(summary.rows - 1);
		expect(summary.warnings.map((w) => w.code)).toEqual(['ignored-columns']);
	});

	it('asks for the quarter when it is missing or not one', async () => {
		const missing = await get('', as.partner);
		expect(missing.statusCode).toBe(400);
		expect(missing.json().error).toEqual({
			code: 'bad_period',
			message: 'Say which quarter the template is for, e.g. "2025-26 Q1".'
		});
		const bare = await get('?period=2025%20Q1', as.partner);
		expect(bare.statusCode).toBe(400);
		expect(bare.json().error.code).toBe('bad_period');
		expect(bare.json().error.message).toMatch(/2025-26/);
		const twice = await get('?period=2025-26-q1&period=2025-26-q2', as.partner);
		expect(twice.statusCode).toBe(400);
	});

	it('refuses a funder and a board member, who submit nothing (403), and asks others to sign in', async () => {
		for (const role of ['funder', 'viewer'] as const) {
			const res = await get('?partner=HP&period=2025-26-q1', as[role]);
			expect(res.statusCode, role).toBe(403);
			expect(res.json().error.code).toBe('forbidden');
		}
		const anonymous = await get('?partner=HP&period=2025-26-q1', {});
		expect(anonymous.statusCode).toBe(401);
	});
});
