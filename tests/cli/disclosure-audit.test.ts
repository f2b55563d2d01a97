/**
 * `strategy-tracker disclosure-audit` over the demo data (issue 14): no hidden figure can be
 * narrowed to fewer than three values by any reader; and the audit finds the probe's leak when
 * given what the rules of suppression.ts alone would hide.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli.js';
import { formatDisclosureAudit } from '../../src/cli/disclosure-audit-command.js';
import { auditDisclosure, auditReaders } from '../../src/core/disclosure/audit-readers.js';
import { buildMetricGrid, metricCellPeriod } from '../../src/core/metric-suppression.js';
import { suppressGroups } from '../../src/core/suppression.js';
import { TEST_NOW, buildTestApp, type TestApp } from '../helpers/build-app.js';

let built: TestApp;

beforeAll(async () => {
	built = await buildTestApp({ seed: 'demo' });
});
afterAll(async () => {
	await built.close();
});

async function run(argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(argv, {
		out: (text) => out.push(text),
		err: (text) => err.push(text),
		env: { DATABASE_PATH: join(built.dir, 'tracker.db'), LOG_LEVEL: 'silent' },
		now: () => new Date(TEST_NOW)
	});
	return { code, out: out.join(''), err: err.join('') };
}

describe('strategy-tracker disclosure-audit', () => {
	it('passes the demo data for the funder, the board and every partner as itself', async () => {
		const cli = await run(['disclosure-audit', '--json']);
		expect(cli.code, cli.out).toBe(0);
		const result = JSON.parse(cli.out);
		expect(result).toMatchObject({ passed: true, findings: [], metrics: 9 });
		// The funder, a board member, and each of the partners counted in a sensitive metric.
		expect(result.grids).toBeGreaterThan(20);
	});

	it('says in a sentence that one role for one quarter passed', async () => {
		const cli = await run(['disclosure-audit', '--role', 'viewer', '--period', '2024-25 Q2']);
		expect(cli.code).toBe(0);
		expect(cli.out).toMatch(
			/^Disclosure check for 2024-25 Q2: passed\. .*1 reader, 9 sensitive metrics/
		);
	});

	it('refuses a role it does not read as, naming the ones it does', async () => {
		const cli = await run(['disclosure-audit', '--role', 'coordinator']);
		expect(cli.code).toBe(2);
		expect(cli.err).toContain('use funder, viewer, partner');
	});

	it('finds, in what the rules alone would hide, the hidden figures the probe worked out', () => {
		const { services } = built;
		const fw = services.framework.load();
		const periods = services.periods(fw).all;
		const sensitive = fw.metrics.filter((m) => m.sensitive).map((m) => m.id);
		const figures = services.figureQueries.findForMetrics(
			sensitive,
			periods[0]!.year,
			periods[periods.length - 1]!.year
		);
		const result = auditDisclosure({
			framework: fw,
			figures,
			periods,
			readers: auditReaders(fw, 5, ['viewer']),
			hiddenFor: (reader, metric) => {
				const grid = buildMetricGrid(fw, metric, figures, periods, reader);
				return suppressGroups(grid.values, grid.groups, true, reader.policy, {
					periodOf: metricCellPeriod,
					known: grid.known
				});
			}
		});
		expect(result.passed).toBe(false);
		expect(result.findings.some((f) => f.metric === 'P1.06' && f.period === '2024-25 Q2')).toBe(
			true
		);
		const printed = formatDisclosureAudit(fw, result, undefined, false);
		expect(printed).toMatch(/^Disclosure check: FAILED\. \d+ hidden figures can be narrowed/);
		expect(printed).toMatch(
			/- P1\.06 2024-25 Q2 .*: viewer can tell it is (exactly \d+|\d+ to \d+)/
		);
	});
});
