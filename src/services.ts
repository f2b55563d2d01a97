/**
 * The composition root: the database is opened once here, and the same services are handed to
 * the API routes, the SvelteKit pages (through the request) and the CLI.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { createAuthService, DEFAULT_AUTH_SETTINGS } from './auth/auth-service.js';
import type { Sleep } from './auth/sign-in-delay.js';
import type { Config } from './config.js';
import {
	buildOverview,
	buildPriorityView,
	partnershipArea,
	reportablePeriods
} from './core/dashboard.js';
import type { Framework } from './core/framework.js';
import type { Period } from './core/periods.js';
import { appendAudit, type AuditEntry } from './db/audit.js';
import { createAuditQueries } from './db/audit-queries.js';
import { closeDatabase, openDatabase, type Db } from './db/client.js';
import { createFigureQueries } from './db/figure-queries.js';
import { createFiguresRepository } from './db/figures.js';
import { createFrameworkRepository } from './db/framework.js';
import { createSubmissionHistory } from './db/submission-history.js';
import { createSubmissionQueries } from './db/submissions.js';
import { createImportService } from './imports/import-service.js';

export interface Logger {
	info(obj: object | string, msg?: string): void;
	warn(obj: object | string, msg?: string): void;
	error(obj: object | string, msg?: string): void;
}

export interface ServicesOptions {
	now?: () => Date;
	/** How sign-in waits out its delay after failed attempts; tests skip or record it. */
	sleep?: Sleep;
}

export function createServices(config: Config, options: ServicesOptions = {}) {
	if (config.databasePathIsDefault) mkdirSync(dirname(config.databasePath), { recursive: true });
	const db: Db = openDatabase(config.databasePath);
	const now = options.now ?? (() => new Date());
	const framework = createFrameworkRepository(db);
	const figures = createFiguresRepository(db);
	const figureQueries = createFigureQueries(db);
	const auth = createAuthService(db, now, DEFAULT_AUTH_SETTINGS, { sleep: options.sleep });
	const submissions = createSubmissionQueries(db);
	const audit = (entry: AuditEntry) => appendAudit(db, entry);
	const imports = createImportService({
		figures,
		submissions,
		now,
		maxUploadBytes: config.maxUploadBytes,
		audit
	});

	/** The quarters that may be shown, oldest first, and the one shown when none is asked for. */
	function periods(fw: Framework): { all: Period[]; current: Period | null } {
		const all = reportablePeriods(fw.strategy.startsOn, now());
		return { all, current: all[all.length - 1] ?? null };
	}

	const dashboard = {
		overview(fw: Framework, period: Period, areaCode?: string) {
			const area = fw.areas.find((a) => a.code === areaCode) ?? partnershipArea(fw);
			return buildOverview(
				fw,
				figureQueries.findForYears(period.year - 1, period.year),
				period,
				area
			);
		},
		priority(fw: Framework, priorityNumber: number, period: Period, areaCode?: string) {
			const priority = fw.priorities.find((p) => p.number === priorityNumber);
			if (!priority) return null;
			const area = fw.areas.find((a) => a.code === areaCode) ?? partnershipArea(fw);
			const shown = periods(fw).all;
			const first = shown[0]?.year ?? period.year;
			return buildPriorityView(
				fw,
				priority,
				figureQueries.findForYears(first - 1, period.year),
				shown,
				period,
				area
			);
		}
	};

	return {
		config,
		db,
		now,
		framework,
		figures,
		figureQueries,
		auth,
		submissions,
		history: createSubmissionHistory(db),
		imports,
		audit,
		auditLog: createAuditQueries(db),
		periods,
		dashboard,
		close: () => closeDatabase(db)
	};
}

export type Services = ReturnType<typeof createServices>;
