import { describe, expect, it } from 'vitest';
import type { Area, Framework, Metric, Partner } from './framework.js';
import type { ImportIssue } from './import-issues.js';
import type { Period } from './periods.js';
import {
	MAX_COMMENT_LENGTH,
	validateImportFile,
	validateImportText,
	type ImportContext,
	type ValidatedImport
} from './validate-import.js';

// A small framework in the Humber's image: Humberside Police reports crimes by area and a
// percentage for the whole Humber; Hull City Council reports for Hull only; the Wilberforce
// Institute reports days and a ratio; one partner has left and one metric is retired.

function area(code: string, name: string, partnershipWide = false): Area {
	return { code, name, population: 100000, populationSource: '', partnershipWide };
}

function partner(id: number, code: string, name: string, active = true): Partner {
	return { id, code, name, sector: 'other', areaCode: 'HUMBER', active };
}

const HP = partner(1, 'HP', 'Humberside Police');
const HCC = partner(2, 'HCC', 'Hull City Council');
const WI = partner(3, 'WI', 'Wilberforce Institute');
const OLD = partner(4, 'OLD', 'Old Partner Trust', false);

function metric(
	id: number,
	code: string,
	name: string,
	unit: Metric['unit'],
	reporters: [Partner, string[]][],
	status: Metric['status'] = 'active'
): Metric {
	return {
		id,
		code,
		priorityId: Number(code[1]),
		priorityNumber: Number(code[1]),
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
		status,
		reporters: reporters.flatMap(([p, areas]) =>
			areas.map((a) => ({ partnerId: p.id, areaCode: a }))
		),
		targets: [],
		baselines: [],
		fundingStreamIds: []
	};
}

const BY_AREA = ['HULL', 'ERY', 'NEL', 'NL'];

const FRAMEWORK: Framework = {
	strategy: {
		id: 1,
		name: 'Test strategy',
		partnership: 'Test partnership',
		description: '',
		startsOn: '2024-04-01',
		endsOn: '2027-03-31'
	},
	areas: [
		area('HULL', 'Kingston upon Hull'),
		area('ERY', 'East Riding of Yorkshire'),
		area('NEL', 'North East Lincolnshire'),
		area('NL', 'North Lincolnshire'),
		area('HUMBER', 'Humber', true)
	],
	priorities: [],
	partners: [HP, HCC, WI, OLD],
	metrics: [
		metric(10, 'P1.05', 'Days to conclusive-grounds decision', 'days', [[WI, ['HUMBER']]]),
		metric(11, 'P1.06', 'Survivors supported outside the NRM', 'count', [[HCC, ['HULL']]]),
		metric(12, 'P2.01', 'Modern slavery crimes recorded', 'count', [[HP, BY_AREA]]),
		metric(13, 'P2.05', 'Charge or summons rate', 'percent', [[HP, ['HUMBER']]]),
		metric(14, 'P3.01', 'Professionals trained', 'count', [
			[HP, ['HUMBER']],
			[HCC, ['HULL']],
			[OLD, ['HUMBER']]
		]),
		metric(15, 'P3.07', 'Public reports', 'count', [[HP, [...BY_AREA, 'HUMBER']]]),
		metric(16, 'P4.05', 'NRM referral rate per 100,000 residents', 'ratio', [[WI, ['HUMBER']]]),
		metric(17, 'P6.01', 'Funding secured', 'gbp', [[HCC, ['HULL']]]),
		metric(18, 'P9.01', 'An old measure', 'count', [[HCC, ['HULL']]], 'retired')
	],
	fundingStreams: []
};

const Q2: Period = { year: 2026, quarter: 2 };
// Approved, so closed: 2026-27 Q1 for Humberside Police and Hull City Council.
const LOCKED = new Set(['1|2026|1', '2|2026|1']);

function context(overrides: Partial<ImportContext> = {}): ImportContext {
	return {
		framework: FRAMEWORK,
		partner: HCC,
		period: Q2,
		uploaderIsPartner: true,
		today: '2026-11-23',
		isLocked: (partnerId, p) => LOCKED.has(`${partnerId}|${p.year}|${p.quarter}`),
		maxRows: 1000,
		...overrides
	};
}

function check(lines: string[], overrides: Partial<ImportContext> = {}): ValidatedImport {
	return validateImportText(lines.join('\r\n') + '\r\n', context(overrides));
}

/** Issues without their wording, for tests about where and what rather than how it is said. */
function where(issues: ImportIssue[]): [number | null, string | null, string | null, string][] {
	return issues.map((i) => [i.row, i.column, i.value, i.code]);
}

const HEADER = 'metric_code,area,value,comment';

