import { describe, expect, it } from 'vitest';

import type { BoardReport, ReportMetric } from './board-report.js';
import { describeChange } from './change.js';
import { joinInWords, summariseReport } from './report-summary.js';

/**
 * A fixed quarter: two priorities, five metrics. Referrals went from on track to red; training
 * rose from 200 to 300 (up 50%); prosecutions fell from 40 to 30 (down 25%); small counts (3 to 6)
 * are never movers; the percentage of staff trained is forecast to miss its target.
 */
function metric(
	overrides: Partial<ReportMetric> & Pick<ReportMetric, 'id' | 'code' | 'name'>
): ReportMetric {
	return {
		unit: 'count',
		direction: 'increase',
		quarter: null,
		quarterSuppressed: false,
		quarterComplete: true,
		provisional: false,
		yearToDate: null,
		yearToDateSuppressed: false,
		yearToDateTarget: null,
		annualTarget: null,
		status: 'green',
		statusReason: null,
		previousStatus: 'green',
		changeOnLastQuarter: { kind: 'none' },
		forecast: null,
		series: [],
		...overrides
	};
}

const referrals = metric({
	id: 1,
	code: 'P1.01',
	name: 'Referrals',
	status: 'red',
	previousStatus: 'green',
	changeOnLastQuarter: describeChange('count', 50, 45)
});
const trained = metric({
	id: 2,
	code: 'P1.02',
	name: 'People trained',
	status: 'amber',
	previousStatus: 'red',
	changeOnLastQuarter: describeChange('count', 200, 300)
});
const victims = metric({
	id: 3,
	code: 'P1.03',
	name: 'Victims supported',
	status: 'none',
	statusReason: 'monitor',
	previousStatus: 'none',
	changeOnLastQuarter: describeChange('count', 3, 6)
});
const prosecutions = metric({
	id: 4,
	code: 'P2.01',
	name: 'Prosecutions',
	status: 'green',
	previousStatus: 'green',
	changeOnLastQuarter: describeChange('count', 40, 30),
	annualTarget: 100,
	forecast: { value: 120, willMeetTarget: true }
});
const staffTrained = metric({
	id: 5,
	code: 'P2.02',
	name: 'Staff trained',
	unit: 'percent',
	status: 'red',
	previousStatus: 'red',
	annualTarget: 80,
	forecast: { value: 62.5, willMeetTarget: false }
});

const report: BoardReport = {
	partnership: 'Humber Modern Slavery Partnership',
	strategy: 'Humber Modern Slavery Strategy',
	period: { year: 2025, quarter: 2 },
	periodLabel: '2025-26 Q2',
	previousPeriodLabel: '2025-26 Q1',
	priorities: [
		{
			id: 1,
			number: 1,
			title: 'Support victims',
			status: 'red',
			counts: { green: 0, amber: 1, red: 1, none: 1 },
			metrics: [referrals, trained, victims],
			commentary: null
		},
		{
			id: 2,
			number: 2,
			title: 'Disrupt organised crime',
			status: 'red',
			counts: { green: 1, amber: 0, red: 1, none: 0 },
			metrics: [prosecutions, staffTrained],
			commentary: null
		}
	],
	changes: {
		statusMoves: [],
		movers: [
			{
				code: 'P1.02',
				change: { kind: 'compared', from: 200, to: 300, difference: 100, percent: 50 }
			},
			{
				code: 'P2.01',
				change: { kind: 'compared', from: 40, to: 30, difference: -10, percent: -25 }
			},
			{
				code: 'P1.01',
				change: { kind: 'compared', from: 50, to: 45, difference: -5, percent: -10 }
			}
		]
	},
	submissionGaps: [],
	restatements: []
};

describe('summariseReport', () => {
	const summary = summariseReport(report);

	it('counts the rated metrics in one headline sentence', () => {
		expect(summary.headline).toBe(
			'In 2025-26 Q2, of 4 metrics rated against a target, 1 on track, 1 within tolerance, 2 off track, 1 not rated.'
		);
	});

	it('gives each priority its status and counts', () => {
		expect(summary.priorities).toEqual([
			'Priority 1, Support victims, is off track: 0 on track, 1 within tolerance, 1 off track, 1 not rated.',
			'Priority 2, Disrupt organised crime, is off track: 1 on track, 0 within tolerance, 1 off track.'
		]);
	});

	it('names the metrics that turned red and what they were, not those already red', () => {
		expect(summary.turnedRed).toBe(
			'One metric turned off track since 2025-26 Q1: P1.01 Referrals (was on track).'
		);
	});

	it('lists the biggest movers with their change and both figures', () => {
		expect(summary.movers).toBe(
			'The biggest changes on 2025-26 Q1: P1.02 People trained, up 50% (from 200 to 300); P2.01 Prosecutions, down 25% (from 40 to 30) and P1.01 Referrals, down 10% (from 50 to 45).'
		);
	});

	it('names the forecasts that will miss their annual target', () => {
		expect(summary.forecastsAtRisk).toBe(
			'At the current rate, 1 metric will miss its annual target: P2.02 Staff trained (forecast 62.5% against 80%).'
		);
	});

	it('says there is nothing to compare in the strategy’s first quarter', () => {
		const first = summariseReport({ ...report, previousPeriodLabel: null });
		expect(first.turnedRed).toBe('There is no earlier quarter to compare 2025-26 Q2 with.');
		expect(first.movers).toBe('');
	});

	it('says when no metric can be rated yet', () => {
		const unrated = {
			...report,
			priorities: report.priorities.map((p) => ({
				...p,
				metrics: p.metrics.map((m) => ({ ...m, status: 'none' as const }))
			}))
		};
		expect(summariseReport(unrated).headline).toBe(
			'None of the 5 metrics can be rated for 2025-26 Q2: there are no figures against a target yet.'
		);
	});
});

describe('joinInWords', () => {
	it('joins with semicolons and a final "and"', () => {
		expect(joinInWords(['a, b', 'c', 'd'])).toBe('a, b; c and d');
		expect(joinInWords(['only'])).toBe('only');
		expect(joinInWords([])).toBe('');
	});
});
