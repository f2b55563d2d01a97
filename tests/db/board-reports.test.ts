import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Principal } from '../../src/core/access.js';
import type { BoardReport } from '../../src/core/board-report.js';
import type { Period } from '../../src/core/periods.js';
import type { FigureInput, UploadMeta } from '../../src/db/figures.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';

/**
 * Issuing a board report freezes it (SPEC §5 restatements): a figure revised afterwards leaves the
 * issued copy as it was, and the next report and the metric's page say it was revised.
 */
const Q1: Period = { year: 2025, quarter: 1 };
const coordinator: Principal = { kind: 'command-line', label: 'command line' };
const viewer: Principal = { kind: 'user', userId: 99, role: 'viewer', partnerId: null, label: 'v' };

let t: TestApp;
const id = (sql: string) => t.services.db.$client.prepare(sql).pluck().get() as number;

function figure(metricId: number, partnerId: number, value: number, comment = ''): FigureInput {
	return {
		metricId,
		partnerId,
		areaCode: 'HUMBER',
		year: Q1.year,
		quarter: Q1.quarter,
		kind: 'value',
		value,
		comment,
		sourceRow: 2
	};
}

function upload(partnerId: number, actorLabel: string, at: string): UploadMeta {
	return {
		source: 'form',
		partnerId,
		fileName: null,
		contentType: null,
		content: null,
		uploadedByUserId: null,
		actorLabel,
		ip: '',
		at
	};
}

const quarterOf = (report: BoardReport, code: string) =>
	report.priorities.flatMap((p) => p.metrics).find((m) => m.code === code)?.quarter;

describe('issued board reports', () => {
	beforeEach(async () => {
		t = await buildTestApp({ seed: 'framework' });
	});
	afterEach(async () => {
		await t.close();
	});

	it('reopens an issued report unchanged after a figure is revised, and names the revision', () => {
		const fw = t.services.framework.load();
		const cps = id(`SELECT id FROM partners WHERE code = 'CPS'`);
		const p206 = id(`SELECT id FROM metrics WHERE code = 'P2.06'`);
		t.services.figures.commit(upload(cps, 'data@cps.example', '2025-07-10T09:00:00.000Z'), [
			figure(p206, cps, 41)
		]);

		const reportId = t.services.reports.issue(fw, Q1, { userId: null, label: 'command line' });
		// TEST_NOW is 23 November 2026; the late return arrives on 3 December 2026.
		t.services.figures.commit(upload(cps, 'data@cps.example', '2026-12-03T10:00:00.000Z'), [
			figure(p206, cps, 44, 'Late return from the Hull office')
		]);

		const issued = t.services.reports.reopen(reportId, coordinator);
		expect(quarterOf(issued!.report, 'P2.06')).toBe(41);
		expect(quarterOf(t.services.reports.build(fw, Q1), 'P2.06')).toBe(44);

		const restatements = t.services.reports.restatementsForMetric(fw, p206, coordinator);
		expect(restatements.map((r) => r.sentence)).toEqual([
			'Reported to the board as 41 for 2025-26 Q1, revised to 44 on 3 December 2026 by data@cps.example (Crown Prosecution Service Yorkshire and Humberside): Late return from the Hull office.'
		]);
		const next = t.services.reports.build(fw, { year: 2025, quarter: 2 });
		expect(next.restatements.map((r) => [r.metricCode, r.reported, r.revised])).toEqual([
			['P2.06', 41, 44]
		]);
	});

	it('keeps who revised a figure from a board member, who sees only that and when', () => {
		const fw = t.services.framework.load();
		const cps = id(`SELECT id FROM partners WHERE code = 'CPS'`);
		const p206 = id(`SELECT id FROM metrics WHERE code = 'P2.06'`);
		t.services.figures.commit(upload(cps, 'data@cps.example', '2025-07-10T09:00:00.000Z'), [
			figure(p206, cps, 41)
		]);
		t.services.reports.issue(fw, Q1, { userId: null, label: 'command line' });
		t.services.figures.commit(upload(cps, 'data@cps.example', '2026-12-03T10:00:00.000Z'), [
			figure(p206, cps, 44, 'Late return')
		]);

		expect(
			t.services.reports.restatementsForMetric(fw, p206, viewer).map((r) => r.sentence)
		).toEqual([
			'Reported to the board as 41 for 2025-26 Q1, revised to 44 after the report was issued on 23 November 2026.'
		]);
	});

	it('audits the issue', () => {
		const fw = t.services.framework.load();
		const reportId = t.services.reports.issue(fw, Q1, { userId: null, label: 'command line' });
		const row = t.services.db.$client
			.prepare(
				`SELECT action, entity_id AS entityId, detail FROM audit_log WHERE action = 'board-report.issue'`
			)
			.get();
		expect(row).toEqual({
			action: 'board-report.issue',
			entityId: String(reportId),
			detail: 'Issued the board report for 2025-26 Q1.'
		});
	});
});
