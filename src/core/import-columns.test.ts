import { describe, expect, it } from 'vitest';
import {
	columnLetter,
	normaliseHeader,
	readImportColumns,
	type ColumnName
} from './import-columns.js';

const NO_METRIC_CODE =
	'The header row (row 1) has no metric_code column, so we cannot tell which figure is which. ' +
	'Start from the template, or name the column with the metric codes "metric_code".';
const NO_VALUE =
	'The header row (row 1) has no value column. Name the column with the figures "value", or ' +
	'give each quarter its own column headed with the quarter (e.g. "2025-26 Q1").';

describe('normaliseHeader', () => {
	it.each<[string, string]>([
		['metric_code', 'metric_code'],
		['Metric Code', 'metric_code'],
		['METRIC_CODE', 'metric_code'],
		['  metric   code  ', 'metric_code'],
		['metric-code', 'metric_code'],
		['Metric.Code', 'metric_code'],
		['_metric__code_', 'metric_code'],
		['\uFEFFmetric_code', 'metric_code'],
		['metric\u200B_code', 'metric_code'],
		// Full-width letters from some Asian-locale keyboards are the same letters (NFKC).
		['ｍｅｔｒｉｃ_code', 'metric_code']
	])('%j → %j', (header, normalised) => {
		expect(normaliseHeader(header)).toBe(normalised);
	});
});

describe('readImportColumns: the long format', () => {
	it('finds the template columns and ignores the descriptive ones with a warning', () => {
		const result = readImportColumns([
			'metric_code',
			'metric_name',
			'unit',
			'period',
			'area',
			'target',
			'value',
			'comment'
		]);
		expect(result).toEqual({
			layout: 'long',
			columns: {
				metric_code: { index: 0, header: 'metric_code' },
				period: { index: 3, header: 'period' },
				area: { index: 4, header: 'area' },
				value: { index: 6, header: 'value' },
				comment: { index: 7, header: 'comment' }
			},
			periodColumns: [],
			errors: [],
			warnings: [
				{
					code: 'ignored-columns',
					column: null,
					message: 'These columns are not imported: "metric_name", "unit", "target".'
				}
			]
		});
	});

	it.each<[ColumnName, string[]]>([
		['metric_code', ['Metric Code', 'METRIC', 'code', 'Metric ID', 'indicator', 'Indicator_Code']],
		['value', ['VALUE', 'Figure', 'actual', 'Result', ' value ']],
		['period', ['Quarter', 'reporting period', 'Period Label', 'financial_quarter']],
		['partner_code', ['Partner Code', 'partner', 'Organisation', 'org', 'ORG_CODE']],
		['area', ['Area Code', 'AREA', 'local authority', 'Location']],
		['comment', ['Comments', 'Note', 'NOTES']]
	])('recognises every spelling of %s', (name, spellings) => {
		for (const spelling of spellings) {
			const header =
				name === 'metric_code'
					? [spelling, 'value']
					: name === 'value'
						? ['metric_code', spelling]
						: ['metric_code', spelling, 'value'];
			const result = readImportColumns(header);
			expect(result.columns[name], spelling).toEqual({
				index: name === 'metric_code' ? 0 : 1,
				header: spelling.trim()
			});
			expect(result.errors, spelling).toEqual([]);
		}
	});

	it('reads columns in any order', () => {
		const result = readImportColumns(['comment', 'value', 'AREA', 'Metric Code']);
		expect(result.columns).toEqual({
			comment: { index: 0, header: 'comment' },
			value: { index: 1, header: 'value' },
			area: { index: 2, header: 'AREA' },
			metric_code: { index: 3, header: 'Metric Code' }
		});
		expect(result.warnings).toEqual([]);
	});

	it('skips columns with an empty header without a warning', () => {
		const result = readImportColumns(['metric_code', '', 'value', '  ']);
		expect(result.errors).toEqual([]);
		expect(result.warnings).toEqual([]);
	});

	it('refuses a file with no metric_code column', () => {
		const result = readImportColumns(['Indicator Name', 'area', 'value']);
		expect(result.errors).toEqual([
			{ code: 'missing-column', column: 'metric_code', message: NO_METRIC_CODE }
		]);
		expect(result.warnings).toEqual([
			{
				code: 'ignored-columns',
				column: null,
				message: 'These columns are not imported: "Indicator Name".'
			}
		]);
	});

	it('refuses a file with no value column and no quarter columns', () => {
		expect(readImportColumns(['metric_code', 'area', 'Amount']).errors).toEqual([
			{ code: 'missing-column', column: 'value', message: NO_VALUE }
		]);
	});

	it('names both missing columns of a single-column file that is neither', () => {
		expect(readImportColumns(['Hull City Council return']).errors).toEqual([
			{ code: 'missing-column', column: 'metric_code', message: NO_METRIC_CODE },
			{ code: 'missing-column', column: 'value', message: NO_VALUE }
		]);
	});

	it('names the header row as the spreadsheet numbers it', () => {
		expect(readImportColumns(['metric_code'], 3).errors[0]!.message).toMatch(
			/^The header row \(row 3\) has no value column/
		);
	});

	it.each<[string[], string, string]>([
		[
			['metric_code', 'value', 'area', 'Value'],
			'Value',
			'Columns B ("value") and D ("Value") are both the value column. Keep one of them.'
		],
		[
			['Metric Code', 'metric_code', 'value'],
			'metric_code',
			'Columns A ("Metric Code") and B ("metric_code") are both the metric_code column. Keep one of them.'
		],
		[
			['metric_code', 'value', 'comment', 'notes'],
			'notes',
			'Columns C ("comment") and D ("notes") are both the comment column. Keep one of them.'
		]
	])('refuses duplicate headers %j', (header, column, message) => {
		expect(readImportColumns(header).errors).toEqual([
			{ code: 'duplicate-column', column, message }
		]);
	});

	it('ignores quarter columns beside a value column, with a warning', () => {
		const result = readImportColumns(['metric_code', 'value', '2025-26 Q4']);
		expect(result.layout).toBe('long');
		expect(result.periodColumns).toEqual([]);
		expect(result.warnings).toEqual([
			{
				code: 'ignored-columns',
				column: null,
				message: 'These columns are not imported: "2025-26 Q4".'
			}
		]);
	});
});

