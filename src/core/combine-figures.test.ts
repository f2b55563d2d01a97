import { describe, expect, it } from 'vitest';
import {
	aggregatePartnerFigures,
	combineAggregate,
	combinePartnerFigures,
	isAdditiveUnit,
	mean,
	sum,
	type CombineRule,
	type FigureAggregate,
	type PartnerFigure,
	type Reporter
} from './combine-figures.js';
import type { PartnerAggregation, Unit } from './framework.js';

// Partner 1 (the police) reports for HULL and ERY separately; partner 2 reports HULL only,
// partner 3 ERY only, and partner 4 once for the whole partnership (HUMBER).
const POLICE = 1;
const HULL_COUNCIL = 2;
const ERY_COUNCIL = 3;
const CHARITY = 4;
const STRANGER = 9;

const REPORTERS: Reporter[] = [
	{ partnerId: POLICE, areaCode: 'HULL' },
	{ partnerId: POLICE, areaCode: 'ERY' },
	{ partnerId: HULL_COUNCIL, areaCode: 'HULL' },
	{ partnerId: ERY_COUNCIL, areaCode: 'ERY' },
	{ partnerId: CHARITY, areaCode: 'HUMBER' }
];

const HUMBER = { code: 'HUMBER', partnershipWide: true };
const HULL = { code: 'HULL', partnershipWide: false };
const ERY = { code: 'ERY', partnershipWide: false };
const NEL = { code: 'NEL', partnershipWide: false };
const AREAS = { HUMBER, HULL, ERY };

function rule(
	unit: Unit,
	partnerAggregation: PartnerAggregation,
	leadPartnerId: number | null = null,
	reporters: Reporter[] = REPORTERS
): CombineRule {
	return { unit, partnerAggregation, leadPartnerId, reporters };
}

function value(partnerId: number, areaCode: string, v: number): PartnerFigure {
	return { partnerId, areaCode, kind: 'value', value: v };
}
function nil(partnerId: number, areaCode: string): PartnerFigure {
	return { partnerId, areaCode, kind: 'nil', value: 0 };
}
function notCollected(partnerId: number, areaCode: string): PartnerFigure {
	return { partnerId, areaCode, kind: 'not_collected', value: null };
}

// Counts: police 10 (HULL) + 20 (ERY) = 30; Hull council 5; ERY council 7; charity 3.
const COUNTS = [
	value(POLICE, 'HULL', 10),
	value(POLICE, 'ERY', 20),
	value(HULL_COUNCIL, 'HULL', 5),
	value(ERY_COUNCIL, 'ERY', 7),
	value(CHARITY, 'HUMBER', 3)
];

// Percentages: police 80 (HULL) and 60 (ERY), a mean of 70; Hull council 50; ERY council 90;
// charity 40.
const PERCENTS = [
	value(POLICE, 'HULL', 80),
	value(POLICE, 'ERY', 60),
	value(HULL_COUNCIL, 'HULL', 50),
	value(ERY_COUNCIL, 'ERY', 90),
	value(CHARITY, 'HUMBER', 40)
];