describe('validateImportText: a good file', () => {
	it('turns each row into a figure, remembering its row and column', () => {
		const result = check([
			HEADER,
			'P1.06,HULL,4,',
			'P3.01,,25,Two courses',
			'P6.01,HULL,"£12,000",'
		]);
		expect(result).toEqual({
			rows: 3,
			skipped: 0,
			errors: [],
			errorCount: 0,
			warnings: [],
			figures: [
				{
					metricId: 11,
					partnerId: 2,
					areaCode: 'HULL',
					year: 2026,
					quarter: 2,
					period: Q2,
					kind: 'value',
					value: 4,
					comment: '',
					sourceRow: 2,
					column: 'value',
					partnerCode: 'HCC',
					metricCode: 'P1.06'
				},
				expect.objectContaining({
					metricCode: 'P3.01',
					areaCode: 'HULL',
					value: 25,
					comment: 'Two courses',
					sourceRow: 3
				}),
				expect.objectContaining({ metricCode: 'P6.01', value: 12000, sourceRow: 4 })
			]
		});
	});

	it('reads header synonyms in any case and order, with spaces and underscores', () => {
		const result = check(
			['Notes, VALUE ,Area_Code,Quarter,Metric Code', 'checked,4,hull,Jul-Sep 2026,p1.06'],
			{ period: null }
		);
		expect(result.errors).toEqual([]);
		expect(result.figures).toEqual([
			expect.objectContaining({
				metricCode: 'P1.06',
				areaCode: 'HULL',
				period: Q2,
				value: 4,
				comment: 'checked',
				column: 'VALUE'
			})
		]);
	});

	it.each<[string, number | null, FigureKindValue]>([
		['nil', 0, 'nil'],
		['None', 0, 'nil'],
		['0', 0, 'value'],
		['not collected', null, 'not_collected']
	])('stores %j as a %s figure', (cell, value, kind) => {
		const result = check([HEADER, `P1.06,HULL,${cell},`]);
		expect(result.errors).toEqual([]);
		expect(result.figures).toEqual([expect.objectContaining({ kind, value })]);
	});

	it('skips an empty value as not reported, never 0, and warns about a comment left with it', () => {
		const result = check([HEADER, 'P1.06,HULL,4,', 'P3.01,HULL,,', 'P6.01,HULL, ,Awaiting figure']);
		expect(result.skipped).toBe(2);
		expect(result.figures.map((f) => f.metricCode)).toEqual(['P1.06']);
		expect(result.warnings).toEqual([
			{
				row: 4,
				column: 'comment',
				value: 'Awaiting figure',
				code: 'comment-without-value',
				message:
					'Row 4, comment: there is a comment but no value, so the comment was not imported. Add ' +
					'the value, or write "not collected".'
			}
		]);
	});

	it('warns about every value read as "not collected", so a slip is visible', () => {
		const result = check([HEADER, 'P1.06,HULL,n/a,', 'P3.01,HULL,-,']);
		expect(result.errors).toEqual([]);
		expect(where(result.warnings)).toEqual([
			[2, 'value', 'n/a', 'not-collected'],
			[3, 'value', '-', 'not-collected']
		]);
	});

	it('takes the comment without the apostrophe that our exports put before a formula', () => {
		const result = check([HEADER, "P1.06,HULL,4,'=see note", "P3.01,HULL,5,'tis fine"]);
		expect(result.figures.map((f) => f.comment)).toEqual(['=see note', "'tis fine"]);
	});

	it('refuses a file with no figures in it at all', () => {
		expect(check([HEADER, 'P1.06,HULL,,', 'P3.01,HULL,,'])).toEqual({
			rows: 2,
			skipped: 2,
			figures: [],
			warnings: [],
			errorCount: 1,
			errors: [
				{
					row: null,
					column: null,
					value: null,
					code: 'no-figures',
					message:
						'The file has no figures in it: every value cell is empty. Fill in the value column ' +
						'and upload the file again.'
				}
			]
		});
	});
});

type FigureKindValue = 'value' | 'nil' | 'not_collected';

describe('validateImportText: row numbers as the spreadsheet shows them', () => {
	it('counts the header as row 1, blank lines as rows and a quoted line break as one row', () => {
		const result = validateImportText(
			[HEADER, 'P1.06,HULL,4,"two\nlines"', '', ',,,', 'P3.01,HULL,#REF!,', 'P6.01,HULL,-5,'].join(
				'\r\n'
			),
			context()
		);
		expect(result.rows).toBe(3);
		expect(where(result.errors)).toEqual([
			[5, 'value', '#REF!', 'spreadsheet-error'],
			[6, 'value', '-5', 'negative']
		]);
		expect(result.errors[0]!.message).toMatch(/^Row 5, value: "#REF!" is a spreadsheet error/);
	});

	it('finds every problem in one pass, in file order, and stores nothing', () => {
		const result = check([
			HEADER,
			'P1.6,HULL,4,',
			'P1.06,HULL,2.5,',
			'P3.01,YORK,twelve,',
			'P6.01,HULL,12%,',
			'P2.01,HULL,3,'
		]);
		expect(where(result.errors)).toEqual([
			[2, 'metric_code', 'P1.6', 'unknown-metric'],
			[3, 'value', '2.5', 'not-whole'],
			[4, 'area', 'YORK', 'unknown-area'],
			[4, 'value', 'twelve', 'not-a-number'],
			[5, 'value', '12%', 'wrong-symbol'],
			[6, 'metric_code', 'P2.01', 'metric-not-reported']
		]);
		expect(result.figures).toEqual([]);
	});
});

