import { describe, expect, it } from 'vitest';

import type { Area, FigureKind, Metric } from './framework.js';
import {
	buildMetricView,
	hasPartnershipReturnsRow,
	PARTNERSHIP_RETURNS,
	reporterFigures
} from './metric-view.js';
import { formatPeriodLabel, type Period } from './periods.js';
import type { DatedFigure } from './progress.js';

const area = (code: string, partnershipWide = false): Area => ({
	code,
	name: code,
	population: 1000,
	populationSource: '',
	partnershipWide
});
const AREAS = [area('HULL'), area('ERY'), area('NEL'), area('NL'), area('HUMBER', true)];
const HUMBER = AREAS[4]!;
const HULL = AREAS[0]!;
const Q1: Period = { year: 2025, quarter: 1 };
const Q2: Period = { year: 2025, quarter: 2 };
const Q3: Period = { year: 2025, quarter: 3 };

function testMetric(overrides: Partial<Metric> = {}): Metric {
	return {
		id: 1,
		code: 'P1.01',
		priorityId: 1,
		priorityNumber: 1,
		name: 'Victims referred',
		unit: 'count',
		direction: 'increase',
		partnerAggregation: 'sum',
		periodAggregation: 'sum',
		amberTolerance: 0.1,
		sensitive: true,
		leadPartnerId: null,
		definition: '',
		countingRule: '',
		dataSource: '',
		owner: '',
		caveats: '',
		status: 'active',
		reporters: [],
		targets: [],
		baselines: [],
		fundingStreamIds: [],
		...overrides
	};
}

function figure(
	period: Period,
	partnerId: number,
	areaCode: string,
	value: number | null,
	kind: FigureKind = 'value'
): DatedFigure {
	return {
		metricId: 1,
		partnerId,
		areaCode,
		year: period.year,
		quarter: period.quarter,
		kind,
		value
	};
}

describe('reporterFigures', () => {
	const metric = testMetric({
		partnerAggregation: 'lead',
		leadPartnerId: 1,
		reporters: [
			{ partnerId: 1, areaCode: 'HULL' },
			{ partnerId: 2, areaCode: 'HULL' },
			{ partnerId: 3, areaCode: 'ERY' },
			{ partnerId: 1, areaCode: 'NEL' }
		]
	});
	const figures = [
		figure(Q1, 1, 'HULL', 7),
		figure(Q1, 2, 'HULL', 0, 'nil'),
		figure(Q1, 3, 'ERY', null, 'not_collected'),
		figure(Q2, 1, 'NEL', 9)
	];

	it('says what each expected reporter sent, and that missing is not zero', () => {
		expect(reporterFigures(metric, figures, Q1, HUMBER, AREAS)).toEqual([
			{ partnerId: 1, areaCode: 'HULL', state: 'value', value: 7, counted: true },
			{ partnerId: 2, areaCode: 'HULL', state: 'nil', value: 0, counted: false },
			{ partnerId: 3, areaCode: 'ERY', state: 'not_collected', value: null, counted: false },
			{ partnerId: 1, areaCode: 'NEL', state: 'missing', value: null, counted: true }
		]);
	});

	it('lists only the reporters of a council area when one is chosen', () => {
		expect(reporterFigures(metric, figures, Q1, HULL, AREAS).map((r) => r.partnerId)).toEqual([
			1, 2
		]);
	});
});

describe('hasPartnershipReturnsRow', () => {
	it.each<[string, Metric['reporters'], boolean]>([
		['only council areas', [{ partnerId: 1, areaCode: 'HULL' }], false],
		['only the partnership', [{ partnerId: 1, areaCode: 'HUMBER' }], false],
		[
			'both',
			[
				{ partnerId: 1, areaCode: 'HULL' },
				{ partnerId: 2, areaCode: 'HUMBER' }
			],
			true
		]
	])('is %s → %s', (_, reporters, expected) => {
		expect(hasPartnershipReturnsRow(testMetric({ reporters }), { areas: AREAS })).toBe(expected);
	});
});

describe('buildMetricView', () => {
	const metric = testMetric({
		reporters: [
			{ partnerId: 1, areaCode: 'HULL' },
			{ partnerId: 2, areaCode: 'ERY' },
			{ partnerId: 3, areaCode: 'HUMBER' }
		],
		targets: [{ year: 2025, quarter: 0, areaCode: 'HUMBER', value: 100 }]
	});
	const figures = [
		figure(Q1, 1, 'HULL', 10),
		figure(Q1, 2, 'ERY', 5),
		figure(Q1, 3, 'HUMBER', 2),
		figure(Q2, 1, 'HULL', 12),
		figure(Q2, 3, 'HUMBER', 1),
		figure(Q3, 1, 'HULL', 99),
		{ ...figure(Q1, 1, 'HULL', 500), metricId: 2 }
	];
	const view = buildMetricView({ areas: AREAS }, metric, figures, [Q1, Q2, Q3], Q2, HUMBER);

	it('gives every quarter up to the chosen one, and no later', () => {
		expect(view.series.map((p) => [formatPeriodLabel(p.period), p.actual, p.complete])).toEqual([
			['2025-26 Q1', 17, true],
			['2025-26 Q2', 13, false]
		]);
	});

	it('breaks the quarter down by area, with partnership-wide returns, adding up to the total', () => {
		expect(view.areas.map((a) => [a.code, a.role, a.quarter.value, a.yearToDate.value])).toEqual([
			['HULL', 'area', 12, 22],
			['ERY', 'area', null, 5],
			['NEL', 'area', null, null],
			['NL', 'area', null, null],
			[PARTNERSHIP_RETURNS, 'partnership-returns', 1, 3],
			['HUMBER', 'partnership', 13, 30]
		]);
		expect(view.areas.find((a) => a.code === 'ERY')?.quarter.missingPartnerIds).toEqual([2]);
		expect(view.areas.find((a) => a.code === 'NEL')?.quarter.expectedPartnerCount).toBe(0);
	});

	it('judges the chosen area against its targets', () => {
		expect(view.progress.targets.yearToDate).toBe(50);
		expect(view.progress.status.status).toBe('red');
		expect(view.areas.find((a) => a.code === 'HUMBER')?.status?.status).toBe('red');
		expect(view.areas.find((a) => a.code === 'HULL')?.status).toEqual({
			status: 'none',
			reason: 'no-target'
		});
	});

	it('lists the chosen quarter’s reporters', () => {
		expect(view.reporters.map((r) => [r.partnerId, r.state, r.value])).toEqual([
			[1, 'value', 12],
			[2, 'missing', null],
			[3, 'value', 1]
		]);
	});
});
