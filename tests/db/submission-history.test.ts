import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import {
	createFiguresRepository,
	type FigureInput,
	type UploadMeta
} from '../../src/db/figures.js';
import { seedDatabase } from '../../src/db/seed.js';
import { createSubmissionHistory } from '../../src/db/submission-history.js';
import {
	HUMBER_FIXTURES,
	TEST_NOW,
	tempDatabasePath,
	type TempDatabasePath
} from '../helpers/build-app.js';

describe('revisionsForMetric', () => {
	let database: TempDatabasePath;
	let db: Db;
	const id = (sql: string) => db.$client.prepare(sql).pluck().get() as number;

	beforeEach(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		seedDatabase(db, { fixturesDir: HUMBER_FIXTURES, demo: false, today: TEST_NOW });
	});

	afterEach(() => {
		closeDatabase(db);
		database.remove();
	});

	it('lists every partner’s revisions of one metric for one quarter, oldest first, with their uploads', () => {
		const figures = createFiguresRepository(db);
		const history = createSubmissionHistory(db);
		const hp = id(`SELECT id FROM partners WHERE code = 'HP'`);
		const hcc = id(`SELECT id FROM partners WHERE code = 'HCC'`);
		const p208 = id(`SELECT id FROM metrics WHERE code = 'P2.08'`);
		const p201 = id(`SELECT id FROM metrics WHERE code = 'P2.01'`);
		const row = (
			partnerId: number,
			metricId: number,
			value: number,
			sourceRow: number,
			quarter: 1 | 2 = 1
		): FigureInput => ({
			metricId,
			partnerId,
			areaCode: 'HULL',
			year: 2025,
			quarter,
			kind: 'value',
			value,
			comment: '',
			sourceRow
		});
		const upload = (partnerId: number, fileName: string | null, at: string): UploadMeta => ({
			source: fileName ? 'file' : 'form',
			partnerId,
			fileName,
			contentType: fileName ? 'text/csv' : null,
			content: fileName ? Buffer.from('metric_code,value\n') : null,
			uploadedByUserId: null,
			actorLabel: `lead-${partnerId}@example.org`,
			ip: '',
			at
		});

		figures.commit(upload(hp, 'hp-q1.csv', '2025-07-10T09:00:00.000Z'), [
			row(hp, p208, 12, 2),
			row(hp, p201, 30, 3),
			row(hp, p208, 99, 4, 2)
		]);
		figures.commit(upload(hcc, null, '2025-07-11T09:00:00.000Z'), [row(hcc, p208, 4, 1)]);
		figures.commit(upload(hp, 'hp-q1-corrected.csv', '2025-07-20T09:00:00.000Z'), [
			row(hp, p208, 14, 7)
		]);

		const revisions = history.revisionsForMetric(p208, 2025, 1);
		expect(
			revisions.map((r) => ({
				partnerId: r.partnerId,
				value: r.value,
				fileName: r.fileName,
				hasFile: r.hasFile,
				row: r.sourceRow,
				source: r.source,
				by: r.actorLabel,
				at: r.createdAt
			}))
		).toEqual([
			{
				partnerId: hp,
				value: 12,
				fileName: 'hp-q1.csv',
				hasFile: true,
				row: 2,
				source: 'file',
				by: `lead-${hp}@example.org`,
				at: '2025-07-10T09:00:00.000Z'
			},
			{
				partnerId: hcc,
				value: 4,
				fileName: null,
				hasFile: false,
				row: 1,
				source: 'form',
				by: `lead-${hcc}@example.org`,
				at: '2025-07-11T09:00:00.000Z'
			},
			{
				partnerId: hp,
				value: 14,
				fileName: 'hp-q1-corrected.csv',
				hasFile: true,
				row: 7,
				source: 'file',
				by: `lead-${hp}@example.org`,
				at: '2025-07-20T09:00:00.000Z'
			}
		]);
		expect(revisions[2]!.previousRevisionId).toBe(revisions[0]!.id);
		expect(history.revisionsForMetric(p208, 2025, 3)).toEqual([]);
	});
});
