import { describe, expect, it } from 'vitest';
import { figureKeyString, type FigureState } from './figure-changes.js';
import type { Framework, Metric, Partner } from './framework.js';
import {
	buildTemplateCsv,
	formatFigureCell,
	TEMPLATE_COLUMNS,
	templateFileName,
	templateRows
} from './import-template.js';
import type { Period } from './periods.js';
import { validateImportText } from './validate-import.js';

function partner(id: number, code: string, name: string): Partner {
	return { id, code, name, sector: 'other', areaCode: 'HUMBER', active: true };
}

const HP = partner(1, 'HP', 'Humberside Police');
const HCC = partner(2, 'HCC', 'Hull City Council');

function metric(
	id: number,
	code: string,
	name: string,
	unit: Metric['unit'],
	reporters: [Partner, string][],
	overrides: Partial<Metric> = {}
): Metric {
	return {
		id,
		code,
		priorityId: 1,
		priorityNumber: 1,
		name,
		unit,
		direction: 'increase',
		partnerAggregation: 'sum',
		periodAggregation: 'sum',
		amberTolerance: 0.1,
		sensitive: false,
		leadPartnerId: null,
		definition: '',
		countingRule: '',
		dataSource: '',
		owner: '',
		caveats: '',
		status: 'active',
		reporters: reporters.map(([p, areaCode]) => ({ partnerId: p.id, areaCode })),
		targets: [],
		baselines: [],
		fundingStreamIds: [],
		...overrides
	};
}

const FRAMEWORK: Framework = {
	strategy: {
		id: 1,
		name: 'Test strategy',
		partnership: 'Test partnership',
		description: '',
		startsOn: '2024-04-01',
		endsOn: '2027-03-31'
	},
	areas: ['HULL', 'ERY', 'HUMBER'].map((code) => ({
		code,
		name: code,
		population: 1,
		populationSource: '',
		partnershipWide: code === 'HUMBER'
	})),
	priorities: [],
	partners: [HP, HCC],
	metrics: [
		metric(
			1,
			'P2.01',
			'Modern slavery crimes recorded',
			'count',
			[
				[HP, 'HULL'],
				[HP, 'ERY']
			],
			{
				targets: [
					{ year: 2026, quarter: 0, areaCode: 'HULL', value: 70 },
					{ year: 2026, quarter: 2, areaCode: 'ERY', value: 21 }
				]
			}
		),
		metric(2, 'P2.05', 'Charge or summons rate', 'percent', [[HP, 'HUMBER']], {
			periodAggregation: 'last',
			targets: [{ year: 2026, quarter: 0, areaCode: 'HUMBER', value: 12.345 }]
		}),
		metric(3, 'P4.05', 'NRM referral rate per 100,000 residents', 'ratio', [[HCC, 'HULL']]),
		metric(4, 'P6.01', 'Funding secured', 'gbp', [[HCC, 'HULL']]),
		metric(5, 'P9.01', 'An old measure', 'count', [[HP, 'HUMBER']], { status: 'retired' })
	],
	fundingStreams: []
};

const Q2: Period = { year: 2026, quarter: 2 };

function current(entries: [Partner, number, string, FigureState][]): Map<string, FigureState> {
	return new Map(
		entries.map(([p, metricId, areaCode, state]) => [
			figureKeyString({ metricId, partnerId: p.id, areaCode, year: 2026, quarter: 2 }),
			state
		])
	);
}

describe('templateRows', () => {
	it('lists a row per active metric and area the partner reports, in framework order', () => {
		expect(
			templateRows(FRAMEWORK, [HP, HCC], Q2, new Map()).map((r) => [
				r.partner.code,
				r.metric.code,
				r.areaCode,
				r.target
			])
		).toEqual([
			// A quarter of the annual target for a `sum` metric, or its quarterly target.
			['HP', 'P2.01', 'HULL', 17.5],
			['HP', 'P2.01', 'ERY', 21],
			// The annual target itself for a `last` metric.
			['HP', 'P2.05', 'HUMBER', 12.345],
			['HCC', 'P4.05', 'HULL', null],
			['HCC', 'P6.01', 'HULL', null]
		]);
	});
});

describe('formatFigureCell', () => {
	it.each<[FigureState | null, string]>([
		[null, ''],
		[{ kind: 'value', value: 17, comment: '' }, '17'],
		[{ kind: 'value', value: 8.25, comment: '' }, '8.25'],
		[{ kind: 'value', value: 0, comment: '' }, '0'],
		[{ kind: 'nil', value: 0, comment: '' }, 'nil'],
		[{ kind: 'not_collected', value: null, comment: '' }, 'not collected']
	])('writes %j as %j', (state, cell) => {
		expect(formatFigureCell(state)).toBe(cell);
	});
});

