import { describe, expect, it } from 'vitest';

import type { Area, FigureKind, Metric } from './framework.js';
import type { Period } from './periods.js';
import type { DatedFigure } from './progress.js';
import { NO_SUPPRESSION, type SuppressionPolicy } from './suppression.js';
import { createValueSuppression } from './value-suppression.js';

const area = (code: string, partnershipWide = false): Area => ({
	code,
	name: code,
	population: 1000,
	populationSource: '',
	partnershipWide
});
const FRAMEWORK = {
	areas: [area('HULL'), area('ERY'), area('NEL'), area('NL'), area('HUMBER', true)]
};
const Q1: Period = { year: 2025, quarter: 1 };
const Q2: Period = { year: 2025, quarter: 2 };
const FUNDER: SuppressionPolicy = { applies: true, threshold: 5 };

function metric(overrides: Partial<Metric> = {}): Metric {
	return {
		id: 1,
		code: 'P1.01',
		priorityId: 1,
		priorityNumber: 1,
		name: 'Victims referred',
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
		// Partners 1 to 4, one in each council area.
		reporters: [
			{ partnerId: 1, areaCode: 'HULL' },
			{ partnerId: 2, areaCode: 'ERY' },
			{ partnerId: 3, areaCode: 'NEL' },
			{ partnerId: 4, areaCode: 'NL' }
		],
		targets: [],
		baselines: [],
		fundingStreamIds: [],
		...overrides
	};
}

function figure(
	partnerId: number,
	areaCode: string,
	value: number | null,
	kind: FigureKind = 'value',
	period: Period = Q1
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

/** Q1: 3 in HULL, 10 in ERY, 20 in NEL, 30 in NL; 63 for the partnership. */
const Q1_FIGURES = [
	figure(1, 'HULL', 3),
	figure(2, 'ERY', 10),
	figure(3, 'NEL', 20),
	figure(4, 'NL', 30)
];

function hiddenOf(options: {
	policy?: SuppressionPolicy;
	ownPartnerId?: number | null;
	m?: Metric;
	figures?: DatedFigure[];
}) {
	const figures = options.figures ?? Q1_FIGURES;
	const m = options.m ?? metric();
	const isHidden = createValueSuppression({
		framework: FRAMEWORK,
		periods: [Q1],
		policy: options.policy ?? FUNDER,
		ownPartnerId: options.ownPartnerId ?? null,
		figuresOf: () => figures
	});
	return (f: DatedFigure) => isHidden(m, f);
}

describe('createValueSuppression', () => {
	it('hides nothing from the coordinator', () => {
		const hidden = hiddenOf({ policy: NO_SUPPRESSION });
		expect(Q1_FIGURES.map(hidden)).toEqual([false, false, false, false]);
	});

	it("hides a small figure, and the next smallest, which the partnership's 63 would give away", () => {
		// 63 − 10 − 20 − 30 = 3: with HULL's 3 hidden, ERY's 10 must go too.
		const hidden = hiddenOf({});
		expect(Q1_FIGURES.map(hidden)).toEqual([true, true, false, false]);
	});

	it("never hides a partner's own figures from it", () => {
		const hidden = hiddenOf({ ownPartnerId: 1 });
		expect(hidden(figure(1, 'HULL', 3))).toBe(false);
	});

	it('hides nothing of a metric that is not sensitive', () => {
		const hidden = hiddenOf({ m: metric({ sensitive: false }) });
		expect(Q1_FIGURES.map(hidden)).toEqual([false, false, false, false]);
	});

	it('never hides a nil return or a figure not collected', () => {
		const figures = [
			figure(1, 'HULL', 0, 'nil'),
			figure(2, 'ERY', null, 'not_collected'),
			figure(3, 'NEL', 20),
			figure(4, 'NL', 30)
		];
		const hidden = hiddenOf({ figures });
		expect(figures.map(hidden)).toEqual([false, false, false, false]);
	});

	it('hides a figure outside every page (another quarter, a partner not reporting) by its size alone', () => {
		const hidden = hiddenOf({});
		expect(hidden(figure(1, 'HULL', 2, 'value', Q2))).toBe(true);
		expect(hidden(figure(1, 'HULL', 12, 'value', Q2))).toBe(false);
		expect(hidden(figure(9, 'HULL', 4))).toBe(true);
		expect(hidden(figure(9, 'HULL', 5))).toBe(false);
	});

	it("reads a metric's figures once however many of its figures are asked about", () => {
		let reads = 0;
		const isHidden = createValueSuppression({
			framework: FRAMEWORK,
			periods: [Q1],
			policy: FUNDER,
			ownPartnerId: null,
			figuresOf: () => {
				reads += 1;
				return Q1_FIGURES;
			}
		});
		for (const f of Q1_FIGURES) isHidden(metric(), f);
		expect(reads).toBe(1);
	});
});