describe('combinePartnerFigures', () => {
	describe('for a count', () => {
		it.each<[PartnerAggregation, keyof typeof AREAS, number, string]>([
			['sum', 'HUMBER', 45, '30 + 5 + 7 + 3'],
			['sum', 'HULL', 15, '10 + 5: the partnership-wide charity is not in HULL'],
			['sum', 'ERY', 27, '20 + 7'],
			['mean', 'HUMBER', 11.25, '(30 + 5 + 7 + 3) / 4: a partner’s areas add up first'],
			['mean', 'HULL', 7.5, '(10 + 5) / 2'],
			['max', 'HUMBER', 30, 'the police’s 10 + 20'],
			['max', 'HULL', 10, 'the police’s HULL figure'],
			['max', 'ERY', 20, 'the police’s ERY figure'],
			['lead', 'HUMBER', 30, 'the police’s 10 + 20 alone'],
			['lead', 'HULL', 10, 'the police’s HULL figure alone'],
			['lead', 'ERY', 20, 'the police’s ERY figure alone']
		])('combines by %s in %s into %d (%s)', (aggregation, area, expected) => {
			const result = combinePartnerFigures(rule('count', aggregation, POLICE), COUNTS, AREAS[area]);
			expect(result.value).toBe(expected);
			expect(result.complete).toBe(true);
			expect(result.missingPartnerIds).toEqual([]);
			expect(result.notCollectedPartnerIds).toEqual([]);
			expect(result.allNil).toBe(false);
		});
	});

	describe('for a percentage', () => {
		it.each<[PartnerAggregation, keyof typeof AREAS, number, string]>([
			// Percentages never add up: "sum" averages them.
			['sum', 'HUMBER', 62.5, '(70 + 50 + 90 + 40) / 4'],
			['sum', 'HULL', 65, '(80 + 50) / 2'],
			['mean', 'HUMBER', 62.5, '(70 + 50 + 90 + 40) / 4: a partner’s areas average first'],
			['mean', 'ERY', 75, '(60 + 90) / 2'],
			['max', 'HUMBER', 90, 'the ERY council’s 90'],
			['max', 'HULL', 80, 'the police’s 80'],
			['lead', 'HUMBER', 70, 'the police’s (80 + 60) / 2 alone'],
			['lead', 'HULL', 80, 'the police’s HULL figure alone']
		])('combines by %s in %s into %d (%s)', (aggregation, area, expected) => {
			const result = combinePartnerFigures(
				rule('percent', aggregation, POLICE),
				PERCENTS,
				AREAS[area]
			);
			expect(result.value).toBe(expected);
			expect(result.complete).toBe(true);
		});
	});

	it('adds money like counts', () => {
		const result = combinePartnerFigures(
			rule('gbp', 'sum'),
			[value(POLICE, 'HULL', 1000), value(POLICE, 'ERY', 500), value(CHARITY, 'HUMBER', 2500)],
			HUMBER
		);
		// 1,000 + 500 + 2,500; the two councils have not reported.
		expect(result.value).toBe(4000);
	});

	it('averages durations, which do not add up', () => {
		const result = combinePartnerFigures(
			rule('days', 'sum'),
			[value(POLICE, 'HULL', 10), value(POLICE, 'ERY', 20), value(CHARITY, 'HUMBER', 30)],
			HUMBER
		);
		// The police's (10 + 20) / 2 = 15, then (15 + 30) / 2.
		expect(result.value).toBe(22.5);
	});

	it('counts each expected partner once, however many areas it reports for', () => {
		// The police, the two councils and the charity.
		const result = combinePartnerFigures(rule('count', 'sum'), COUNTS, HUMBER);
		expect(result.expectedPartnerCount).toBe(4);
	});

	it('expects only the partners that report for the area asked for', () => {
		// The police and the Hull council; the police and the ERY council.
		expect(combinePartnerFigures(rule('count', 'sum'), COUNTS, HULL).expectedPartnerCount).toBe(2);
		expect(combinePartnerFigures(rule('count', 'sum'), COUNTS, ERY).expectedPartnerCount).toBe(2);
	});

	describe('nil returns', () => {
		it('counts a nil return as 0 and as an answer', () => {
			const figures = [
				value(POLICE, 'HULL', 10),
				value(POLICE, 'ERY', 20),
				nil(HULL_COUNCIL, 'HULL'),
				value(ERY_COUNCIL, 'ERY', 7),
				value(CHARITY, 'HUMBER', 3)
			];
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HUMBER);
			// 30 + 0 + 7 + 3
			expect(result.value).toBe(40);
			expect(result.complete).toBe(true);
			expect(result.allNil).toBe(false);
		});

		it('gives 0, not nothing, when every partner made a nil return, and says all were nil', () => {
			const figures = [
				nil(POLICE, 'HULL'),
				nil(POLICE, 'ERY'),
				nil(HULL_COUNCIL, 'HULL'),
				nil(ERY_COUNCIL, 'ERY'),
				nil(CHARITY, 'HUMBER')
			];
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HUMBER);
			expect(result).toMatchObject({ value: 0, complete: true, allNil: true });
		});

		it('pulls a mean down with a nil return, because it is a real 0', () => {
			const figures = [nil(HULL_COUNCIL, 'HULL'), value(POLICE, 'HULL', 10)];
			// (10 + 0) / 2
			expect(combinePartnerFigures(rule('count', 'mean'), figures, HULL).value).toBe(5);
		});

		it('says all were nil when the figures in the area asked for are all nil', () => {
			const figures = [nil(POLICE, 'HULL'), nil(HULL_COUNCIL, 'HULL'), value(POLICE, 'ERY', 20)];
			expect(combinePartnerFigures(rule('count', 'sum'), figures, HULL)).toMatchObject({
				value: 0,
				allNil: true
			});
		});
	});

	describe('missing is not zero', () => {
		it('marks the total incomplete and names the partner who did not collect the figure', () => {
			const figures = [...COUNTS.filter((f) => f.partnerId !== ERY_COUNCIL)];
			figures.push(notCollected(ERY_COUNCIL, 'ERY'));
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HUMBER);
			// 30 + 5 + 3, without the ERY council's figure, and flagged as such.
			expect(result.value).toBe(38);
			expect(result.complete).toBe(false);
			expect(result.notCollectedPartnerIds).toEqual([ERY_COUNCIL]);
			expect(result.missingPartnerIds).toEqual([]);
		});

		it('marks the total incomplete and names the partner whose figure is absent', () => {
			const figures = COUNTS.filter((f) => f.partnerId !== ERY_COUNCIL);
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HUMBER);
			expect(result.value).toBe(38);
			expect(result.complete).toBe(false);
			expect(result.missingPartnerIds).toEqual([ERY_COUNCIL]);
			expect(result.notCollectedPartnerIds).toEqual([]);
		});

		it('names a partner missing when one of its areas is absent, and keeps the area it sent', () => {
			const figures = COUNTS.filter((f) => !(f.partnerId === POLICE && f.areaCode === 'ERY'));
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HUMBER);
			// 10 + 5 + 7 + 3: the police's ERY figure is absent, not 0.
			expect(result.value).toBe(25);
			expect(result.complete).toBe(false);
			expect(result.missingPartnerIds).toEqual([POLICE]);
		});

		it('separates the absent partners from the ones who do not collect the figure', () => {
			const figures = [
				value(POLICE, 'HULL', 10),
				value(POLICE, 'ERY', 20),
				notCollected(HULL_COUNCIL, 'HULL')
			];
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HUMBER);
			expect(result.value).toBe(30);
			expect(result.complete).toBe(false);
			expect(result.notCollectedPartnerIds).toEqual([HULL_COUNCIL]);
			expect(result.missingPartnerIds).toEqual([ERY_COUNCIL, CHARITY]);
		});

		it('is incomplete in a local area only when a partner for that area is missing', () => {
			const figures = COUNTS.filter((f) => f.partnerId !== ERY_COUNCIL);
			expect(combinePartnerFigures(rule('count', 'sum'), figures, HULL)).toMatchObject({
				value: 15,
				complete: true,
				missingPartnerIds: []
			});
			expect(combinePartnerFigures(rule('count', 'sum'), figures, ERY)).toMatchObject({
				value: 20,
				complete: false,
				missingPartnerIds: [ERY_COUNCIL]
			});
		});

		it('gives no value, not 0, when nobody has reported', () => {
			const result = combinePartnerFigures(rule('count', 'sum'), [], HUMBER);
			expect(result).toEqual({
				value: null,
				complete: false,
				expectedPartnerCount: 4,
				missingPartnerIds: [POLICE, HULL_COUNCIL, ERY_COUNCIL, CHARITY],
				notCollectedPartnerIds: [],
				allNil: false
			});
		});

		it('gives no value and does not call it nil when every figure is not collected', () => {
			const figures = [notCollected(HULL_COUNCIL, 'HULL'), notCollected(POLICE, 'HULL')];
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HULL);
			expect(result.value).toBeNull();
			expect(result.complete).toBe(false);
			expect(result.notCollectedPartnerIds).toEqual([POLICE, HULL_COUNCIL]);
			expect(result.allNil).toBe(false);
		});
	});

	describe('lead partner', () => {
		it('ignores the other partners’ figures and does not expect them', () => {
			const figures = [value(POLICE, 'HULL', 10), value(POLICE, 'ERY', 20)];
			const result = combinePartnerFigures(rule('count', 'lead', POLICE), figures, HUMBER);
			expect(result).toMatchObject({
				value: 30,
				complete: true,
				expectedPartnerCount: 1,
				missingPartnerIds: []
			});
		});

		it('is incomplete when the lead partner has not reported, whatever the others sent', () => {
			const figures = COUNTS.filter((f) => f.partnerId !== POLICE);
			const result = combinePartnerFigures(rule('count', 'lead', POLICE), figures, HUMBER);
			expect(result).toMatchObject({ value: null, complete: false, missingPartnerIds: [POLICE] });
		});

		it('has no figure and is not complete in an area the lead partner does not report for', () => {
			// The charity reports once for the whole partnership, never for HULL alone.
			const result = combinePartnerFigures(rule('count', 'lead', CHARITY), COUNTS, HULL);
			expect(result).toEqual({
				value: null,
				complete: false,
				expectedPartnerCount: 0,
				missingPartnerIds: [],
				notCollectedPartnerIds: [],
				allNil: false
			});
		});

		it('takes the lead partner’s partnership-wide figure for the partnership', () => {
			expect(combinePartnerFigures(rule('count', 'lead', CHARITY), COUNTS, HUMBER).value).toBe(3);
		});
	});

	describe('figures that do not belong', () => {
		it('ignores figures from partners who do not report the metric', () => {
			const figures = [...COUNTS, value(STRANGER, 'HULL', 1000), value(STRANGER, 'HUMBER', 1000)];
			const result = combinePartnerFigures(rule('count', 'sum'), figures, HUMBER);
			expect(result.value).toBe(45);
			expect(result.expectedPartnerCount).toBe(4);
		});

		it('ignores a reporter’s figure for an area it does not report the metric for', () => {
			// The Hull council reports HULL only; an ERY figure from it is not counted anywhere.
			const figures = [...COUNTS, value(HULL_COUNCIL, 'ERY', 500)];
			expect(combinePartnerFigures(rule('count', 'sum'), figures, HUMBER).value).toBe(45);
			expect(combinePartnerFigures(rule('count', 'sum'), figures, ERY).value).toBe(27);
		});

		it('ignores every figure in an area with no reporters', () => {
			const figures = [...COUNTS, value(POLICE, 'NEL', 100)];
			expect(combinePartnerFigures(rule('count', 'sum'), figures, NEL)).toMatchObject({
				value: null,
				complete: false,
				expectedPartnerCount: 0
			});
		});
	});
});

