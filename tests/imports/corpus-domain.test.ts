/**
 * The hostile-CSV corpus through the domain door: `services.imports.importFile`, as the upload
 * page, the API and the CLI all call it. Every case is a dry run against the demo database; the
 * commit tests below use partners the corpus does not, so the order of the tests does not matter
 * to the corpus's expectations.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Principal } from '../../src/core/access.js';
import type { Framework } from '../../src/core/framework.js';
import { ImportTargetError, type FileImportRequest } from '../../src/imports/import-service.js';
import { createServices } from '../../src/services.js';
import { buildTestApp, createTestUser, type TestApp } from '../helpers/build-app.js';
import { comparableSummary, loadCsvCorpus, type CorpusCase } from '../helpers/csv-corpus.js';

const corpus = loadCsvCorpus();

let t: TestApp;
let fw: Framework;
const principals = new Map<string, Principal>();

beforeAll(async () => {
	t = await buildTestApp({ seed: 'demo' });
	fw = t.services.framework.load();
	const coordinator = await createTestUser(t.services, 'coordinator');
	principals.set('coordinator', {
		kind: 'user',
		userId: coordinator.id,
		role: 'coordinator',
		partnerId: null,
		label: coordinator.email
	});
	const partnerCodes = new Set(['NELC', 'NLC', 'ERYC']);
	for (const c of corpus) if (c.as.startsWith('partner:')) partnerCodes.add(c.as.slice(8));
	for (const code of partnerCodes) {
		const user = await createTestUser(t.services, 'partner', { partner: code });
		principals.set(`partner:${code}`, {
			kind: 'user',
			userId: user.id,
			role: 'partner',
			partnerId: user.partnerId,
			label: user.email
		});
	}
});

afterAll(async () => {
	await t?.close();
});

function principalFor(as: string): Principal {
	const principal = principals.get(as);
	if (!principal) throw new Error(`No test principal for ${as}`);
	return principal;
}

function request(
	as: string,
	bytes: Buffer,
	options: { partner?: string | null; period?: string | null; dryRun?: boolean } = {}
): FileImportRequest {
	return {
		principal: principalFor(as),
		framework: fw,
		partnerCode: options.partner ?? null,
		period: options.period ?? null,
		dryRun: options.dryRun ?? true,
		source: 'file',
		ip: '127.0.0.1',
		bytes,
		fileName: 'figures.csv',
		contentType: 'text/csv'
	};
}

function runCase(c: CorpusCase, dryRun = true) {
	return t.services.imports.importFile({
		...request(c.as, c.bytes(t.services.config.maxUploadBytes), {
			partner: c.partner,
			period: c.period,
			dryRun
		}),
		fileName: c.fileName
	});
}

function countRows(): Record<'figures' | 'revisions' | 'uploads', number> {
	const db = t.services.db.$client;
	const count = (table: string) =>
		(db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
	return {
		figures: count('figures'),
		revisions: count('figure_revisions'),
		uploads: count('uploads')
	};
}

interface FigureRow {
	id: number;
	kind: string;
	value: number | null;
	comment: string;
	currentRevisionId: number;
}

interface RevisionRow {
	id: number;
	kind: string;
	value: number | null;
	uploadId: number;
	sourceRow: number | null;
	previousRevisionId: number | null;
}

function currentFigure(partner: string, metric: string, area: string): FigureRow | undefined {
	return t.services.db.$client
		.prepare(
			`select f.id, f.kind, f.value, f.comment, f.current_revision_id as currentRevisionId
			 from figures f join partners p on p.id = f.partner_id join metrics m on m.id = f.metric_id
			 where p.code = ? and m.code = ? and f.area_code = ? and f.year = 2026 and f.quarter = 2`
		)
		.get(partner, metric, area) as FigureRow | undefined;
}

function revisionsOf(partner: string, metric: string, area: string): RevisionRow[] {
	return t.services.db.$client
		.prepare(
			`select r.id, r.kind, r.value, r.upload_id as uploadId, r.source_row as sourceRow,
			        r.previous_revision_id as previousRevisionId
			 from figure_revisions r join partners p on p.id = r.partner_id
			 join metrics m on m.id = r.metric_id
			 where p.code = ? and m.code = ? and r.area_code = ? and r.year = 2026 and r.quarter = 2
			 order by r.id`
		)
		.all(partner, metric, area) as RevisionRow[];
}

function csv(lines: string[]): Buffer {
	return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

describe('the hostile-CSV corpus through importFile (dry runs)', () => {
	it('has at least 45 cases, each with a description and a distinct number', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(45);
		const numbers = corpus.map((c) => c.name.slice(0, 2));
		expect(new Set(numbers).size).toBe(numbers.length);
		for (const c of corpus) expect(c.description.length).toBeGreaterThan(20);
	});

	it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
		const result = runCase(c);
		expect(result.summary.dryRun).toBe(true);
		expect(result.uploadId).toBeNull();
		expect(comparableSummary(result.summary)).toEqual(c.expected);
		// A rejected file plans no changes; an accepted one plans one per figure it holds.
		const figures = c.expected.created + c.expected.updated + c.expected.unchanged;
		expect(result.summary.changes).toHaveLength(c.expected.ok ? figures : 0);
	});

	it('stores nothing for any dry run', () => {
		const before = countRows();
		for (const c of corpus) runCase(c);
		expect(countRows()).toEqual(before);
	});
});

describe('committing figures', () => {
	it('gives the same summary for the dry run and the commit, and changes nothing the second time', () => {
		// The corpus's valid file from a partner with nothing yet for the quarter (the dry runs
		// above have all run by now, so committing it cannot change what they expect).
		const valid = corpus.find((c) => c.name === '01-valid-partner-file-creates')!;
		expect(valid.expected).toMatchObject({ ok: true, created: 10 });
		const dry = runCase(valid);
		const first = runCase(valid, false);
		expect(comparableSummary(first.summary)).toEqual(valid.expected);
		expect({ ...first.summary, dryRun: true }).toEqual(dry.summary);
		expect(first.uploadId).not.toBeNull();

		const before = countRows();
		const second = runCase(valid, false);
		expect(comparableSummary(second.summary)).toEqual({
			...valid.expected,
			created: 0,
			unchanged: 10
		});
		expect(second.summary.changes.every((c) => c.type === 'unchanged')).toBe(true);
		expect(second.uploadId).toBeNull();
		expect(countRows()).toEqual(before);
		// Nothing stored, but the second sending is on record.
		const entry = t.services.db.$client
			.prepare(
				`select outcome, detail from audit_log where action = 'figures.import-unchanged'
				order by id desc limit 1`
			)
			.get();
		expect(entry).toEqual({ outcome: 'success', detail: 'unchanged: nothing stored' });
	});

	it('keeps every revision: the new one points at its upload and at the one it replaces', () => {
		const fileA = csv(['metric_code,area,value,comment', 'P4.07,NEL,15,First count']);
		const fileB = csv([
			'metric_code,area,value,comment',
			'P1.06,NEL,2,',
			'P4.07,NEL,17,Two late referrals added'
		]);
		const a = t.services.imports.importFile(
			request('partner:NELC', fileA, { period: '2026-27 Q2', dryRun: false })
		);
		expect(a.summary.ok).toBe(true);
		const afterA = currentFigure('NELC', 'P4.07', 'NEL')!;
		const revisionA = revisionsOf('NELC', 'P4.07', 'NEL').find(
			(r) => r.id === afterA.currentRevisionId
		)!;
		expect(revisionA).toMatchObject({ value: 15, uploadId: a.uploadId, sourceRow: 2 });

		const b = t.services.imports.importFile(
			request('partner:NELC', fileB, { period: '2026-27 Q2', dryRun: false })
		);
		expect(b.summary.ok).toBe(true);
		expect(b.summary.changes.find((c) => c.metricCode === 'P4.07')).toMatchObject({
			type: 'updated',
			before: { kind: 'value', value: 15, comment: 'First count' },
			after: { kind: 'value', value: 17, comment: 'Two late referrals added' }
		});
		const afterB = currentFigure('NELC', 'P4.07', 'NEL')!;
		expect(afterB).toMatchObject({ kind: 'value', value: 17, comment: 'Two late referrals added' });
		const revisions = revisionsOf('NELC', 'P4.07', 'NEL');
		const revisionB = revisions.find((r) => r.id === afterB.currentRevisionId)!;
		expect(revisionB).toMatchObject({
			value: 17,
			uploadId: b.uploadId,
			sourceRow: 3,
			previousRevisionId: revisionA.id
		});
		// The old revision is kept as it was.
		expect(revisions.find((r) => r.id === revisionA.id)).toEqual(revisionA);

		const upload = t.services.db.$client
			.prepare(
				`select content, sha256, byte_size as byteSize, file_name as fileName, ip,
				        uploaded_by_user_id as userId, uploaded_at as uploadedAt
				 from uploads where id = ?`
			)
			.get(b.uploadId) as {
			content: Buffer;
			sha256: string;
			byteSize: number;
			fileName: string;
			ip: string;
			userId: number;
			uploadedAt: string;
		};
		expect(Buffer.compare(upload.content, fileB)).toBe(0);
		expect(upload.sha256).toBe(createHash('sha256').update(fileB).digest('hex'));
		expect(upload).toMatchObject({
			byteSize: fileB.length,
			fileName: 'figures.csv',
			ip: '127.0.0.1',
			userId: (principalFor('partner:NELC') as { userId: number }).userId,
			uploadedAt: t.services.now().toISOString()
		});
	});

	it('stores nothing at all when one row of the file is wrong', () => {
		const file = csv([
			'metric_code,area,value,comment',
			'P1.06,ERY,3,',
			'P3.04,ERY,51,',
			'P4.02,ERY,#N/A,',
			'P4.07,ERY,16,'
		]);
		const before = countRows();
		const figureBefore = currentFigure('ERYC', 'P3.04', 'ERY');
		const result = t.services.imports.importFile(
			request('partner:ERYC', file, { period: '2026-27 Q2', dryRun: false })
		);
		expect(result.summary).toMatchObject({
			ok: false,
			dryRun: false,
			created: 0,
			updated: 0,
			unchanged: 0,
			changes: []
		});
		expect(result.summary.errors.map((e) => [e.row, e.code])).toEqual([[4, 'spreadsheet-error']]);
		expect(result.uploadId).toBeNull();
		expect(countRows()).toEqual(before);
		expect(currentFigure('ERYC', 'P3.04', 'ERY')).toEqual(figureBefore);
	});

	it('keeps both of two commits started together, the second one last', async () => {
		const first = csv(['metric_code,area,value,comment', 'P5.04,NL,3,From the first file']);
		const second = csv(['metric_code,area,value,comment', 'P5.04,NL,4,From the second file']);
		const revisionsBefore = revisionsOf('NLC', 'P5.04', 'NL');
		// A second connection to the same database file, as a second process would have.
		const other = createServices(t.services.config, { now: t.services.now });
		try {
			const [a, b] = await Promise.all([
				Promise.resolve().then(() =>
					t.services.imports.importFile(
						request('partner:NLC', first, { period: '2026-27 Q2', dryRun: false })
					)
				),
				Promise.resolve().then(() =>
					other.imports.importFile({
						...request('partner:NLC', second, { period: '2026-27 Q2', dryRun: false }),
						framework: other.framework.load()
					})
				)
			]);
			expect(a.summary.ok).toBe(true);
			expect(b.summary.ok).toBe(true);
			expect(a.summary.created + a.summary.updated).toBe(1);
			expect(b.summary.updated).toBe(1);

			expect(currentFigure('NLC', 'P5.04', 'NL')).toMatchObject({
				kind: 'value',
				value: 4,
				comment: 'From the second file'
			});
			const revisions = revisionsOf('NLC', 'P5.04', 'NL');
			expect(revisions).toHaveLength(revisionsBefore.length + 2);
			const [fromA, fromB] = revisions.slice(-2);
			expect(fromA).toMatchObject({ value: 3, uploadId: a.uploadId });
			expect(fromB).toMatchObject({
				value: 4,
				uploadId: b.uploadId,
				previousRevisionId: fromA!.id
			});
			expect(fromA!.previousRevisionId).toBe(revisionsBefore.at(-1)?.id ?? null);
		} finally {
			other.close();
		}
	});
});

describe('whose figures an upload may carry', () => {
	it('tells a partner asking for another partner nothing about whether it exists', () => {
		const file = csv(['metric_code,area,value', 'P1.06,HULL,4']);
		const refusal = (partner: string) => {
			try {
				t.services.imports.importFile(
					request('partner:HP', file, { partner, period: '2026-27 Q2' })
				);
			} catch (error) {
				expect(error).toBeInstanceOf(ImportTargetError);
				return (error as ImportTargetError).target;
			}
			throw new Error(`An upload for ${partner} was not refused.`);
		};
		const real = refusal('HCC');
		const madeUp = refusal('ZZZ');
		expect(real).toMatchObject({ ok: false, status: 404, code: 'not-found' });
		expect(madeUp).toMatchObject({ ok: false, status: 404, code: 'not-found' });
		expect(real.message.replace('HCC', 'ZZZ')).toBe(madeUp.message);
	});

	it('refuses a quarter label it cannot read before looking at the file', () => {
		expect(() =>
			t.services.imports.importFile(
				request('partner:HP', csv(['metric_code,value', 'P2.05,8']), { period: '2025 Q1' })
			)
		).toThrow(ImportTargetError);
	});
});
