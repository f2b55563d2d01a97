import { describe, expect, it } from 'vitest';

import {
	formatExportCsv,
	formatExportCsvLine,
	formatExportJson,
	type ExportedValue
} from './value-export.js';

const ROW: ExportedValue = {
	metric: 'P1.01',
	metricName: 'Adults entering MSVCC support',
	partner: 'SA',
	partnerName: 'Salvation Army',
	area: 'HULL',
	period: '2024-25 Q1',
	kind: 'value',
	value: 4,
	suppressed: false,
	submissionStatus: 'approved',
	comment: 'Late return',
	revisionId: 7,
	uploadId: 3,
	source: 'file',
	uploadedAt: '2024-07-10T09:00:00.000Z'
};

describe('formatExportCsvLine', () => {
	it('writes one figure in long format, with its status in words and its upload', () => {
		expect(formatExportCsvLine(ROW)).toBe(
			'P1.01,Adults entering MSVCC support,SA,Salvation Army,HULL,2024-25 Q1,value,4,approved,Late return,3,file,2024-07-10T09:00:00.000Z,7\r\n'
		);
	});

	it.each([
		['=', '=HYPERLINK("http://x","click")', `"'=HYPERLINK(""http://x"",""click"")"`],
		['+', '+44 1482 000000', "'+44 1482 000000"],
		['-', '-2+3', "'-2+3"],
		['@', '@SUM(A1)', "'@SUM(A1)"],
		['tab', '\t=1', `"'\t=1"`],
		['carriage return', '\r=1', `"'\r=1"`]
	])('neutralises a comment that starts with %s', (_name, comment, cell) => {
		const line = formatExportCsvLine({ ...ROW, comment });
		expect(line).toBe(
			`P1.01,Adults entering MSVCC support,SA,Salvation Army,HULL,2024-25 Q1,value,4,approved,${cell},3,file,2024-07-10T09:00:00.000Z,7\r\n`
		);
	});

	it('neutralises names as well as comments', () => {
		const line = formatExportCsvLine({ ...ROW, partnerName: '=cmd|calc', metricName: '@x' });
		expect(line).toContain(",'@x,SA,'=cmd|calc,");
	});

	it('writes a figure hidden from the reader as [c], never the number', () => {
		const line = formatExportCsvLine({ ...ROW, value: null, suppressed: true });
		expect(line).toContain(',value,[c],approved,');
		expect(line).not.toContain(',4,');
	});

	it('leaves the value empty for a figure not collected, and writes a negative number as a number', () => {
		expect(formatExportCsvLine({ ...ROW, kind: 'not_collected', value: null })).toContain(
			',not_collected,,approved,'
		);
		expect(formatExportCsvLine({ ...ROW, value: -2.5 })).toContain(',value,-2.5,approved,');
	});

	it('writes "not started" for a status stored as not_started', () => {
		expect(formatExportCsvLine({ ...ROW, submissionStatus: 'not_started' })).toContain(
			',not started,'
		);
	});
});

describe('formatExportCsv', () => {
	it('starts with a byte-order mark and the header, then a line per figure', () => {
		const csv = [...formatExportCsv([ROW, { ...ROW, area: 'ERY' }])].join('');
		const lines = csv.split('\r\n');
		expect(lines[0]).toBe(
			'\uFEFFmetric_code,metric_name,partner_code,partner_name,area,period,kind,value,submission_status,comment,upload_id,source,uploaded_at,revision_id'
		);
		expect(lines).toHaveLength(4);
		expect(lines[3]).toBe('');
	});
});

describe('formatExportJson', () => {
	const suppression = { symbol: '[c]', note: 'note' };

	it('writes a JSON document with the suppression key and every figure', () => {
		const json = [
			...formatExportJson([ROW, { ...ROW, value: null, suppressed: true }], suppression)
		].join('');
		const parsed = JSON.parse(json) as { suppression: unknown; values: ExportedValue[] };
		expect(parsed.suppression).toEqual(suppression);
		expect(parsed.values).toEqual([ROW, { ...ROW, value: null, suppressed: true }]);
	});

	it('writes an empty list when nothing matches', () => {
		expect(JSON.parse([...formatExportJson([], suppression)].join(''))).toEqual({
			suppression,
			values: []
		});
	});
});