describe('aggregatePartnerFigures', () => {
	it('adds up and averages each partner’s areas, then summarises the partners every way', () => {
		// Partner sums: police 10 + 20 = 30, 5, 7, 3; partner means: police 15, 5, 7, 3.
		expect(aggregatePartnerFigures(rule('count', 'sum'), COUNTS, HUMBER)).toEqual({
			sumOfPartnerSums: 45,
			meanOfPartnerSums: 11.25,
			meanOfPartnerMeans: 7.5,
			maxOfPartnerSums: 30,
			maxOfPartnerMeans: 15,
			answeredCount: 5,
			nilOnly: false,
			expectedPartnerCount: 4,
			missingPartnerIds: [],
			notCollectedPartnerIds: []
		});
	});

	it('names a partner both missing and not collected when its areas differ, in id order', () => {
		const figures = [
			notCollected(POLICE, 'ERY'),
			nil(ERY_COUNCIL, 'ERY'),
			value(CHARITY, 'HUMBER', 3)
		];
		// The police lack HULL and did not collect ERY; the Hull council sent nothing.
		expect(aggregatePartnerFigures(rule('count', 'sum'), figures, HUMBER)).toMatchObject({
			sumOfPartnerSums: 3,
			maxOfPartnerSums: 3,
			answeredCount: 2,
			nilOnly: false,
			missingPartnerIds: [POLICE, HULL_COUNCIL],
			notCollectedPartnerIds: [POLICE]
		});
	});

	it('summarises nothing, and finds nothing nil, when no expected partner answered', () => {
		expect(aggregatePartnerFigures(rule('count', 'sum'), [], ERY)).toEqual({
			sumOfPartnerSums: null,
			meanOfPartnerSums: null,
			meanOfPartnerMeans: null,
			maxOfPartnerSums: null,
			maxOfPartnerMeans: null,
			answeredCount: 0,
			nilOnly: false,
			expectedPartnerCount: 2,
			missingPartnerIds: [POLICE, ERY_COUNCIL],
			notCollectedPartnerIds: []
		});
	});
});