describe('buildTemplateCsv', () => {
	it('writes a UTF-8 BOM, the header and a row per figure, with CRLF line endings', () => {
		const csv = buildTemplateCsv(FRAMEWORK, [HCC], Q2, new Map(), false);
		expect(csv).toBe(
			'\uFEFF' +
				[
					TEMPLATE_COLUMNS.join(','),
					'P4.05,"NRM referral rate per 100,000 residents",ratio,2026-27 Q2,HULL,,,',
					'P6.01,Funding secured,gbp,2026-27 Q2,HULL,,,'
				].join('\r\n') +
				'\r\n'
		);
	});

	it('rounds targets to two decimals', () => {
		const csv = buildTemplateCsv(FRAMEWORK, [HP], Q2, new Map(), false);
		expect(csv).toContain('P2.05,Charge or summons rate,percent,2026-27 Q2,HUMBER,12.35,,\r\n');
		expect(csv).toContain('P2.01,Modern slavery crimes recorded,count,2026-27 Q2,HULL,17.5,,\r\n');
	});

	it('puts the partner code first when the template covers several partners', () => {
		const lines = buildTemplateCsv(FRAMEWORK, [HP, HCC], Q2, new Map(), true).split('\r\n');
		expect(lines[0]).toBe('\uFEFFpartner_code,' + TEMPLATE_COLUMNS.join(','));
		expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual([
			'HP',
			'HP',
			'HP',
			'HCC',
			'HCC'
		]);
	});

	it('fills in the current figures, guarding a comment that a spreadsheet would run', () => {
		const csv = buildTemplateCsv(
			FRAMEWORK,
			[HP],
			Q2,
			current([
				[HP, 1, 'HULL', { kind: 'value', value: 17, comment: '=late, see note' }],
				[HP, 1, 'ERY', { kind: 'nil', value: 0, comment: '' }],
				[HP, 2, 'HUMBER', { kind: 'not_collected', value: null, comment: 'System change' }]
			]),
			false
		);
		expect(csv.split('\r\n').slice(1, 4)).toEqual([
			'P2.01,Modern slavery crimes recorded,count,2026-27 Q2,HULL,17.5,17,"\'=late, see note"',
			'P2.01,Modern slavery crimes recorded,count,2026-27 Q2,ERY,21,nil,',
			'P2.05,Charge or summons rate,percent,2026-27 Q2,HUMBER,12.35,not collected,System change'
		]);
	});

	it('reads back, unchanged, as the figures it was filled in with', () => {
		const stored = current([
			[HP, 1, 'HULL', { kind: 'value', value: 17, comment: '=late, see "note"' }],
			[HP, 1, 'ERY', { kind: 'nil', value: 0, comment: '' }],
			[HP, 2, 'HUMBER', { kind: 'not_collected', value: null, comment: 'Two\nlines' }]
		]);
		const csv = buildTemplateCsv(FRAMEWORK, [HP], Q2, stored, false);
		const result = validateImportText(csv, {
			framework: FRAMEWORK,
			partner: HP,
			period: Q2,
			uploaderIsPartner: true,
			today: '2026-11-23',
			isLocked: () => false,
			maxRows: 100
		});
		expect(result.errors).toEqual([]);
		const read = new Map(
			result.figures.map((f) => [
				figureKeyString(f),
				{ kind: f.kind, value: f.value, comment: f.comment }
			])
		);
		expect(read).toEqual(stored);
		expect(result.warnings.map((w) => w.code)).toEqual(['ignored-columns', 'not-collected']);
	});

	it('reads back as the coordinator’s upload for several partners', () => {
		const csv = buildTemplateCsv(
			FRAMEWORK,
			[HP, HCC],
			Q2,
			current([[HCC, 4, 'HULL', { kind: 'value', value: 1200.5, comment: '' }]]),
			true
		);
		const result = validateImportText(csv, {
			framework: FRAMEWORK,
			partner: null,
			period: null,
			uploaderIsPartner: false,
			today: '2026-11-23',
			isLocked: () => false,
			maxRows: 100
		});
		expect(result.errors).toEqual([]);
		expect(result.figures).toEqual([
			expect.objectContaining({ partnerCode: 'HCC', metricCode: 'P6.01', value: 1200.5 })
		]);
		expect(result.skipped).toBe(4);
	});
});

describe('templateFileName', () => {
	it.each<[Partner | null, Period, string]>([
		[HP, Q2, 'template-hp-2026-27-q2.csv'],
		[HCC, { year: 2025, quarter: 4 }, 'template-hcc-2025-26-q4.csv'],
		[null, Q2, 'template-all-partners-2026-27-q2.csv']
	])('names the template for %j and %j %s', (p, period, name) => {
		expect(templateFileName(p, period)).toBe(name);
	});
});
