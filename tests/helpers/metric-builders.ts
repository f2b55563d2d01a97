/**
 * Builders for a sensitive metric's figures, shared by the suppression and disclosure tests:
 * four council areas and the partnership, one reporting partner per area (partners 1 to 4 in
 * HULL, ERY, NEL, NL order) unless a test says otherwise.
 */
import type { Area, FigureKind, Metric } from '../../src/core/framework.js';
import type { Period } from '../../src/core/periods.js';
import type { DatedFigure } from '../../src/core/progress.js';

export const COUNCIL_CODES = ['HULL', 'ERY', 'NEL', 'NL'] as const;

export function testArea(code: string, partnershipWide = false): Area {
	return { code, name: code, population: 1000, populationSource: '', partnershipWide };
}

export const HUMBER_AREAS = {
	areas: [...COUNCIL_CODES.map((c) => testArea(c)), testArea('HUMBER', true)]
};

export function testMetric(overrides: Partial<Metric> = {}): Metric {
	return {
		id: 1,
		code: 'P1.06',
		priorityId: 1,
		priorityNumber: 1,
		name: 'Victims supported',
		unit: 'count',
		direction: 'monitor',
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
		reporters: COUNCIL_CODES.map((areaCode, i) => ({ partnerId: i + 1, areaCode })),
		targets: [],
		baselines: [],
		fundingStreamIds: [],
		...overrides
	};
}

export function testFigure(
	period: Period,
	partnerId: number,
	areaCode: string,
	value: number | null,
	kind: FigureKind = 'value',
	metricId = 1
): DatedFigure {
	return { metricId, partnerId, areaCode, year: period.year, quarter: period.quarter, kind, value };
}

/** One figure per council area for a quarter, partners 1 to 4; null leaves the area out. */
export function figuresByArea(period: Period, values: (number | null)[]): DatedFigure[] {
	return COUNCIL_CODES.flatMap((code, i) =>
		values[i] === null || values[i] === undefined
			? []
			: [testFigure(period, i + 1, code, values[i])]
	);
}

/** The quarters of a financial year up to `last`. */
export function quartersOf(year: number, last: 1 | 2 | 3 | 4): Period[] {
	return [1, 2, 3, 4]
		.filter((q) => q <= last)
		.map((q) => ({ year, quarter: q as Period['quarter'] }));
}
