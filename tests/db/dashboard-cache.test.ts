import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Principal } from '../../src/core/access.js';
import {
	suppressionReaderFor,
	type ShownMetricSummary
} from '../../src/core/dashboard-suppression.js';
import type { Period } from '../../src/core/periods.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { createFiguresRepository, type FiguresRepository } from '../../src/db/figures.js';
import type { Services } from '../../src/services.js';
import { buildTestApp, partnerIdOf, testClock, type TestApp } from '../helpers/build-app.js';

/** The last complete quarter on TEST_NOW (23 November 2026): 2026-27 Q2. */
const QUARTER: Period = { year: 2026, quarter: 2 };
const THRESHOLD = 5;

const principal = (role: 'coordinator' | 'funder'): Principal => ({
	kind: 'user',
	userId: 1,
	role,
	partnerId: null,
	label: role
});
const coordinator = suppressionReaderFor(principal('coordinator'), THRESHOLD);
const funder = suppressionReaderFor(principal('funder'), THRESHOLD);

/**
 * The services keep the framework, the aggregates and the suppression decisions until the data
 * changes (services/data-cache.ts). Each test first reads the pages, so that what it checks next
 * would come from the cache if the change were missed.
 */
describe('the dashboards after the data changes', () => {
	let clock: ReturnType<typeof testClock>;
	let test: TestApp;
	let services: Services;
	/** A second connection to the same file, as the CLI opens while the server runs. */
	let cli: Db;
	let cliFigures: FiguresRepository;

	beforeEach(async () => {
		clock = testClock();
		test = await buildTestApp({ seed: 'framework', clock: clock.now });
		services = test.services;
		cli = openDatabase(services.config.databasePath);
		cliFigures = createFiguresRepository(cli);
	});

	afterEach(async () => {
		closeDatabase(cli);
		await test.close();
	});

	/** P1.07 (victims referred, a sensitive count the lead partner SA alone reports for HUMBER). */
	function victimsReferred(reader = coordinator, quarter = QUARTER): ShownMetricSummary {
		const fw = services.framework.load();
		const overview = services.dashboard.overview(fw, quarter, undefined, reader);
		return overview.priorities.flatMap((p) => p.metrics).find((m) => m.metric.code === 'P1.07')!;
	}

	function victimsReferredOnPriorityPage(reader = coordinator) {
		const fw = services.framework.load();
		const view = services.dashboard.priority(fw, 1, QUARTER, undefined, reader)!;
		return view.metrics.find((m) => m.metric.code === 'P1.07')!;
	}

	/** SA's figure for P1.07 in `quarter`, committed through `repo`. */
	function commitVictimsReferred(repo: FiguresRepository, value: number, quarter = QUARTER) {
		const fw = services.framework.load();
		repo.commit(
			{
				source: 'cli',
				partnerId: partnerIdOf(services, 'SA'),
				fileName: 'sa.csv',
				contentType: 'text/csv',
				content: Buffer.from(`metric_code,value\nP1.07,${value}\n`),
				uploadedByUserId: null,
				actorLabel: 'test',
				ip: '127.0.0.1'
			},
			[
				{
					metricId: fw.metrics.find((m) => m.code === 'P1.07')!.id,
					partnerId: partnerIdOf(services, 'SA'),
					areaCode: 'HUMBER',
					...quarter,
					kind: 'value',
					value,
					comment: '',
					sourceRow: 2
				}
			]
		);
	}

	it('keeps the same framework while nothing changes', () => {
		const first = services.framework.load();
		victimsReferred(funder);
		expect(services.framework.load()).toBe(first);
	});

	it('shows a figure committed through the services on the next overview', () => {
		expect(victimsReferred().progress.quarter.value).toBeNull();

		commitVictimsReferred(services.figures, 12);

		expect(victimsReferred().progress.quarter.value).toBe(12);
		expect(victimsReferred(funder).progress.quarter.value).toBe(12);
	});

	it('hides from the funder a figure that a commit through the services made small', () => {
		commitVictimsReferred(services.figures, 12);
		expect(victimsReferred(funder).suppressed.quarter).toBe(false);

		commitVictimsReferred(services.figures, 3);

		expect(victimsReferred(funder)).toMatchObject({
			progress: { quarter: { value: null }, yearToDate: { value: null } },
			suppressed: { quarter: true, yearToDate: true }
		});
		expect(victimsReferred().progress.quarter.value).toBe(3);
	});

	it('shows a figure committed by another connection (the CLI) on the next overview', () => {
		commitVictimsReferred(services.figures, 12);
		expect(victimsReferred().progress.quarter.value).toBe(12);
		expect(victimsReferred(funder).suppressed.quarter).toBe(false);

		commitVictimsReferred(cliFigures, 3);

		expect(victimsReferred().progress.quarter.value).toBe(3);
		expect(victimsReferred(funder)).toMatchObject({
			progress: { quarter: { value: null } },
			suppressed: { quarter: true }
		});
	});

	it('shows a figure committed by another connection on the next priority page', () => {
		commitVictimsReferred(services.figures, 12);
		expect(victimsReferredOnPriorityPage().progress.quarter.value).toBe(12);
		expect(victimsReferredOnPriorityPage(funder).series.at(-1)).toMatchObject({
			actual: 12,
			suppressed: false
		});

		commitVictimsReferred(cliFigures, 3);

		expect(victimsReferredOnPriorityPage().progress.quarter.value).toBe(3);
		expect(victimsReferredOnPriorityPage(funder).series.at(-1)).toMatchObject({
			actual: null,
			suppressed: true
		});
	});

	it('shows a target changed by another connection on the next overview', () => {
		// The fixture's 2026-27 target for P1.07 is 4 a year.
		expect(victimsReferred().progress.targets.annual).toBe(4);

		cli.$client
			.prepare(
				`update targets set value = 9
				where year = 2026 and metric_id = (select id from metrics where code = 'P1.07')`
			)
			.run();

		expect(victimsReferred().progress.targets.annual).toBe(9);
	});

	it('loads the framework again after a change written on the services’ own connection', () => {
		expect(victimsReferred().metric.name).not.toBe('Victims referred (renamed)');

		services.db.$client
			.prepare(`update metrics set name = 'Victims referred (renamed)' where code = 'P1.07'`)
			.run();

		expect(services.framework.load().metrics.find((m) => m.code === 'P1.07')!.name).toBe(
			'Victims referred (renamed)'
		);
		expect(victimsReferred().metric.name).toBe('Victims referred (renamed)');
	});

	it('hides a small figure in a quarter that became reportable since the funder last looked', () => {
		const next: Period = { year: 2026, quarter: 3 };
		commitVictimsReferred(services.figures, 3, next);
		expect(victimsReferred(funder).suppressed.quarter).toBe(false);

		// 2026-27 Q3 ends on 31 December; nothing in the database changes meanwhile.
		clock.advance(60 * 24 * 60 * 60 * 1000);

		expect(victimsReferred(funder, next)).toMatchObject({
			progress: { quarter: { value: null } },
			suppressed: { quarter: true }
		});
	});

	it('keeps each reader’s decisions apart: the partner that sent a small figure still sees it', () => {
		commitVictimsReferred(services.figures, 3);
		expect(victimsReferred(funder).suppressed.quarter).toBe(true);

		const sa = suppressionReaderFor(
			{
				kind: 'user',
				userId: 2,
				role: 'partner',
				partnerId: partnerIdOf(services, 'SA'),
				label: 'SA'
			},
			THRESHOLD
		);

		expect(victimsReferred(sa)).toMatchObject({
			progress: { quarter: { value: 3 } },
			suppressed: { quarter: false }
		});
	});
});
