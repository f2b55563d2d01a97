/**
 * The hostile-CSV corpus (tests/fixtures/csv/): files as they come out of Excel and partners' own
 * systems, each with a manifest saying who uploads it, for which partner and quarter, and the exact
 * summary the import must give. The domain, API and CLI tests all run these same cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ImportIssue, ImportSummary } from '../../src/core/import-issues.js';

export const CSV_CORPUS_DIR = fileURLToPath(new URL('../fixtures/csv/', import.meta.url));

/** A warning is compared by where it is and its code; its wording may be improved freely. */
export type ExpectedWarning = Pick<ImportIssue, 'row' | 'column' | 'code'>;

export interface ExpectedSummary {
	ok: boolean;
	rows: number;
	created: number;
	updated: number;
	unchanged: number;
	skipped: number;
	errors: ImportIssue[];
	warnings: ExpectedWarning[];
}

export interface CorpusCase {
	/** The manifest's name without `.json`, e.g. `07-semicolons`. */
	name: string;
	description: string;
	/** Who uploads it: the coordinator, or a partner's data lead (`partner:HP`). */
	as: 'coordinator' | `partner:${string}`;
	/** The partner chosen at upload (`?partner=` / `--partner`), if any. */
	partner: string | null;
	/** The quarter chosen at upload (`?period=` / `--period`), if any. */
	period: string | null;
	/** The file's exact bytes; a generated case is built to suit the limit in force. */
	bytes(maxBytes: number): Buffer;
	/** The name the file is uploaded under. */
	fileName: string;
	expected: ExpectedSummary;
}

interface Manifest {
	description: string;
	as: string;
	partner: string | null;
	period: string | null;
	file?: string;
	generate?: 'over-limit';
	expected: ExpectedSummary;
}

/** Every case, in file-name order. Throws on a malformed manifest, so a typo fails loudly. */
export function loadCsvCorpus(): CorpusCase[] {
	const manifests = readdirSync(CSV_CORPUS_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
	return manifests.map((manifestName) => {
		const name = manifestName.slice(0, -'.json'.length);
		const manifest = JSON.parse(
			readFileSync(join(CSV_CORPUS_DIR, manifestName), 'utf8')
		) as Manifest;
		const as = manifest.as;
		if (as !== 'coordinator' && !/^partner:[A-Z0-9]+$/.test(as)) {
			throw new Error(`${manifestName}: "as" must be "coordinator" or "partner:CODE"`);
		}
		if (typeof manifest.description !== 'string' || manifest.description === '') {
			throw new Error(`${manifestName}: "description" is required`);
		}
		const fileName = manifest.file ?? `${name}.csv`;
		let bytes: (maxBytes: number) => Buffer;
		if (manifest.generate === 'over-limit') {
			bytes = overLimitFile;
		} else if (manifest.generate !== undefined) {
			throw new Error(`${manifestName}: unknown "generate" ${String(manifest.generate)}`);
		} else {
			const data = readFileSync(join(CSV_CORPUS_DIR, fileName));
			bytes = () => Buffer.from(data);
		}
		return {
			name,
			description: manifest.description,
			as: as as CorpusCase['as'],
			partner: manifest.partner ?? null,
			period: manifest.period ?? null,
			bytes,
			fileName,
			expected: normaliseExpected(manifest.expected, manifestName)
		};
	});
}

/** The fields of a summary that the corpus pins down: not `changes`, not warning wording. */
export function comparableSummary(summary: ImportSummary): ExpectedSummary {
	return {
		ok: summary.ok,
		rows: summary.rows,
		created: summary.created,
		updated: summary.updated,
		unchanged: summary.unchanged,
		skipped: summary.skipped,
		errors: summary.errors.map((e) => ({
			row: e.row,
			column: e.column,
			value: e.value,
			code: e.code,
			message: e.message
		})),
		warnings: summary.warnings.map((w) => ({ row: w.row, column: w.column, code: w.code }))
	};
}

function normaliseExpected(expected: ExpectedSummary, manifestName: string): ExpectedSummary {
	if (expected === undefined || typeof expected.ok !== 'boolean') {
		throw new Error(`${manifestName}: "expected.ok" is required`);
	}
	return {
		ok: expected.ok,
		rows: expected.rows,
		created: expected.created,
		updated: expected.updated,
		unchanged: expected.unchanged,
		skipped: expected.skipped,
		errors: expected.errors ?? [],
		warnings: (expected.warnings ?? []).map((w) => ({ row: w.row, column: w.column, code: w.code }))
	};
}

/** A well-formed long-format file one kilobyte over the limit: the size alone rejects it. */
function overLimitFile(maxBytes: number): Buffer {
	const header = 'metric_code,area,value,comment\r\n';
	const line = 'P2.01,HULL,12,' + 'x'.repeat(100) + '\r\n';
	const target = maxBytes + 1024;
	const count = Math.ceil((target - header.length) / line.length);
	return Buffer.from(header + line.repeat(count), 'utf8');
}