describe('combineAggregate', () => {
	// Each summary a different number, so the one picked shows.
	const AGGREGATE: FigureAggregate = {
		sumOfPartnerSums: 1,
		meanOfPartnerSums: 2,
		meanOfPartnerMeans: 3,
		maxOfPartnerSums: 4,
		maxOfPartnerMeans: 5,
		answeredCount: 3,
		nilOnly: false,
		expectedPartnerCount: 2,
		missingPartnerIds: [],
		notCollectedPartnerIds: []
	};

	it.each<[Unit, PartnerAggregation, number]>([
		['count', 'sum', 1],
		['count', 'lead', 1],
		['count', 'mean', 2],
		['count', 'max', 4],
		['gbp', 'sum', 1],
		['percent', 'sum', 3],
		['percent', 'lead', 3],
		['percent', 'mean', 3],
		['percent', 'max', 5],
		['days', 'max', 5]
	])('picks for a %s metric combined by %s summary %d', (unit, aggregation, expected) => {
		expect(combineAggregate(rule(unit, aggregation), AGGREGATE).value).toBe(expected);
	});

	it('is complete only with an expected partner and nobody missing or not collected', () => {
		const combine = (a: Partial<FigureAggregate>) =>
			combineAggregate(rule('count', 'sum'), { ...AGGREGATE, ...a }).complete;
		expect(combine({})).toBe(true);
		expect(combine({ expectedPartnerCount: 0 })).toBe(false);
		expect(combine({ missingPartnerIds: [2] })).toBe(false);
		expect(combine({ notCollectedPartnerIds: [2] })).toBe(false);
	});
});

describe('isAdditiveUnit', () => {
	it.each<[Unit, boolean]>([
		['count', true],
		['gbp', true],
		['percent', false],
		['days', false],
		['ratio', false]
	])('says whether %s figures add up: %s', (unit, expected) => {
		expect(isAdditiveUnit(unit)).toBe(expected);
	});
});

describe('sum and mean', () => {
	it('adds and averages a list', () => {
		expect(sum([1, 2, 3.5])).toBe(6.5);
		expect(mean([1, 2, 6])).toBe(3);
	});

	it('adds an empty list to 0', () => {
		expect(sum([])).toBe(0);
	});
});
