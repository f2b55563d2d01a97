/**
 * Loading the framework fixture and the demo figures. Each happens once per database: a second
 * start (or a second `seed`) finds them there and does nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';

import { generateDemoData } from '../core/demo-figures.js';
import {
	checkFrameworkFixture,
	FRAMEWORK_FILES,
	type FrameworkFixture
} from '../core/framework-fixture.js';
import { reportablePeriods } from '../core/dashboard.js';
import { formatPeriodLabel } from '../core/periods.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import { createFiguresRepository, type FigureInput } from './figures.js';
import { appMeta, metrics, partners, submissionEvents, submissions } from './schema.js';
import { hasFramework, seedFramework } from './seed-framework.js';

/** A fixture folder that cannot be loaded, with every problem found. */
export class FixtureError extends Error {
	override name = 'FixtureError';
	constructor(
		readonly dir: string,
		readonly problems: string[]
	) {
		super(`The framework in ${dir} cannot be loaded:\n- ${problems.join('\n- ')}`);
	}
}

export function readFrameworkFixture(dir: string): FrameworkFixture {
	const files = {} as Record<keyof typeof FRAMEWORK_FILES, unknown>;
	const problems: string[] = [];
	for (const [key, name] of Object.entries(FRAMEWORK_FILES) as [
		keyof typeof FRAMEWORK_FILES,
		string
	][]) {
		const path = join(dir, name);
		if (!existsSync(path)) {
			problems.push(`${name} is missing`);
			continue;
		}
		try {
			files[key] = JSON.parse(readFileSync(path, 'utf8'));
		} catch (error) {
			problems.push(`${name} is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (problems.length) throw new FixtureError(dir, problems);
	const checked = checkFrameworkFixture(files);
	if (!checked.ok) throw new FixtureError(dir, checked.problems);
	return checked.framework;
}

export interface SeedOutcome {
	framework: 'loaded' | 'already-there';
	demo: 'loaded' | 'already-there' | 'not-asked';
	returns?: number;
	figures?: number;
}

const DEMO_SEEDED_KEY = 'demo_seeded_at';

export function hasDemoData(db: Db): boolean {
	return db.select().from(appMeta).where(eq(appMeta.key, DEMO_SEEDED_KEY)).all().length > 0;
}

export function seedDatabase(
	db: Db,
	options: { fixturesDir: string; demo: boolean; today?: Date }
): SeedOutcome {
	const fixture = readFrameworkFixture(options.fixturesDir);
	const outcome: SeedOutcome = { framework: 'already-there', demo: 'not-asked' };
	if (!hasFramework(db)) {
		seedFramework(db, fixture);
		appendAudit(db, {
			actorLabel: 'system',
			action: 'framework.seed',
			detail: `Loaded ${fixture.metrics.length} metrics and ${fixture.partners.length} partners from ${options.fixturesDir}`
		});
		outcome.framework = 'loaded';
	}
	if (options.demo) {
		if (hasDemoData(db)) outcome.demo = 'already-there';
		else {
			const counts = seedDemoFigures(db, fixture, options.today ?? new Date());
			outcome.demo = 'loaded';
			Object.assign(outcome, counts);
		}
	}
	return outcome;
}

/**
 * Writes the demo returns through the same commit as uploads, then approves every quarter but
 * the latest, and returns one of the latest quarter's returns with a reason, so the review
 * workflow has something in each state.
 */
function seedDemoFigures(
	db: Db,
	fixture: FrameworkFixture,
	today: Date
): { returns: number; figures: number } {
	const strategy = fixture.strategy;
	const periods = reportablePeriods(strategy.startsOn, today);
	const demo = generateDemoData(fixture, periods, today);
	const partnerIds = new Map(
		db
			.select({ id: partners.id, code: partners.code })
			.from(partners)
			.all()
			.map((p) => [p.code, p.id])
	);
	const metricIds = new Map(
		db
			.select({ id: metrics.id, code: metrics.code })
			.from(metrics)
			.all()
			.map((m) => [m.code, m.id])
	);
	const figuresRepo = createFiguresRepository(db);
	const partnerNames = new Map(fixture.partners.map((p) => [p.code, p.name]));
	let figureCount = 0;

	db.transaction(() => {
		for (const ret of [...demo.returns].sort((a, b) =>
			a.submittedAt.localeCompare(b.submittedAt)
		)) {
			const partnerId = partnerIds.get(ret.partner)!;
			const inputs: FigureInput[] = ret.figures.map((f, i) => ({
				metricId: metricIds.get(f.metric)!,
				partnerId,
				areaCode: f.area,
				year: ret.period.year,
				quarter: ret.period.quarter,
				kind: f.kind,
				value: f.value,
				comment: f.comment,
				sourceRow: i + 2
			}));
			figuresRepo.commit(
				{
					source: 'seed',
					partnerId,
					fileName: `demo-${ret.partner.toLowerCase()}-${formatPeriodLabel(ret.period).replace(' ', '-').toLowerCase()}.csv`,
					contentType: null,
					content: null,
					uploadedByUserId: null,
					actorLabel: `${partnerNames.get(ret.partner)} (demo data)`,
					ip: '',
					at: ret.submittedAt
				},
				inputs
			);
			figureCount += inputs.length;
		}

		const latest = periods[periods.length - 1];
		if (latest) {
			const earlier = db
				.select()
				.from(submissions)
				.all()
				.filter((s) => s.year * 4 + s.quarter < latest.year * 4 + latest.quarter);
			for (const s of earlier) {
				const reviewedAt = new Date(
					new Date(s.lastSubmittedAt!).getTime() + 6 * 86_400_000
				).toISOString();
				db.update(submissions)
					.set({ status: 'approved', reviewedAt, version: s.version + 1, updatedAt: reviewedAt })
					.where(eq(submissions.id, s.id))
					.run();
				db.insert(submissionEvents)
					.values({
						submissionId: s.id,
						fromStatus: 'submitted',
						toStatus: 'approved',
						actorLabel: 'Partnership coordinator (demo data)',
						at: reviewedAt
					})
					.run();
			}
			const [toReturn] = db
				.select()
				.from(submissions)
				.where(
					and(
						eq(submissions.year, latest.year),
						eq(submissions.quarter, latest.quarter),
						inArray(submissions.partnerId, [...partnerIds.values()])
					)
				)
				.orderBy(submissions.lastSubmittedAt)
				.limit(1)
				.all();
			if (toReturn) {
				const reason =
					'The training figure is three times last quarter: please check whether it includes e-learning completions, which are counted separately.';
				const reviewedAt = new Date(
					Math.min(
						today.getTime() - 1_800_000,
						new Date(toReturn.lastSubmittedAt!).getTime() + 4 * 86_400_000
					)
				).toISOString();
				db.update(submissions)
					.set({
						status: 'returned',
						reason,
						reviewedAt,
						version: toReturn.version + 1,
						updatedAt: reviewedAt
					})
					.where(eq(submissions.id, toReturn.id))
					.run();
				db.insert(submissionEvents)
					.values({
						submissionId: toReturn.id,
						fromStatus: 'submitted',
						toStatus: 'returned',
						reason,
						actorLabel: 'Partnership coordinator (demo data)',
						at: reviewedAt
					})
					.run();
			}
		}
		db.insert(appMeta).values({ key: DEMO_SEEDED_KEY, value: new Date().toISOString() }).run();
		appendAudit(db, {
			actorLabel: 'system',
			action: 'demo.seed',
			detail: `Loaded ${demo.returns.length} demo returns (${figureCount} figures)`
		});
	});
	return { returns: demo.returns.length, figures: figureCount };
}