describe('validateImportText: the header', () => {
	it('refuses duplicate headers before reading any row', () => {
		const result = check(['metric_code,value,area,Value', 'P1.06,4,HULL,5']);
		expect(result).toMatchObject({ rows: 1, figures: [], skipped: 0 });
		expect(result.errors).toEqual([
			{
				row: 1,
				column: 'Value',
				value: null,
				code: 'duplicate-column',
				message: 'Columns B ("value") and D ("Value") are both the value column. Keep one of them.'
			}
		]);
	});

	it.each<[string, string]>([
		['metric,area,Amount', 'value'],
		['Indicator Name,area,value', 'metric_code']
	])('refuses the header %j, naming the missing %s column', (header, column) => {
		const result = check([header, 'P1.06,HULL,4']);
		expect(where(result.errors)).toEqual([[1, column, null, 'missing-column']]);
	});

	it('warns about the columns it ignores, even when it refuses the file', () => {
		const result = check(['metric_name,area,value', 'x,HULL,4']);
		expect(where(result.warnings)).toEqual([[null, null, null, 'ignored-columns']]);
	});

	it('says where the header is when a title row sits above it', () => {
		const result = check([
			'Hull City Council - quarterly return,,,',
			',,,',
			HEADER,
			'P1.06,HULL,4,',
			'P3.01,HULL,25,'
		]);
		expect(result).toEqual({
			rows: 2,
			figures: [],
			skipped: 0,
			warnings: [],
			errorCount: 1,
			errors: [
				{
					row: 1,
					column: null,
					value: 'Hull City Council - quarterly return',
					code: 'header-not-first',
					message:
						'Row 1: "Hull City Council - quarterly return" is above the header row, which is row 3. ' +
						'The header must be the first row: delete the rows above it and upload the file again.'
				}
			]
		});
	});

	it('refuses a header with no rows under it', () => {
		expect(check([HEADER]).errors).toEqual([
			{
				row: null,
				column: null,
				value: null,
				code: 'no-rows',
				message:
					'The file has a header row but no figures under it. Add a row for each figure (the ' +
					'template lists them) and upload the file again.'
			}
		]);
	});

	it('refuses more rows than one upload may hold', () => {
		const result = check([HEADER, 'P1.06,HULL,4,', 'P3.01,HULL,5,', 'P6.01,HULL,6,'], {
			maxRows: 2
		});
		expect(result.errors).toEqual([
			{
				row: null,
				column: null,
				value: null,
				code: 'too-many-rows',
				message:
					'The file has 3 rows, more than the 2 one upload may hold. Split it into smaller files.'
			}
		]);
	});
});

