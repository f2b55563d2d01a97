/**
 * The database the load test's server starts on: the framework and demo figures, signed-in users
 * of each kind, an API token for each uploading partner, and each partner's plan of returns for
 * the last complete quarter. Written here, before the server starts, because the users' sessions
 * and the tokens' secrets exist only where they are made; the server then finds everything in
 * the file. The clock is the real one, like the server's, so the sessions and the quarter agree.
 */
import Database from 'better-sqlite3';

import { readConfig } from '../../src/config.js';
import { formatPeriodLabel, type Period } from '../../src/core/periods.js';
import { seedDatabase } from '../../src/db/seed.js';
import { sha256Hex } from '../../src/db/figures.js';
import { createServices } from '../../src/services.js';
import { createTestApiToken, signedInUser } from '../helpers/build-app.js';
import {
	figureKey,
	planPartnerReturns,
	type PartnerPlan,
	type ReportedFigure,
	type StoredFigure
} from './partner-returns.js';

export interface UploadingPartner {
	id: number;
	code: string;
	authorization: string;
	plan: PartnerPlan;
	/** What the partner had stored for the quarter before the test. */
	before: { revisions: number; uploads: number };
}

export interface LoadFixture {
	period: Period;
	periodLabel: string;
	/** `cookie` header values. */
	cookies: { coordinator: string; funder: string; policePartner: string; hullPartner: string };
	partners: UploadingPartner[];
}

/**
 * Seeds `databasePath` and closes it again. `uploaders` partners are chosen among those whose
 * quarter is open (not approved), those with the most figures to report first.
 */
export async function writeLoadFixture(
	databasePath: string,
	uploaders: number
): Promise<LoadFixture> {
	const read = readConfig({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' });
	if (!read.ok) throw new Error(`Load test configuration: ${read.problems.join(' ')}`);
	const services = createServices(read.config);
	try {
		seedDatabase(services.db, { fixturesDir: read.config.fixturesDir, demo: true });
		const fw = services.framework.load();
		const period = services.periods(fw).current;
		if (!period) throw new Error('The demo strategy has no complete quarter yet to upload for.');
		const periodLabel = formatPeriodLabel(period);
		const locked = services.submissions.lockedKeys();

		const reported = new Map<number, ReportedFigure[]>();
		for (const metric of fw.metrics.filter((m) => m.status === 'active'))
			for (const r of metric.reporters)
				reported.set(r.partnerId, [
					...(reported.get(r.partnerId) ?? []),
					{ metricId: metric.id, metricCode: metric.code, areaCode: r.areaCode }
				]);
		const open = fw.partners
			.filter((p) => p.active && reported.has(p.id))
			.filter((p) => !locked.has(`${p.id}|${period.year}|${period.quarter}`))
			.sort((a, b) => reported.get(b.id)!.length - reported.get(a.id)!.length);
		if (open.length < uploaders)
			throw new Error(
				`The load test needs ${uploaders} partners that report figures and may still submit for ${periodLabel}; the demo data has ${open.length}.`
			);

		const sqlite = services.db.$client;
		const storedFor = sqlite.prepare<[number, number, number], StoredFigure & { key: string }>(
			`select metric_id || '|' || area_code as key, kind, value, comment from figures
			where partner_id = ? and year = ? and quarter = ?`
		);
		const revisionsFor = sqlite
			.prepare<[number, number, number], number>(
				'select count(*) from figure_revisions where partner_id = ? and year = ? and quarter = ?'
			)
			.pluck();
		const uploadsFor = sqlite
			.prepare<[number], number>(
				"select count(*) from uploads where partner_id = ? and source = 'api'"
			)
			.pluck();

		const partners = open.slice(0, uploaders).map((partner, seed): UploadingPartner => {
			const stored = new Map(
				storedFor
					.all(partner.id, period.year, period.quarter)
					.map(({ key, ...figure }) => [key, figure])
			);
			return {
				id: partner.id,
				code: partner.code,
				authorization: createTestApiToken(services, partner.code).authorization,
				plan: planPartnerReturns({
					partnerCode: partner.code,
					periodLabel,
					figures: reported.get(partner.id)!,
					stored,
					seed,
					sha256: sha256Hex
				}),
				before: {
					revisions: revisionsFor.get(partner.id, period.year, period.quarter)!,
					uploads: uploadsFor.get(partner.id)!
				}
			};
		});

		const cookies = {
			coordinator: (await signedInUser(services, 'coordinator')).cookie,
			funder: (await signedInUser(services, 'funder')).cookie,
			policePartner: (await signedInUser(services, 'partner', { partner: 'HP' })).cookie,
			hullPartner: (await signedInUser(services, 'partner', { partner: 'HCC' })).cookie
		};
		return { period, periodLabel, cookies, partners };
	} finally {
		services.close();
	}
}

export interface StoredForPartner {
	uploads: number;
	revisions: number;
	/** The current figures for the quarter: value by `metricId|areaCode`. */
	figures: Map<string, number | null>;
	/** The SHA-256 of each stored API upload, oldest first. */
	storedFiles: string[];
}

/**
 * What is stored for each partner for the quarter, and SQLite's integrity check, read from the
 * database file after the server has closed it.
 */
export function readStored(
	databasePath: string,
	partnerIds: number[],
	period: Period
): { integrity: string; byPartner: Map<number, StoredForPartner> } {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		const figures = db.prepare<
			[number, number, number],
			{ metric_id: number; area_code: string; value: number | null }
		>(
			'select metric_id, area_code, value from figures where partner_id = ? and year = ? and quarter = ?'
		);
		const revisions = db
			.prepare<[number, number, number], number>(
				'select count(*) from figure_revisions where partner_id = ? and year = ? and quarter = ?'
			)
			.pluck();
		const uploads = db
			.prepare<[number], string>(
				"select sha256 from uploads where partner_id = ? and source = 'api' order by id"
			)
			.pluck();
		const byPartner = new Map<number, StoredForPartner>();
		for (const id of partnerIds) {
			const files = uploads.all(id);
			byPartner.set(id, {
				uploads: files.length,
				revisions: revisions.get(id, period.year, period.quarter)!,
				figures: new Map(
					figures
						.all(id, period.year, period.quarter)
						.map((f) => [figureKey(f.metric_id, f.area_code), f.value])
				),
				storedFiles: files
			});
		}
		return { integrity: db.pragma('integrity_check', { simple: true }) as string, byPartner };
	} finally {
		db.close();
	}
}
