/**
 * Properties of the importer (`services.imports.importFile`, every door's one function) over
 * generated files (fast-check): rows built from random mixes of good and hostile cells, BOMs,
 * NULs, UTF-16 and Windows-1252, formula prefixes, and plain random bytes. Whatever arrives, the
 * answer is a summary whose counts add up, or errors; a refused commit leaves every table as it
 * was but for the audit log's one refusal, and a commit that fails halfway stores nothing. On a
 * failure fast-check prints the seed and the smallest file it found.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Principal } from '../../src/core/access.js';
import type { Framework, Metric, Unit } from '../../src/core/framework.js';
import type { ImportSummary } from '../../src/core/import-issues.js';
import {
	formatFinancialYear,
	formatPeriodLabel,
	formatPeriodSlug,
	type Period
} from '../../src/core/periods.js';
import { buildTestApp, createTestUser, type TestApp } from '../helpers/build-app.js';

/** Each run is an import and a few table reads; this many take some 5 s on a quiet machine. */
const RUNS = { numRuns: 100 };

/** The tables an import writes to; a refused or failed commit must leave them exactly as they were. */
const DATA_TABLES = ['uploads', 'figures', 'figure_revisions', 'submissions', 'submission_events'];

let t: TestApp;
let fw: Framework;
let partner: Principal;
let reportable: { metric: Metric; areas: string[] }[];
let quarters: Period[];

beforeAll(async () => {
	t = await buildTestApp({ seed: 'framework' });
	fw = t.services.framework.load();
	const user = await createTestUser(t.services, 'partner', { partner: 'HP' });
	partner = t.services.auth.principalForUser(user);
	const hp = fw.partners.find((p) => p.code === 'HP')!;
	reportable = fw.metrics
		.filter((m) => m.status !== 'retired')
		.map((metric) => ({
			metric,
			areas: metric.reporters.filter((r) => r.partnerId === hp.id).map((r) => r.areaCode)
		}))
		.filter((r) => r.areas.length > 0);
	quarters = t.services.periods(fw).all;
});

afterAll(async () => {
	await t?.close();
});

// Every run starts from the same database: the import's own transaction nests as a savepoint.
beforeEach(() => {
	t.services.db.$client.exec('BEGIN');
});

afterEach(() => {
	t.services.db.$client.exec('ROLLBACK');
});

function importBytes(bytes: Buffer, dryRun = false) {
	return t.services.imports.importFile({
		principal: partner,
		framework: fw,
		partnerCode: null,
		period: null,
		dryRun,
		source: 'api',
		ip: '127.0.0.1',
		bytes,
		fileName: 'figures.csv',
		contentType: 'text/csv'
	}).summary;
}

function snapshot(tables: string[]): Record<string, unknown[]> {
	const db = t.services.db.$client;
	return Object.fromEntries(
		tables.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()])
	);
}

const countOf = (table: string) =>
	t.services.db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

interface AuditRow {
	action: string;
	outcome: string;
}
const auditRows = () =>
	t.services.db.$client
		.prepare('SELECT action, outcome FROM audit_log ORDER BY id')
		.all() as AuditRow[];

/** What every summary promises, good file or bad (SPEC §4 "Import semantics"). */
function expectCoherent(summary: ImportSummary): void {
	const { created, updated, unchanged, changes, errors } = summary;
	if (summary.ok) {
		expect(errors).toEqual([]);
		expect(changes.length).toBeGreaterThan(0);
		expect(created + updated + unchanged).toBe(changes.length);
		for (const type of ['created', 'updated', 'unchanged'] as const)
			expect(changes.filter((c) => c.type === type)).toHaveLength(summary[type]);
	} else {
		expect(errors.length).toBeGreaterThan(0);
		expect([created, updated, unchanged, changes.length]).toEqual([0, 0, 0, 0]);
	}
	for (const issue of [...errors, ...summary.warnings]) {
		expect(typeof issue.code).toBe('string');
		expect(issue.message).toMatch(/\S/);
	}
}

/**
 * Imports the file for real, and checks what was stored against the summary: everything it
 * counts when it is ok, and nothing but one audited refusal when it is not.
 */
function expectCommitMatchesSummary(bytes: Buffer): ImportSummary {
	const before = snapshot(DATA_TABLES);
	const auditBefore = auditRows();
	const summary = importBytes(bytes);
	expectCoherent(summary);
	if (summary.ok) {
		expect(countOf('figures')).toBe(before.figures!.length + summary.created);
		expect(countOf('figure_revisions')).toBe(
			before.figure_revisions!.length + summary.created + summary.updated
		);
	} else {
		expect(snapshot(DATA_TABLES)).toEqual(before);
		expect(auditRows()).toEqual([...auditBefore, { action: 'figures.import', outcome: 'refused' }]);
	}
	return summary;
}

// --- Generated files ----------------------------------------------------------------------------