describe('validateImportText: quarters', () => {
	it.each([
		'2026-27 Q2',
		'2026/27 Q2',
		'Q2 2026/27',
		'Q2 2026-27',
		'2026-27-Q2',
		'FY2026/27 Q2',
		'FY26/27 Q2',
		'Q2 26/27',
		'Jul-Sep 2026',
		'July to September 2026',
		' q2  2026/27 '
	])('reads %j in a period cell as 2026-27 Q2', (label) => {
		const result = check(['metric_code,period,value', `P1.06,${label},4`], { period: null });
		expect(result.errors).toEqual([]);
		expect(result.figures[0]!.period).toEqual(Q2);
	});

	it('reads Jan-Mar as the fourth quarter of the year before', () => {
		const result = check(['metric_code,period,value', 'P1.06,Jan-Mar 2026,4'], { period: null });
		expect(result.figures[0]!.period).toEqual({ year: 2025, quarter: 4 });
	});

	it.each<[string, string, string]>([
		[
			'2025 Q1',
			'ambiguous-period',
			'Row 2, period: "2025 Q1" is ambiguous: a calendar quarter is not a financial-year quarter. ' +
				'Write "2024-25 Q4" for January to March 2025, or "2025-26 Q1" for April to June 2025.'
		],
		[
			'FY2026 Q2',
			'ambiguous-period',
			'Row 2, period: "FY2026 Q2" is ambiguous: a financial year needs both of its years. Write ' +
				'"2025-26 Q2" for July to September 2025, or "2026-27 Q2" for July to September 2026.'
		],
		[
			'Sep 2026',
			'bad-period',
			'Row 2, period: "Sep 2026" is a single month, not a quarter. September 2026 is in "2026-27 Q2".'
		],
		[
			'2026-27 Q5',
			'bad-period',
			'Row 2, period: "2026-27 Q5": there is no quarter 5; a financial year has quarters 1 to 4. ' +
				'Write the quarter as "2026-27 Q1".'
		],
		[
			'last quarter',
			'bad-period',
			'Row 2, period: "last quarter" is not a quarter we recognise. Write the quarter as "2025-26 Q1".'
		]
	])('refuses %j in a period cell (%s)', (label, code, message) => {
		const result = check(['metric_code,period,value', `P1.06,${label},4`], { period: null });
		expect(result.errors).toEqual([{ row: 2, column: 'period', value: label, code, message }]);
	});

	it.each<[string, string, string]>([
		[
			'2026-27 Q3',
			'future-period',
			'Row 2, period: 2026-27 Q3 (October to December 2026) has not ended yet. Send its figures ' +
				'once the quarter is over.'
		],
		[
			'2027-28 Q1',
			'future-period',
			'Row 2, period: 2027-28 Q1 (April to June 2027) has not ended yet. Send its figures once the ' +
				'quarter is over.'
		],
		[
			'2023-24 Q4',
			'before-strategy',
			'Row 2, period: 2023-24 Q4 is before the strategy started (2024-25 Q1). Check the quarter.'
		],
		[
			'2026-27 Q1',
			'locked-period',
			'Row 2, period: 2026-27 Q1 is closed for Hull City Council: its figures were approved. Ask ' +
				'the coordinator to reopen the quarter if a figure needs correcting.'
		]
	])('refuses a row for %s (%s)', (label, code, message) => {
		const result = check(['metric_code,period,value', `P1.06,${label},4`], { period: null });
		expect(result.errors).toEqual([{ row: 2, column: 'period', value: label, code, message }]);
	});

	it('accepts the first quarter of the strategy and the last complete one', () => {
		const result = check(['metric_code,period,value', 'P1.06,2024-25 Q1,4', 'P1.06,2026-27 Q2,5'], {
			period: null
		});
		expect(result.errors).toEqual([]);
		expect(result.figures).toHaveLength(2);
	});

	it('refuses a closed quarter chosen for the upload once, not on every row', () => {
		const result = check([HEADER, 'P1.06,HULL,4,', 'P3.01,HULL,5,'], {
			period: { year: 2026, quarter: 1 }
		});
		expect(result.errors).toEqual([
			{
				row: null,
				column: null,
				value: null,
				code: 'locked-period',
				message:
					'2026-27 Q1 is closed for Hull City Council: its figures were approved. Ask the ' +
					'coordinator to reopen the quarter if a figure needs correcting.'
			}
		]);
	});

	it.each<[Period, string]>([
		[{ year: 2026, quarter: 3 }, 'future-period'],
		[{ year: 2023, quarter: 4 }, 'before-strategy']
	])('refuses a chosen quarter %j once (%s)', (period, code) => {
		expect(where(check([HEADER, 'P1.06,HULL,4,'], { period }).errors)).toEqual([
			[null, null, null, code]
		]);
	});

	it('checks a closed quarter per row when the rows name their partners', () => {
		const result = check(['partner_code,metric_code,value', 'HCC,P1.06,4', 'WI,P1.05,30'], {
			partner: null,
			uploaderIsPartner: false,
			period: { year: 2026, quarter: 1 }
		});
		expect(result.errors).toEqual([
			{
				row: 2,
				column: null,
				value: null,
				code: 'locked-period',
				message:
					'Row 2: 2026-27 Q1 is closed for Hull City Council: its figures were approved. Ask the ' +
					'coordinator to reopen the quarter if a figure needs correcting.'
			}
		]);
	});

	it('refuses a row for another quarter than the one chosen', () => {
		const result = check(['metric_code,period,value', 'P1.06,2025-26 Q4,4']);
		expect(result.errors).toEqual([
			{
				row: 2,
				column: 'period',
				value: '2025-26 Q4',
				code: 'period-mismatch',
				message:
					'Row 2, period: 2025-26 Q4 is not the quarter this upload is for (2026-27 Q2). Correct ' +
					'the quarter, or upload the row for its own quarter.'
			}
		]);
	});

	it('takes the chosen quarter for a row whose period cell is empty', () => {
		const result = check(['metric_code,period,value', 'P1.06,,4']);
		expect(result.figures[0]!.period).toEqual(Q2);
	});

	it('needs a quarter from somewhere', () => {
		expect(check([HEADER, 'P1.06,HULL,4,'], { period: null }).errors).toEqual([
			{
				row: null,
				column: null,
				value: null,
				code: 'period-missing',
				message:
					'Say which quarter these figures are for: choose the quarter, or add a period column ' +
					'(e.g. "2025-26 Q1").'
			}
		]);
		expect(where(check(['metric_code,period,value', 'P1.06,,4'], { period: null }).errors)).toEqual(
			[[2, 'period', '', 'period-missing']]
		);
	});
});

