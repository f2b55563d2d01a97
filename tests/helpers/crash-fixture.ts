/**
 * The database the crash tests kill processes over: the benchmark's synthetic framework
 * (bench/fixture.ts: 60 partners, 2,000 figures a quarter, so a file can be large enough for its
 * commit to take a while), seeded, with a coordinator and one partner's API token, and closed
 * again so the processes under test are its only writers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';

import { writeBenchFixture, type BenchFixture } from '../../bench/fixture.js';
import { addQuarters, formatPeriodLabel, parsePeriodLabel } from '../../src/core/periods.js';
import { readConfig } from '../../src/config.js';
import { seedDatabase } from '../../src/db/seed.js';
import { createServices } from '../../src/services.js';
import { TEST_ACTOR, tempDatabasePath, type TempDatabasePath } from './build-app.js';

export interface CrashDatabase {
	database: TempDatabasePath;
	fixture: BenchFixture;
	coordinatorUserId: number;
	/** A bearer token for `tokenPartner`. */
	token: string;
	tokenPartner: string;
}

export function prepareCrashDatabase(
	rows: number,
	today: Date,
	tokenPartner = 'PT01'
): CrashDatabase {
	const database = tempDatabasePath();
	try {
		const fixture = writeBenchFixture(join(database.dir, 'framework'), rows, today);
		const read = readConfig({
			DATABASE_PATH: database.path,
			FIXTURES_DIR: fixture.dir,
			LOG_LEVEL: 'silent'
		});
		if (!read.ok) throw new Error(`Crash test configuration: ${read.problems.join(' ')}`);
		const services = createServices(read.config, { now: () => today });
		try {
			seedDatabase(services.db, { fixturesDir: fixture.dir, demo: false });
			const coordinator = services.auth.users.create({
				email: 'crash-coordinator@example.org',
				displayName: 'Crash test coordinator',
				role: 'coordinator',
				partnerId: null
			});
			const partner = services.framework.load().partners.find((p) => p.code === tokenPartner);
			if (!partner) throw new Error(`The crash test's framework has no partner ${tokenPartner}.`);
			const { token } = services.auth.createApiToken(
				{ partnerId: partner.id, name: 'crash test' },
				TEST_ACTOR
			);
			return { database, fixture, coordinatorUserId: coordinator.id, token, tokenPartner };
		} finally {
			services.close();
		}
	} catch (error) {
		database.remove();
		throw error;
	}
}

/**
 * One partner's figures for `quarters` quarters in a row, from the fixture's first quarter on:
 * that partner's rows of the fixture's file (header first, the comment last), repeated with each
 * quarter's label. A partner reports 35 figures a quarter in the synthetic framework, so a file
 * big enough for a long commit needs many quarters, more than the fixture's file needs to hold.
 */
export function partnerRows(
	fixture: BenchFixture,
	partnerCode: string,
	quarters: number
): string[][] {
	const parsed = Papa.parse<string[]>(readFileSync(fixture.csvPath, 'utf8'), {
		skipEmptyLines: 'greedy'
	});
	if (parsed.errors.length > 0)
		throw new Error(`The crash test's file does not parse: ${parsed.errors[0]!.message}`);
	const [header, ...rows] = parsed.data;
	const first = parsePeriodLabel(fixture.firstPeriod);
	if (!first.ok) throw new Error(first.message);
	const own = rows.filter((r) => r[0] === partnerCode && r[2] === fixture.firstPeriod);
	if (own.length === 0) throw new Error(`The crash test's file has no rows for ${partnerCode}.`);
	const out = [header!];
	for (let q = 0; q < quarters; q++) {
		const label = formatPeriodLabel(addQuarters(first.period, q));
		for (const r of own) out.push([r[0]!, r[1]!, label, ...r.slice(3)]);
	}
	return out;
}

/** The rows as a CSV file whose every row carries `comment` in its last column. */
export function csvWithComment(rows: string[][], comment: string): Buffer {
	const [header, ...data] = rows;
	return Buffer.from(
		Papa.unparse([header!, ...data.map((r) => [...r.slice(0, -1), comment])], { newline: '\r\n' }),
		'utf8'
	);
}