/** Cells that spreadsheets, people and attackers put where a figure or a code belongs. */
const HOSTILE_CELLS = [
	'',
	' ',
	'=SUM(A1:A3)',
	"=cmd|' /C calc'!A0",
	'+1',
	'-1',
	'@SUM(1)',
	'\t=1',
	'#N/A',
	'#REF!',
	'NaN',
	'Infinity',
	'1e400',
	'0x10',
	'9007199254740993',
	'１２',
	'٣٤',
	'\u22125',
	'12%',
	'£12',
	'1,5',
	'3.5',
	'twelve',
	'TRUE',
	'01/04/2025',
	'a\u0000b',
	'\uFEFF12',
	'"',
	'Total',
	'2025 Q1',
	'2030-31 Q1',
	'P9.99',
	'NOWHERE',
	'São Paulo',
	'\u202Egnp.exe',
	'x'.repeat(300)
];
const hostileCell = fc.oneof(
	fc.constantFrom(...HOSTILE_CELLS),
	fc.string({ unit: 'binary', maxLength: 12 })
);

function goodValue(unit: Unit): fc.Arbitrary<string> {
	const number =
		unit === 'count'
			? fc.integer({ min: 0, max: 5000 }).map(String)
			: unit === 'percent'
				? fc.integer({ min: 0, max: 1000 }).map((n) => `${n / 10}%`)
				: unit === 'gbp'
					? fc.integer({ min: 0, max: 10_000_000 }).map((n) => `£${(n / 100).toFixed(2)}`)
					: fc.integer({ min: 0, max: 10_000 }).map((n) => String(n / 10));
	return fc.oneof(
		{ arbitrary: number, weight: 6 },
		{ arbitrary: fc.constantFrom('', 'nil', 'not collected', 'n/a'), weight: 1 }
	);
}

function goodPeriod(): fc.Arbitrary<string> {
	return fc
		.constantFrom(...quarters)
		.chain((p) =>
			fc.constantFrom(
				formatPeriodLabel(p),
				`Q${p.quarter} ${formatFinancialYear(p.year).replace('-', '/')}`,
				formatPeriodSlug(p).toUpperCase()
			)
		);
}

/** Mostly good cells, sometimes hostile ones: files that are nearly right are the hard cases. */
const mostly = (good: fc.Arbitrary<string>) =>
	fc.oneof({ arbitrary: good, weight: 30 }, { arbitrary: hostileCell, weight: 1 });

function row(): fc.Arbitrary<string[]> {
	return fc
		.constantFrom(...reportable)
		.chain(({ metric, areas }) =>
			fc.tuple(
				mostly(fc.mixedCase(fc.constant(metric.code))),
				mostly(fc.constantFrom(...areas)),
				mostly(goodPeriod()),
				mostly(goodValue(metric.unit)),
				fc.oneof(fc.constant(''), hostileCell, fc.string({ maxLength: 30 }))
			)
		);
}