describe('validateImportText: metrics', () => {
	it.each<[string, string]>([
		['P1.6', '"P1.6" is not a metric code in the framework. Did you mean P1.06?'],
		['P6.011', '"P6.011" is not a metric code in the framework. Did you mean P6.01?'],
		[
			'Survivors supported outside the NRM',
			'"Survivors supported outside the NRM" is not a metric code in the framework. Did you mean P1.06?'
		],
		[
			'P7.01',
			'"P7.01" is not a metric code in the framework. Use the metric codes in the template, which ' +
				'look like "P1.03".'
		]
	])('refuses the unknown code %j, suggesting the nearest when there is one', (code, detail) => {
		expect(check([HEADER, `${code},HULL,4,`]).errors).toEqual([
			{
				row: 2,
				column: 'metric_code',
				value: code,
				code: 'unknown-metric',
				message: `Row 2, metric_code: ${detail}`
			}
		]);
	});

	it('accepts a code in lower case or with spaces around it', () => {
		const result = check([HEADER, ' p1.06 ,HULL,4,']);
		expect(result.errors).toEqual([]);
		expect(result.figures[0]!.metricCode).toBe('P1.06');
	});

	it('refuses an empty code', () => {
		expect(check([HEADER, ',HULL,4,']).errors).toEqual([
			{
				row: 2,
				column: 'metric_code',
				value: '',
				code: 'metric-missing',
				message:
					'Row 2, metric_code: the metric code is empty. Give the code of the metric, e.g. ' +
					'"P1.03", from the template.'
			}
		]);
	});

	it('refuses a retired metric', () => {
		expect(check([HEADER, 'P9.01,HULL,4,']).errors).toEqual([
			{
				row: 2,
				column: 'metric_code',
				value: 'P9.01',
				code: 'retired-metric',
				message:
					'Row 2, metric_code: P9.01 (An old measure) is no longer collected. Remove the row.'
			}
		]);
	});

	it('refuses a metric the partner does not report', () => {
		expect(check([HEADER, 'P2.01,HULL,17,']).errors).toEqual([
			{
				row: 2,
				column: 'metric_code',
				value: 'P2.01',
				code: 'metric-not-reported',
				message:
					'Row 2, metric_code: Hull City Council does not report P2.01 (Modern slavery crimes ' +
					'recorded). Remove the row, or ask the coordinator if you now collect this figure.'
			}
		]);
	});

	it.each<[string, string, string]>([
		['P2.01', '8.3', 'not-whole'],
		['P2.05', '8.3', ''],
		['P2.05', '£8', 'wrong-symbol'],
		['P2.05', '101', 'out-of-range']
	])('applies the unit of %s to %j', (code, value, error) => {
		const result = check([HEADER, `${code},${code === 'P2.01' ? 'HULL' : ''},${value},`], {
			partner: HP
		});
		expect(result.errors.map((e) => e.code)).toEqual(error ? [error] : []);
	});
});

describe('validateImportText: areas', () => {
	it.each<[Partner, string, string, string]>([
		// A metric reported for one area needs no area.
		[HCC, 'P1.06', '', 'HULL'],
		[HP, 'P2.05', '', 'HUMBER'],
		// A metric reported by area and for the Humber takes the Humber by default.
		[HP, 'P3.07', '', 'HUMBER'],
		[HP, 'P3.07', 'nl', 'NL'],
		[HP, 'P2.01', 'East Riding of Yorkshire', 'ERY'],
		[HP, 'P2.01', 'kingston upon hull', 'HULL']
	])('%s: %s with area %j is for %s', (who, code, areaCell, expected) => {
		const result = check([HEADER, `${code},${areaCell},4,`], { partner: who });
		expect(result.errors).toEqual([]);
		expect(result.figures[0]!.areaCode).toBe(expected);
	});

	it('defaults to the single area when there is no area column at all', () => {
		const result = check(['metric_code,value', 'P1.06,4']);
		expect(result.figures[0]!.areaCode).toBe('HULL');
	});

	it.each<[string, string, string | null, string, string]>([
		[
			'P2.01,,17,',
			'area',
			'',
			'area-missing',
			'Row 2, area: P2.01 is reported by area (HULL, ERY, NEL, NL). Give the area of this figure, ' +
				'with one row per area.'
		],
		[
			'P2.01,HUMBER,60,',
			'area',
			'HUMBER',
			'area-not-reported',
			'Row 2, area: Humberside Police reports P2.01 for HULL, ERY, NEL, NL, not HUMBER. Check the area.'
		],
		[
			'P2.01,York,3,',
			'area',
			'York',
			'unknown-area',
			'Row 2, area: "York" is not an area. Use one of HULL, ERY, NEL, NL, HUMBER.'
		]
	])('refuses %j', (line, column, value, code, message) => {
		expect(check([HEADER, line], { partner: HP }).errors).toEqual([
			{ row: 2, column, value, code, message }
		]);
	});

	it('asks for the area of a by-area metric in a file with no area column', () => {
		expect(check(['metric_code,value', 'P2.01,17'], { partner: HP }).errors).toEqual([
			expect.objectContaining({ row: 2, column: 'area', value: null, code: 'area-missing' })
		]);
	});
});

