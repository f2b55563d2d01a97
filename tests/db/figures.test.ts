import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FigureKind } from '../../src/core/framework.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import {
	createFiguresRepository,
	sha256Hex,
	type FigureInput,
	type FiguresRepository,
	type UploadMeta
} from '../../src/db/figures.js';
import { seedDatabase } from '../../src/db/seed.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

const WRITTEN_TABLES = [
	'uploads',
	'figures',
	'figure_revisions',
	'submissions',
	'submission_events',
	'audit_log'
];

const CSV = Buffer.from(
	'metric_code,area,value\r\nP2.01,HULL,17\r\nP2.01,ERY,22\r\nP2.02,HUMBER,nil\r\n'
);

describe('createFiguresRepository', () => {
	let database: TempDatabasePath;
	let db: Db;
	let repo: FiguresRepository;
	let hp: number;
	let p201: number;
	let p202: number;

	const id = (sql: string, ...params: unknown[]) =>
		db.$client
			.prepare(sql)
			.pluck()
			.get(...params) as number;
	const count = (table: string) => id(`SELECT count(*) FROM ${table}`);
	const counts = () => Object.fromEntries(WRITTEN_TABLES.map((t) => [t, count(t)]));

	type Row = 'P2.01 HULL' | 'P2.01 ERY' | 'P2.02 HUMBER';

	/** Humberside Police's return for 2025-26 Q1: two values and a nil return. */
	function hpReturn(changes: Partial<Record<Row, Partial<FigureInput>>> = {}): FigureInput[] {
		const figure = (
			metricId: number,
			areaCode: string,
			kind: FigureKind,
			value: number,
			sourceRow: number
		): FigureInput => ({
			metricId,
			partnerId: hp,
			areaCode,
			year: 2025,
			quarter: 1,
			kind,
			value,
			comment: '',
			sourceRow
		});
		const rows: Record<Row, FigureInput> = {
			'P2.01 HULL': figure(p201, 'HULL', 'value', 17, 2),
			'P2.01 ERY': figure(p201, 'ERY', 'value', 22, 3),
			'P2.02 HUMBER': figure(p202, 'HUMBER', 'nil', 0, 4)
		};
		return (Object.keys(rows) as Row[]).map((row) => ({ ...rows[row], ...changes[row] }));
	}

	function upload(overrides: Partial<UploadMeta> = {}): UploadMeta {
		return {
			source: 'file',
			partnerId: hp,
			fileName: 'hp-2025-26-q1.csv',
			contentType: 'text/csv',
			content: CSV,
			uploadedByUserId: null,
			actorLabel: 'data.lead@humberside.police.uk',
			ip: '192.0.2.10',
			at: '2025-07-21T09:30:00.000Z',
			...overrides
		};
	}

	function revisionsOf(metricId: number, areaCode: string) {
		return db.$client
			.prepare(
				`SELECT id, kind, value, upload_id AS uploadId, previous_revision_id AS previousRevisionId
				 FROM figure_revisions WHERE metric_id = ? AND partner_id = ? AND area_code = ? ORDER BY id`
			)
			.all(metricId, hp, areaCode);
	}

	function currentFigure(metricId: number, areaCode: string) {
		return db.$client
			.prepare(
				`SELECT kind, value, current_revision_id AS currentRevisionId FROM figures
				 WHERE metric_id = ? AND partner_id = ? AND area_code = ? AND year = 2025 AND quarter = 1`
			)
			.get(metricId, hp, areaCode);
	}

	beforeEach(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false, today: TEST_NOW });
		repo = createFiguresRepository(db);
		hp = id(`SELECT id FROM partners WHERE code = 'HP'`);
		p201 = id(`SELECT id FROM metrics WHERE code = 'P2.01'`);
		p202 = id(`SELECT id FROM metrics WHERE code = 'P2.02'`);
	});

	afterEach(() => {
		closeDatabase(db);
		database.remove();
	});

	it('stores the upload, a revision per figure and the current figures', () => {
		const result = repo.commit(upload(), hpReturn());
		expect(result).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
		expect(result.uploadId).toEqual(expect.any(Number));

		const stored = db.$client.prepare('SELECT * FROM uploads').get() as Record<string, unknown>;
		expect(stored).toMatchObject({
			id: result.uploadId,
			source: 'file',
			partner_id: hp,
			file_name: 'hp-2025-26-q1.csv',
			byte_size: CSV.length,
			sha256: sha256Hex(CSV),
			actor_label: 'data.lead@humberside.police.uk',
			ip: '192.0.2.10',
			rows: 3,
			created: 3,
			uploaded_at: '2025-07-21T09:30:00.000Z'
		});
		expect(Buffer.compare(stored.content as Buffer, CSV)).toBe(0);

		const [revision] = revisionsOf(p201, 'HULL');
		expect(revision).toEqual({
			id: expect.any(Number),
			kind: 'value',
			value: 17,
			uploadId: result.uploadId,
			previousRevisionId: null
		});
		expect(currentFigure(p201, 'HULL')).toEqual({
			kind: 'value',
			value: 17,
			currentRevisionId: (revision as { id: number }).id
		});
		expect(currentFigure(p202, 'HUMBER')).toMatchObject({ kind: 'nil', value: 0 });
		expect(count('figure_revisions')).toBe(3);

		const audit = db.$client
			.prepare(
				`SELECT actor_label, action, entity_type, entity_id, partner_id FROM audit_log WHERE action = 'figures.import'`
			)
			.all();
		expect(audit).toEqual([
			{
				actor_label: 'data.lead@humberside.police.uk',
				action: 'figures.import',
				entity_type: 'upload',
				entity_id: String(result.uploadId),
				partner_id: hp
			}
		]);
	});

	it('finds the same figures again all unchanged and writes nothing, not even an upload', () => {
		repo.commit(upload(), hpReturn());
		const before = counts();
		const again = repo.commit(upload({ at: '2025-07-22T10:00:00.000Z' }), hpReturn());
		expect(again).toMatchObject({ uploadId: null, created: 0, updated: 0, unchanged: 3 });
		expect(again.planned.map((p) => p.change.type)).toEqual([
			'unchanged',
			'unchanged',
			'unchanged'
		]);
		expect(counts()).toEqual(before);
	});

	it('keeps the old revision when a value changes and links the new one to it and its upload', () => {
		const first = repo.commit(upload(), hpReturn());
		const [original] = revisionsOf(p201, 'ERY') as { id: number }[];

		const second = repo.commit(
			upload({ at: '2025-08-02T14:00:00.000Z', fileName: 'hp-2025-26-q1-corrected.csv' }),
			hpReturn({ 'P2.01 ERY': { value: 25, comment: 'Late-recorded crimes added.' } })
		);
		expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
		expect(second.uploadId).not.toBe(first.uploadId);
		expect(second.planned[1]!.change).toEqual({
			type: 'updated',
			before: { kind: 'value', value: 22, comment: '', revisionId: original!.id }
		});

		const history = revisionsOf(p201, 'ERY');
		expect(history).toEqual([
			{
				id: original!.id,
				kind: 'value',
				value: 22,
				uploadId: first.uploadId,
				previousRevisionId: null
			},
			{
				id: expect.any(Number),
				kind: 'value',
				value: 25,
				uploadId: second.uploadId,
				previousRevisionId: original!.id
			}
		]);
		expect(currentFigure(p201, 'ERY')).toEqual({
			kind: 'value',
			value: 25,
			currentRevisionId: (history[1] as { id: number }).id
		});
		expect(revisionsOf(p201, 'HULL')).toHaveLength(1);
		expect(count('uploads')).toBe(2);
	});

	it('links each figure of a file larger than one insert statement to its own revision', () => {
		// More figures than a multi-row insert takes (500), and not a multiple of it.
		const many = (value: (i: number) => number): FigureInput[] =>
			Array.from({ length: 1_201 }, (_, i) => ({
				metricId: p201,
				partnerId: hp,
				areaCode: 'HULL',
				year: 1700 + Math.floor(i / 4),
				quarter: (i % 4) + 1,
				kind: 'value' as const,
				value: value(i),
				comment: '',
				sourceRow: i + 2
			}));
		const linked = (where: string) =>
			id(
				`SELECT count(*) FROM figures f JOIN figure_revisions r ON r.id = f.current_revision_id
				 WHERE r.metric_id = f.metric_id AND r.partner_id = f.partner_id
				   AND r.area_code = f.area_code AND r.year = f.year AND r.quarter = f.quarter
				   AND r.value = f.value AND ${where}`
			);

		const first = repo.commit(
			upload(),
			many((i) => i)
		);
		expect(first).toMatchObject({ created: 1_201, updated: 0, unchanged: 0 });
		expect(
			linked(`r.upload_id = ${first.uploadId} AND r.value = f.year * 4 + f.quarter - 6801`)
		).toBe(1_201);
		expect(linked(`r.source_row = r.value + 2`)).toBe(1_201);

		const second = repo.commit(
			upload({ at: '2025-08-02T14:00:00.000Z' }),
			many((i) => i + 0.5)
		);
		expect(second).toMatchObject({ created: 0, updated: 1_201, unchanged: 0 });
		expect(count('figure_revisions')).toBe(2_402);
		// Each new revision follows the one it replaced, for the same figure.
		expect(
			id(
				`SELECT count(*) FROM figure_revisions r JOIN figure_revisions p ON p.id = r.previous_revision_id
				 WHERE r.upload_id = ? AND p.upload_id = ? AND p.year = r.year AND p.quarter = r.quarter
				   AND p.value = r.value - 0.5`,
				second.uploadId,
				first.uploadId
			)
		).toBe(1_201);
		expect(linked(`r.upload_id = ${second.uploadId}`)).toBe(1_201);
	});

	it('treats a nil return, a figure not collected and a value as different figures', () => {
		repo.commit(upload(), hpReturn());
		const result = repo.commit(
			upload({ at: '2025-08-02T14:00:00.000Z' }),
			hpReturn({
				'P2.01 HULL': { kind: 'nil', value: 0 },
				'P2.01 ERY': { kind: 'not_collected', value: null },
				'P2.02 HUMBER': { kind: 'value', value: 0 }
			})
		);
		expect(result).toMatchObject({ created: 0, updated: 3, unchanged: 0 });
		expect(currentFigure(p201, 'HULL')).toMatchObject({ kind: 'nil', value: 0 });
		expect(currentFigure(p201, 'ERY')).toMatchObject({ kind: 'not_collected', value: null });
		expect(currentFigure(p202, 'HUMBER')).toMatchObject({ kind: 'value', value: 0 });
	});

	it('plans the same counts as a commit without writing anything', () => {
		repo.commit(upload(), hpReturn());
		const before = counts();
		const inputs = [
			...hpReturn({ 'P2.01 HULL': { value: 18 } }),
			{ ...hpReturn()[0]!, areaCode: 'NEL', value: 9, sourceRow: 5 }
		];

		const planned = repo.plan(inputs);
		const tally = (type: string) => planned.filter((p) => p.change.type === type).length;
		expect({
			created: tally('created'),
			updated: tally('updated'),
			unchanged: tally('unchanged')
		}).toEqual({
			created: 1,
			updated: 1,
			unchanged: 2
		});
		expect(counts()).toEqual(before);

		const committed = repo.commit(upload({ at: '2025-08-02T14:00:00.000Z' }), inputs);
		expect(committed).toMatchObject({ created: 1, updated: 1, unchanged: 2 });
		expect(committed.planned).toEqual(planned);
	});

	it('writes nothing at all when a later row fails', () => {
		const before = counts();
		const inputs = [
			...hpReturn(),
			// No metric has this id: the foreign key fails after the first rows are written.
			{ ...hpReturn()[0]!, metricId: 999_999, sourceRow: 5 }
		];
		expect(() => repo.commit(upload(), inputs)).toThrow(/FOREIGN KEY constraint failed/);
		expect(counts()).toEqual(before);
		expect(before).toEqual({
			uploads: 0,
			figures: 0,
			figure_revisions: 0,
			submissions: 0,
			submission_events: 0,
			audit_log: 1 // the framework.seed entry
		});
	});

	it("marks the partner's quarter submitted and records the change of status once", () => {
		repo.commit(upload(), hpReturn());
		const submission = () =>
			db.$client
				.prepare(
					`SELECT id, status, first_submitted_at AS first, last_submitted_at AS last, version
					 FROM submissions WHERE partner_id = ? AND year = 2025 AND quarter = 1`
				)
				.get(hp) as { id: number; status: string; first: string; last: string; version: number };
		const events = () =>
			db.$client
				.prepare(
					`SELECT from_status AS "from", to_status AS "to", actor_label AS actor, at
					 FROM submission_events WHERE submission_id = ? ORDER BY id`
				)
				.all(submission().id);

		expect(submission()).toMatchObject({
			status: 'submitted',
			first: '2025-07-21T09:30:00.000Z',
			last: '2025-07-21T09:30:00.000Z',
			version: 1
		});
		expect(events()).toEqual([
			{
				from: 'not_started',
				to: 'submitted',
				actor: 'data.lead@humberside.police.uk',
				at: '2025-07-21T09:30:00.000Z'
			}
		]);

		// A correction while still submitted moves the dates on but is not a change of status.
		repo.commit(
			upload({ at: '2025-08-02T14:00:00.000Z' }),
			hpReturn({ 'P2.01 HULL': { value: 18 } })
		);
		expect(submission()).toMatchObject({
			status: 'submitted',
			first: '2025-07-21T09:30:00.000Z',
			last: '2025-08-02T14:00:00.000Z',
			version: 2
		});
		expect(events()).toHaveLength(1);

		// Resubmitting after the coordinator returned it is a change of status again.
		db.$client
			.prepare(`UPDATE submissions SET status = 'returned' WHERE id = ?`)
			.run(submission().id);
		repo.commit(
			upload({ at: '2025-08-09T08:00:00.000Z' }),
			hpReturn({ 'P2.01 HULL': { value: 19 } })
		);
		expect(events()).toHaveLength(2);
		expect(events()[1]).toMatchObject({ from: 'returned', to: 'submitted' });
	});
});
