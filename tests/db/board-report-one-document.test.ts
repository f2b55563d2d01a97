import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Principal } from '../../src/core/access.js';
import { reportMetrics } from '../../src/core/board-report.js';
import type { Period } from '../../src/core/periods.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';

/**
 * An issued board report is one document (issue 14): the same words, figures and statuses for
 * every role that can open it, at the suppression of its widest audience.
 */
const Q2: Period = { year: 2026, quarter: 2 };
const reader = (role: 'coordinator' | 'funder' | 'viewer'): Principal => ({
	kind: 'user',
	userId: 1,
	role,
	partnerId: null,
	label: role
});

let t: TestApp;
let reportId: number;

beforeAll(async () => {
	t = await buildTestApp({ seed: 'demo' });
	reportId = t.services.reports.issue(t.services.framework.load(), Q2, {
		userId: null,
		label: 'command line'
	});
});
afterAll(async () => {
	await t.close();
});

describe('one board paper for every reader', () => {
	it('reopens the same issued report, word for word, for the coordinator, the funder and a board member', () => {
		const [coordinator, funder, viewer] = (['coordinator', 'funder', 'viewer'] as const).map(
			(role) => JSON.stringify(t.services.reports.reopen(reportId, reader(role))!.report)
		);
		expect(funder).toBe(coordinator);
		expect(viewer).toBe(coordinator);
	});

	it('hides from the coordinator too what it hides from the board, and rates no hidden year to date', () => {
		const report = t.services.reports.reopen(reportId, reader('coordinator'))!.report;
		const hidden = reportMetrics(report).filter((m) => m.yearToDateSuppressed);
		expect(hidden.length).toBeGreaterThan(0);
		for (const m of hidden) {
			expect(m.yearToDate).toBeNull();
			expect(m.status).toBe('none');
			// A metric that is never rated says why (it is monitored, or has no target): no figure.
			expect(['suppressed', 'monitor', 'no-target']).toContain(m.statusReason);
		}
	});

	it('counts the same metrics in each priority’s roll-up as the board is shown', () => {
		const report = t.services.reports.reopen(reportId, reader('viewer'))!.report;
		for (const p of report.priorities) {
			const rated = p.metrics.filter((m) => m.status !== 'none').length;
			expect(p.counts.green + p.counts.amber + p.counts.red).toBe(rated);
		}
	});

	it('records that the disclosure check passed when the report was issued', () => {
		const issued = t.services.reports.reopen(reportId, reader('funder'))!;
		expect(issued.disclosure).toMatchObject({ passed: true, findings: [] });
	});

	it('names no late partner in the report, since a board member may not see who', () => {
		const report = t.services.reports.build(t.services.framework.load(), Q2);
		expect(report.submissionGaps.every((g) => g.partner === null)).toBe(true);
	});
});