describe('validateImportText: partners', () => {
	const WITH_PARTNER = 'partner_code,metric_code,area,value';

	it('refuses rows of another partner in a partner’s upload, saying nothing about that partner', () => {
		const result = check([
			WITH_PARTNER,
			'HCC,P1.06,HULL,4',
			'HP,P2.01,HULL,17',
			'XYZ,P2.01,HULL,3'
		]);
		const mismatch = (value: string, row: number) => ({
			row,
			column: 'partner_code',
			value,
			code: 'partner-mismatch',
			message: `Row ${row}, partner_code: "${value}" is not your organisation’s code (HCC). You can only send figures for Hull City Council.`
		});
		expect(result.errors).toEqual([mismatch('HP', 3), mismatch('XYZ', 4)]);
		// A real partner's code and a made-up one get the same words.
		expect(result.errors[0]!.message.replace('"HP"', '"XYZ"').replace('Row 3', 'Row 4')).toBe(
			result.errors[1]!.message
		);
		expect(result.errors.some((e) => e.message.includes('Humberside Police'))).toBe(false);
	});

	it('accepts the partner’s own code in any case, or its name', () => {
		const result = check([WITH_PARTNER, 'hcc,P1.06,HULL,4', 'Hull City Council,P3.01,HULL,5']);
		expect(result.errors).toEqual([]);
		expect(result.figures.map((f) => f.partnerCode)).toEqual(['HCC', 'HCC']);
	});

	it('fills in the fixed partner for an empty partner cell', () => {
		expect(check([WITH_PARTNER, ',P1.06,HULL,4']).figures[0]!.partnerCode).toBe('HCC');
	});

	it('words the refusal for the coordinator who chose a partner', () => {
		expect(
			check([WITH_PARTNER, 'HP,P2.01,HULL,17'], { uploaderIsPartner: false }).errors[0]!.message
		).toBe(
			'Row 2, partner_code: "HP" is not Hull City Council (HCC), the partner this upload is for. ' +
				'Remove the row, or upload it for its own partner.'
		);
	});

	describe('a coordinator’s file for several partners', () => {
		const asCoordinator = { partner: null, uploaderIsPartner: false };

		it('places each row with its partner', () => {
			const result = check(
				[WITH_PARTNER, 'HCC,P1.06,HULL,4', 'hp,P2.01,NL,17', 'Wilberforce Institute,P1.05,,30'],
				asCoordinator
			);
			expect(result.errors).toEqual([]);
			expect(result.figures.map((f) => [f.partnerCode, f.metricCode, f.areaCode])).toEqual([
				['HCC', 'P1.06', 'HULL'],
				['HP', 'P2.01', 'NL'],
				['WI', 'P1.05', 'HUMBER']
			]);
		});

		it.each<[string, string | null, string, string]>([
			[
				'HCX,P1.06,HULL,4',
				'HCX',
				'unknown-partner',
				'"HCX" is not a partner code. Did you mean HCC?'
			],
			[
				'ZZZZ,P1.06,HULL,4',
				'ZZZZ',
				'unknown-partner',
				'"ZZZZ" is not a partner code. Use the codes in the template.'
			],
			[
				'OLD,P3.01,,4',
				'OLD',
				'inactive-partner',
				'Old Partner Trust is no longer an active partner. Remove its rows.'
			],
			[
				',P1.06,HULL,4',
				'',
				'partner-missing',
				'the partner code is empty. Give the code of the partner whose figure this is.'
			]
		])('refuses %j', (line, value, code, detail) => {
			expect(check([WITH_PARTNER, line], asCoordinator).errors).toEqual([
				{ row: 2, column: 'partner_code', value, code, message: `Row 2, partner_code: ${detail}` }
			]);
		});

		it('needs a partner from somewhere', () => {
			expect(where(check([HEADER, 'P1.06,HULL,4,'], asCoordinator).errors)).toEqual([
				[null, null, null, 'partner-missing']
			]);
		});

		it('names the partner in a duplicate-row error', () => {
			const result = check(
				[WITH_PARTNER, 'HCC,P3.01,HULL,4', 'HP,P3.01,HUMBER,5', 'hcc,P3.01,,6'],
				asCoordinator
			);
			expect(result.errors).toEqual([
				{
					row: 4,
					column: 'metric_code',
					value: 'P3.01',
					code: 'duplicate-row',
					message:
						'Row 4, metric_code: P3.01 for HULL in 2026-27 Q2 (HCC) is already on row 2. Keep one of the two rows.'
				}
			]);
		});
	});
});