describe('readImportColumns: the wide format', () => {
	it('reads every column headed with a quarter, in any spelling, as that quarter', () => {
		const result = readImportColumns([
			'metric_code',
			'area',
			'2025-26 Q4',
			'Q1 2026/27',
			'Jul-Sep 2026'
		]);
		expect(result.layout).toBe('wide');
		expect(result.errors).toEqual([]);
		expect(result.periodColumns).toEqual([
			{ index: 2, header: '2025-26 Q4', period: { year: 2025, quarter: 4 } },
			{ index: 3, header: 'Q1 2026/27', period: { year: 2026, quarter: 1 } },
			{ index: 4, header: 'Jul-Sep 2026', period: { year: 2026, quarter: 2 } }
		]);
	});

	it('refuses two columns for the same quarter', () => {
		expect(readImportColumns(['metric_code', '2026-27 Q2', 'Jul-Sep 2026']).errors).toEqual([
			{
				code: 'duplicate-column',
				column: 'Jul-Sep 2026',
				message:
					'Columns B ("2026-27 Q2") and C ("Jul-Sep 2026") are both 2026-27 Q2. Keep one of them.'
			}
		]);
	});

	it('refuses a header that nearly names a quarter, with what is wrong with it', () => {
		const result = readImportColumns(['metric_code', '2026-27 Q2', '2025 Q1']);
		expect(result.errors).toEqual([
			{
				code: 'bad-period-column',
				column: '2025 Q1',
				message:
					'Column C ("2025 Q1"): "2025 Q1" is ambiguous: a calendar quarter is not a ' +
					'financial-year quarter. Write "2024-25 Q4" for January to March 2025, or ' +
					'"2025-26 Q1" for April to June 2025.'
			}
		]);
		// The mistyped quarter is an error, not also an ignored column.
		expect(result.warnings).toEqual([]);
	});

	it('still needs a metric_code column', () => {
		expect(readImportColumns(['Indicator', '2026-27 Q2']).errors).toEqual([]);
		expect(readImportColumns(['Indicator Name', '2026-27 Q2']).errors).toEqual([
			{ code: 'missing-column', column: 'metric_code', message: NO_METRIC_CODE }
		]);
	});
});

describe('columnLetter', () => {
	it.each<[number, string]>([
		[0, 'A'],
		[1, 'B'],
		[25, 'Z'],
		[26, 'AA'],
		[27, 'AB'],
		[51, 'AZ'],
		[52, 'BA'],
		[701, 'ZZ'],
		[702, 'AAA']
	])('column %d is %s', (index, letter) => {
		expect(columnLetter(index)).toBe(letter);
	});
});