/** A cell as CSV writes it, or (now and then) as a careless exporter does, unquoted. */
function csvCell(text: string, careless: boolean): string {
	if (careless || !/[",\r\n]/.test(text)) return text;
	return `"${text.replaceAll('"', '""')}"`;
}

const ENCODINGS = ['utf8', 'utf8-bom', 'utf16le-bom', 'windows-1252'] as const;

function encode(text: string, encoding: (typeof ENCODINGS)[number]): Buffer {
	switch (encoding) {
		case 'utf8':
			return Buffer.from(text, 'utf8');
		case 'utf8-bom':
			return Buffer.from(`\uFEFF${text}`, 'utf8');
		case 'utf16le-bom':
			return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		case 'windows-1252':
			// Only text that Windows-1252 can hold; the rest stays UTF-8, as a careless export would.
			return [...text].every((c) => c.charCodeAt(0) <= 0xff)
				? Buffer.from(text, 'latin1')
				: Buffer.from(text);
	}
}

const structuredFile = fc
	.record({
		header: fc.constantFrom(
			['metric_code', 'area', 'period', 'value', 'comment'],
			['Metric_Code', 'AREA', 'Period', 'Value', 'Comment'],
			['metric_code', 'area', 'period', 'value', 'comment', 'metric_code']
		),
		rows: fc.array(fc.constant(null), { minLength: 1, maxLength: 8 }),
		careless: fc.boolean(),
		lineEnd: fc.constantFrom('\r\n', '\n', '\r'),
		encoding: fc.constantFrom(...ENCODINGS),
		// Now and then a NUL somewhere: a file with one is refused as binary, whatever else it holds.
		nulAt: fc.oneof(
			{ arbitrary: fc.constant(null), weight: 15 },
			{ arbitrary: fc.nat(), weight: 1 }
		)
	})
	.chain(({ rows, ...rest }) =>
		fc.tuple(fc.constant(rest), fc.array(row(), { minLength: rows.length, maxLength: rows.length }))
	)
	.map(([{ header, careless, lineEnd, encoding, nulAt }, rows]) => {
		const lines = [header, ...rows].map((cells) =>
			cells.map((cell) => csvCell(cell, careless)).join(',')
		);
		let text = lines.join(lineEnd) + lineEnd;
		if (nulAt !== null) {
			const at = nulAt % text.length;
			text = `${text.slice(0, at)}\u0000${text.slice(at)}`;
		}
		// Unquoted, a quote, comma or line break in a cell changes where rows and cells end (a lone
		// quote runs on into the next rows), so the file no longer holds the rows generated.
		const rowsAsGenerated =
			!careless || rows.every((cells) => cells.every((c) => !/[",\r\n]/.test(c)));
		return {
			bytes: encode(text, encoding),
			headerIsLong: header.length === 5,
			rows: rows.length,
			rowsAsGenerated
		};
	});

const CSV_TOKENS = ['metric_code', 'value', 'area', 'period', ',', ';', '\t', '"', '\r\n', '\n'];
const csvishBytes = fc.oneof(
	fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
	fc
		.array(
			fc.oneof(fc.constantFrom(...CSV_TOKENS, ...HOSTILE_CELLS), fc.string({ maxLength: 6 })),
			{
				maxLength: 60
			}
		)
		.map((parts) => Buffer.from(parts.join(''), 'utf8')),
	// A workbook, a PDF or an image renamed .csv, with random bytes after the signature.
	fc
		.tuple(
			fc.constantFrom([0x50, 0x4b, 0x03, 0x04], [0x25, 0x50, 0x44, 0x46], [0x89, 0x50, 0x4e, 0x47]),
			fc.uint8Array({ maxLength: 200 })
		)
		.map(([magic, rest]) => Buffer.concat([Buffer.from(magic), Buffer.from(rest)]))
);

describe('importFile, on generated files', () => {
	it('has figures that HP reports and quarters to report them for', () => {
		expect(reportable.length).toBeGreaterThan(0);
		expect(quarters.length).toBeGreaterThan(0);
	});

	it('commits every good row of a nearly-right file, or refuses the file and stores nothing', () => {
		fc.assert(
			fc.property(structuredFile, ({ bytes, headerIsLong, rows, rowsAsGenerated }) => {
				const summary = expectCommitMatchesSummary(bytes);
				// In the long format each row is one figure or one skipped cell.
				if (summary.ok && headerIsLong && rowsAsGenerated) {
					expect(summary.rows).toBe(rows);
					expect(summary.changes.length + summary.skipped).toBe(rows);
				}
			}),
			RUNS
		);
	});

	it('answers random bytes, CSV-ish text and renamed binaries with a summary, never a throw', () => {
		fc.assert(
			fc.property(csvishBytes, (bytes) => void expectCommitMatchesSummary(bytes)),
			RUNS
		);
	});

	it('gives the same summary for a dry run as for the commit, and stores nothing', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					structuredFile.map((f) => f.bytes),
					csvishBytes
				),
				(bytes) => {
					const everything = [...DATA_TABLES, 'audit_log'];
					const before = snapshot(everything);
					const preview = importBytes(bytes, true);
					expectCoherent(preview);
					expect(snapshot(everything)).toEqual(before);
					const commit = importBytes(bytes, false);
					expect({ ...commit, dryRun: true }).toEqual(preview);
				}
			),
			RUNS
		);
	});
});

describe('importFile, when the database fails halfway through a commit', () => {
	afterEach(() => {
		t.services.db.$client.exec('DROP TRIGGER IF EXISTS temp.fail_midway');
	});

	it('stores none of the file: no upload, figure, revision or submission', () => {
		const good = fc
			.uniqueArray(
				fc
					.constantFrom(...reportable)
					.chain(({ metric, areas }) =>
						fc.tuple(fc.constant(metric.code), fc.constantFrom(...areas))
					),
				{ minLength: 2, maxLength: 10, selector: ([code, area]) => `${code}|${area}` }
			)
			.chain((keys) =>
				fc.tuple(
					fc.constant(keys),
					fc.constantFrom(...quarters),
					fc.integer({ min: 1, max: keys.length - 1 })
				)
			);
		fc.assert(
			fc.property(good, ([keys, quarter, failAt]) => {
				const lines = [
					'metric_code,area,period,value',
					...keys.map(([code, area]) => `${code},${area},${formatPeriodLabel(quarter)},1`)
				];
				// A disk that fails after `failAt` figures have been written, within the transaction.
				t.services.db.$client.exec(`
					CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON figure_revisions
					WHEN (SELECT count(*) FROM figure_revisions) >= ${failAt}
					BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;`);
				const before = snapshot(DATA_TABLES);
				expect(() => importBytes(Buffer.from(lines.join('\r\n')))).toThrow(/simulated failure/);
				expect(snapshot(DATA_TABLES)).toEqual(before);
				t.services.db.$client.exec('DROP TRIGGER temp.fail_midway');
			}),
			{ numRuns: 30 }
		);
	});
});