describe('validateImportText: duplicate rows', () => {
	it('refuses a second row for the same figure, naming both rows', () => {
		const result = check([HEADER, 'P1.06,HULL,4,', 'P3.01,HULL,5,', 'P1.06,,5,Corrected']);
		expect(result.errors).toEqual([
			{
				row: 4,
				column: 'metric_code',
				value: 'P1.06',
				code: 'duplicate-row',
				message:
					'Row 4, metric_code: P1.06 for HULL in 2026-27 Q2 is already on row 2. Keep one of the two rows.'
			}
		]);
		expect(result.figures).toEqual([]);
	});

	it('refuses the duplicate even when one of the two values is empty', () => {
		expect(where(check([HEADER, 'P1.06,HULL,,', 'P1.06,HULL,4,']).errors)).toEqual([
			[3, 'metric_code', 'P1.06', 'duplicate-row']
		]);
	});

	it('still checks the value of a duplicate row', () => {
		expect(where(check([HEADER, 'P1.06,HULL,4,', 'P1.06,HULL,#N/A,']).errors)).toEqual([
			[3, 'metric_code', 'P1.06', 'duplicate-row'],
			[3, 'value', '#N/A', 'spreadsheet-error']
		]);
	});

	it('allows the same metric for different areas and quarters', () => {
		const result = check(
			[
				'metric_code,period,area,value',
				'P2.01,2026-27 Q2,HULL,1',
				'P2.01,2026-27 Q2,ERY,2',
				'P2.01,2025-26 Q4,HULL,3'
			],
			{ partner: HP, period: null }
		);
		expect(result.errors).toEqual([]);
		expect(result.figures).toHaveLength(3);
	});
});

describe('validateImportText: total rows, extra cells and comments', () => {
	it.each([
		'Total',
		'TOTAL',
		'Totals',
		'Grand total',
		'Sub-total',
		'Subtotal',
		'Sub total',
		'Total:'
	])('skips a %j row with a warning', (label) => {
		const result = check([HEADER, 'P1.06,HULL,4,', `${label},,4,`]);
		expect(result.errors).toEqual([]);
		expect(result.skipped).toBe(1);
		expect(result.warnings).toEqual([
			{
				row: 3,
				column: null,
				value: label,
				code: 'total-row',
				message: 'Row 3: this is a total row, so it was skipped: the app works out totals itself.'
			}
		]);
	});

	it('refuses text in a column with no header, suggesting a missing pair of quotes', () => {
		expect(check([HEADER, 'P1.06,HULL,4,Two referrals, one repeat']).errors).toEqual([
			{
				row: 2,
				column: 'column E',
				value: 'one repeat',
				code: 'extra-cells',
				message:
					'Row 2, column E: "one repeat" is in a column with no header. Remove it, or give the ' +
					'column a header in row 1. (A comma inside a comment needs quotes around the whole comment.)'
			}
		]);
	});

	it('does not mind empty cells beyond the header, or missing trailing cells', () => {
		const result = check([HEADER, 'P1.06,HULL,4,,,,', 'P3.01,HULL,5']);
		expect(result.errors).toEqual([]);
		expect(result.figures).toHaveLength(2);
	});

	it(`accepts a comment of ${MAX_COMMENT_LENGTH} characters and refuses a longer one`, () => {
		const ok = 'x'.repeat(MAX_COMMENT_LENGTH);
		expect(check([HEADER, `P1.06,HULL,4,${ok}`]).figures[0]!.comment).toBe(ok);
		expect(check([HEADER, `P1.06,HULL,4,${ok}y`]).errors).toEqual([
			{
				row: 2,
				column: 'comment',
				value: `${'x'.repeat(40)}…`,
				code: 'comment-too-long',
				message:
					'Row 2, comment: the comment is 1,001 characters long. Keep it to 1,000 characters or fewer.'
			}
		]);
	});
});

describe('validateImportText: the wide format', () => {
	const asPolice = { partner: HP, period: null };

	it('reads one figure per quarter column, skipping empty cells', () => {
		const result = check(
			[
				'metric_code,metric_name,area,2025-26 Q4,Apr-Jun 2026,2026-27 Q2',
				'P2.01,Crimes,HULL,15,,17',
				'P2.05,Rate,,8.1,8.2,8.3'
			],
			asPolice
		);
		// 2026-27 Q1 is closed for Humberside Police, so its column is refused at the header.
		expect(result.errors).toEqual([
			{
				row: 1,
				column: 'Apr-Jun 2026',
				value: 'Apr-Jun 2026',
				code: 'locked-period',
				message:
					'Row 1, Apr-Jun 2026: 2026-27 Q1 is closed for Humberside Police: its figures were ' +
					'approved. Ask the coordinator to reopen the quarter if a figure needs correcting.'
			}
		]);
		const open = check(
			[
				'metric_code,metric_name,area,2025-26 Q4,2026-27 Q2',
				'P2.01,Crimes,HULL,15,',
				'P2.05,Rate,,8.1,8.3'
			],
			asPolice
		);
		expect(open.errors).toEqual([]);
		expect(open.skipped).toBe(1);
		expect(
			open.figures.map((f) => [f.metricCode, f.period, f.value, f.column, f.sourceRow])
		).toEqual([
			['P2.01', { year: 2025, quarter: 4 }, 15, '2025-26 Q4', 2],
			['P2.05', { year: 2025, quarter: 4 }, 8.1, '2025-26 Q4', 3],
			['P2.05', Q2, 8.3, '2026-27 Q2', 3]
		]);
		expect(where(open.warnings)).toEqual([[null, null, null, 'ignored-columns']]);
	});

	it('names the quarter column of a bad value', () => {
		expect(check(['metric_code,area,2026-27 Q2', 'P2.01,HULL,#N/A'], asPolice).errors).toEqual([
			expect.objectContaining({
				row: 2,
				column: '2026-27 Q2',
				value: '#N/A',
				message: expect.stringMatching(/^Row 2, 2026-27 Q2: "#N\/A" is a spreadsheet error/)
			})
		]);
	});

	it.each<[string, string]>([
		['2026-27 Q3', 'future-period'],
		['2023-24 Q4', 'before-strategy']
	])('refuses a %s column at the header (%s)', (label, code) => {
		expect(where(check([`metric_code,area,${label}`, 'P2.01,HULL,4'], asPolice).errors)).toEqual([
			[1, label, label, code]
		]);
	});

	it('refuses a quarter column other than the quarter chosen', () => {
		expect(check(['metric_code,area,2025-26 Q4', 'P2.01,HULL,4'], { partner: HP }).errors).toEqual([
			{
				row: 1,
				column: '2025-26 Q4',
				value: '2025-26 Q4',
				code: 'period-mismatch',
				message:
					'Row 1, 2025-26 Q4: 2025-26 Q4 is not the quarter this upload is for (2026-27 Q2). ' +
					'Remove the column, or upload without choosing a quarter.'
			}
		]);
	});

	it('refuses a closed quarter per row when the rows name their partners', () => {
		const result = check(
			['partner_code,metric_code,area,2026-27 Q1,2026-27 Q2', 'HCC,P1.06,,4,5', 'WI,P1.05,,30,31'],
			{ partner: null, period: null, uploaderIsPartner: false }
		);
		expect(where(result.errors)).toEqual([[2, '2026-27 Q1', null, 'locked-period']]);
	});

	it('refuses a duplicate row once, not once per quarter', () => {
		const result = check(
			['metric_code,area,2025-26 Q4,2026-27 Q2', 'P2.01,HULL,1,2', 'P2.01,HULL,3,4'],
			asPolice
		);
		expect(result.errors).toEqual([
			{
				row: 3,
				column: 'metric_code',
				value: 'P2.01',
				code: 'duplicate-row',
				message: 'Row 3, metric_code: P2.01 for HULL is already on row 2. Keep one of the two rows.'
			}
		]);
	});

	it('skips a total row for every quarter column', () => {
		const result = check(
			['metric_code,area,2025-26 Q4,2026-27 Q2', 'P2.01,HULL,1,2', 'Total,,1,2'],
			asPolice
		);
		expect(result.skipped).toBe(2);
		expect(where(result.warnings)).toEqual([[3, null, 'Total', 'total-row']]);
	});
});

describe('validateImportFile', () => {
	it('decodes the bytes first and passes on the encoding warning', () => {
		const bytes = Buffer.from(`${HEADER}\r\nP6.01,HULL,£1200,Café\r\n`, 'latin1');
		const result = validateImportFile(bytes, 1024 * 1024, context());
		expect(result.errors).toEqual([]);
		expect(result.figures[0]).toMatchObject({ value: 1200, comment: 'Café' });
		expect(where(result.warnings)).toEqual([[null, null, null, 'encoding']]);
	});

	it.each<[string, Uint8Array, string]>([
		['an empty file', new Uint8Array(0), 'file-empty'],
		['a PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'file-binary'],
		['a file over the limit', new Uint8Array(2048), 'file-too-large']
	])('refuses %s with one file-level error', (_case, bytes, code) => {
		const result = validateImportFile(bytes, 1024, context());
		expect(result).toMatchObject({ rows: 0, figures: [], skipped: 0, warnings: [] });
		expect(where(result.errors)).toEqual([[null, null, null, code]]);
	});

	it('refuses unbalanced quotes, naming the row', () => {
		const bytes = Buffer.from(`${HEADER}\r\nP1.06,HULL,4,"oops\r\nP3.01,HULL,5,\r\n`);
		expect(where(validateImportFile(bytes, 1024, context()).errors)).toEqual([
			[2, null, null, 'unbalanced-quotes']
		]);
	});

	it('reads a UTF-16 file with a byte order mark', () => {
		const text = 'metric_code\tvalue\r\nP1.06\t4\r\n';
		const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		expect(validateImportFile(bytes, 1024, context()).figures).toEqual([
			expect.objectContaining({ metricCode: 'P1.06', value: 4 })
		]);
	});
});

describe('a file with more problems than are worth listing', () => {
	it('lists the first 1,000 and counts the rest by kind', () => {
		const rows = Array.from({ length: 1500 }, (_, i) => `PX.${i % 50},HULL,1,`);
		const result = check([HEADER, ...rows], { maxRows: 2000 });
		expect(result.errorCount).toBe(1500);
		expect(result.errors).toHaveLength(1001);
		expect(result.errors.at(-1)).toMatchObject({
			code: 'more-problems',
			message: expect.stringMatching(/^And 500 more problems not listed \(500 unknown-metric\)\./)
		});
	});
});
