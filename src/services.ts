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
	overviewHistoryPeriods,
	overviewHistoryQuarters,
	overviewQuarters,
	partnershipArea,
	priorityViewQuarters,
	reportablePeriods
} from './core/dashboard.js';
import {
	auditDisclosure,
	auditReaders,
	type AuditRole,
	type DisclosureAuditResult
} from './core/disclosure/audit-readers.js';
import {
	decideSuppression,
	unionOfDecisions,
	suppressOverview,
	suppressPriorityView,
	type SuppressionDecisions,
	type SuppressionReader
} from './core/dashboard-suppression.js';
import { dashboardFiguresFromAggregates } from './core/dashboard-figures.js';
import type { Area, Framework, Metric } from './core/framework.js';
import { buildMetricBreakdown } from './core/metric-view.js';
import { formatPeriodSlug, type Period } from './core/periods.js';
import { appendAudit, type AuditEntry } from './db/audit.js';
import { createAuditQueries } from './db/audit-queries.js';
import { createBoardReportQueries } from './db/board-reports.js';
import { closeDatabase, openDatabase, type Db } from './db/client.js';
import { createCommentaryQueries } from './db/commentary.js';
import { createCompletenessQueries } from './db/completeness-queries.js';
import { createDeadlineQueries } from './db/deadlines.js';
import { createDataVersion } from './db/data-version.js';
import { createReadinessCheck } from './db/readiness.js';
import { createFigureQueries } from './db/figure-queries.js';
import { createFiguresRepository } from './db/figures.js';
import { createFrameworkRepository } from './db/framework.js';
import { createFrameworkEditor } from './db/framework-edit.js';
import { createFundingStreamEditor } from './db/funding-stream-edit.js';
import { createPriorityEditor } from './db/priority-edit.js';
import { createReviewRepository } from './db/review.js';
import { createSubmissionHistory } from './db/submission-history.js';
import { createSubmissionQueries } from './db/submissions.js';
import { createValueQueries } from './db/value-queries.js';
import { createImportService } from './imports/import-service.js';
import { cacheFigureAggregates } from './services/cached-figure-queries.js';
import { createDataCache } from './services/data-cache.js';
import { createBoardReportService } from './reports/board-report-service.js';
import {
	withInvitations,
	withIssueMail,
	withReceipts,
	withReviewMail,
	type MailEventDeps
} from './mail/mail-events.js';
import { createMailService } from './mail/mail-service.js';

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
	const frameworkRepository = createFrameworkRepository(db);
	const dataCache = createDataCache({
		readVersion: createDataVersion(db),
		loadFramework: frameworkRepository.load,
		// A few dozen pages' aggregates and readers' decisions, each well under a megabyte.
		maxEntries: 64
	});
	const framework = { ...frameworkRepository, load: dataCache.framework };
	const figureQueries = cacheFigureAggregates(createFigureQueries(db), dataCache);
	const submissions = createSubmissionQueries(db);
	const completeness = createCompletenessQueries(db);
	const deadlines = createDeadlineQueries(db);
	const plainReview = createReviewRepository(db, now);
	const mail = createMailService({
		db,
		config,
		now,
		completeness,
		deadlines,
		waitingForReview: () => plainReview.queue(null).length
	});
	// Every event that sends mail queues it in its own transaction (mail/mail-events.ts).
	const mailEvents: MailEventDeps = {
		db,
		notifier: mail.notifier,
		framework: () => framework.load(),
		origin: config.origin,
		now,
		deadlines,
		passwordLinkTtlMs: DEFAULT_AUTH_SETTINGS.passwordLinkTtlMs
	};
	const figures = withReceipts(createFiguresRepository(db), mailEvents);
	const auth = withInvitations(
		createAuthService(db, now, DEFAULT_AUTH_SETTINGS, { sleep: options.sleep }),
		mailEvents
	);
	const review = withReviewMail(plainReview, mailEvents);
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

	/**
	 * The sensitive metrics' figures in every quarter a reader may choose, read once for all readers
	 * and kept until the data changes; the key names those quarters, which move on with the clock,
	 * not with the data. Null when there is nothing to read.
	 */
	function sensitiveFigures(fw: Framework) {
		const all = periods(fw).all;
		const first = all[0];
		const last = all[all.length - 1];
		const sensitive = fw.metrics.filter((m) => m.sensitive).map((m) => m.id);
		if (sensitive.length === 0 || !first || !last) return null;
		const span = `${formatPeriodSlug(first)}..${formatPeriodSlug(last)}`;
		return {
			span,
			figures: () =>
				dataCache.derived(fw, `sensitive-figures|${span}`, () =>
					figureQueries.findForMetrics(sensitive, first.year, last.year)
				)
		};
	}

	/**
	 * What is hidden from `reader` (dashboard-suppression.ts), decided over sensitiveFigures; they
	 * are read only when a sensitive figure might be hidden from this reader. The decisions are
	 * kept once per reader alike (the key is the whole reader) until the data changes.
	 */
	function suppressionDecisions(fw: Framework, reader: SuppressionReader): SuppressionDecisions {
		if (reader.audience)
			return unionOfDecisions(
				reader,
				reader.audience.map((member) => suppressionDecisions(fw, member))
			);
		const all = periods(fw).all;
		const sensitive = sensitiveFigures(fw);
		if (!reader.policy.applies || !sensitive)
			return decideSuppression({ framework: fw, figures: [], periods: all, reader });
		return dataCache.derived(fw, `suppression|${sensitive.span}|${JSON.stringify(reader)}`, () =>
			decideSuppression({ framework: fw, figures: sensitive.figures(), periods: all, reader })
		);
	}

	/**
	 * The disclosure audit (core/disclosure/audit-readers.ts) of what every page hides from each
	 * reader of `roles`, over every quarter a reader may choose; `only` narrows the findings.
	 */
	function disclosureAudit(
		fw: Framework,
		options: { roles?: readonly AuditRole[]; only?: Period[] } = {}
	): DisclosureAuditResult {
		const sensitive = sensitiveFigures(fw);
		const audit = () =>
			auditDisclosure({
				framework: fw,
				figures: sensitive?.figures() ?? [],
				periods: periods(fw).all,
				readers: auditReaders(fw, config.suppressionThreshold, options.roles),
				hiddenFor: (reader, metric) => suppressionDecisions(fw, reader).cellsFor(metric).hidden,
				only: options.only
			});
		// Kept until the data changes, like the decisions it checks: a report page asks each time.
		return sensitive
			? dataCache.derived(
					fw,
					`disclosure-audit|${sensitive.span}|${JSON.stringify(options)}`,
					audit
				)
			: audit();
	}

	/**
	 * A dashboard's figures for one area and the quarters it reads, aggregated in SQL: one query
	 * for every metric, however many partners and quarters there are.
	 */
	function dashboardFigures(metrics: Metric[], area: Area, quarters: Period[]) {
		const ids = metrics.filter((m) => m.status === 'active').map((m) => m.id);
		return dashboardFiguresFromAggregates(
			figureQueries.findAggregates(ids, area, quarters),
			quarters,
			figureQueries.hasAnyFigure
		);
	}

	/** The dashboards' figures as `reader` may see them (SPEC §6): hidden figures never leave here. */
	const dashboard = {
		overview(
			fw: Framework,
			period: Period,
			areaCode: string | undefined,
			reader: SuppressionReader
		) {
			const area = fw.areas.find((a) => a.code === areaCode) ?? partnershipArea(fw);
			const overview = buildOverview(
				fw,
				dashboardFigures(fw.metrics, area, overviewQuarters(period)),
				period,
				area
			);
			return suppressOverview(overview, suppressionDecisions(fw, reader));
		},
		/**
		 * The overview of `period` (last) and of the quarters before it (OVERVIEW_HISTORY_QUARTERS in
		 * all), for the sparklines and "what changed": one aggregate query for them all.
		 */
		overviewHistory(
			fw: Framework,
			period: Period,
			areaCode: string | undefined,
			reader: SuppressionReader
		) {
			const area = fw.areas.find((a) => a.code === areaCode) ?? partnershipArea(fw);
			const history = overviewHistoryPeriods(periods(fw).all, period);
			const figures = dashboardFigures(fw.metrics, area, overviewHistoryQuarters(history));
			const overviews = history.map((p) => buildOverview(fw, figures, p, area));
			const decisions = suppressionDecisions(fw, reader);
			return overviews.map((overview) => suppressOverview(overview, decisions));
		},
		priority(
			fw: Framework,
			priorityNumber: number,
			period: Period,
			areaCode: string | undefined,
			reader: SuppressionReader
		) {
			const priority = fw.priorities.find((p) => p.number === priorityNumber);
			if (!priority) return null;
			const area = fw.areas.find((a) => a.code === areaCode) ?? partnershipArea(fw);
			const shown = periods(fw).all;
			const view = buildPriorityView(
				fw,
				priority,
				dashboardFigures(
					fw.metrics.filter((m) => m.priorityId === priority.id),
					area,
					priorityViewQuarters(shown, period)
				),
				shown,
				period,
				area
			);
			return suppressPriorityView(view, suppressionDecisions(fw, reader));
		},
		/**
		 * Each of a priority's metrics in `period` by area and by partner (metric-view.ts), with the
		 * cells hidden from `reader`, from the same grids as the rest of the page.
		 */
		breakdowns(
			fw: Framework,
			priorityId: number,
			period: Period,
			area: Area,
			reader: SuppressionReader
		) {
			const metrics = fw.metrics.filter(
				(m) => m.priorityId === priorityId && m.status === 'active'
			);
			// The same for every reader: only what is hidden differs, and that is decided apart.
			const key = `breakdowns|${priorityId}|${formatPeriodSlug(period)}|${area.code}`;
			const breakdowns = dataCache.derived(fw, key, () => {
				const first = overviewQuarters(period)[0] ?? period;
				const rows = figureQueries.findForMetrics(
					metrics.map((m) => m.id),
					first.year,
					period.year
				);
				return metrics.map((metric) => buildMetricBreakdown(fw, metric, rows, period, area));
			});
			const decisions = suppressionDecisions(fw, reader);
			return metrics.map((metric, i) => ({
				metric,
				breakdown: breakdowns[i]!,
				hidden: decisions.cellsFor(metric).hidden
			}));
		}
	};

	const history = createSubmissionHistory(db);
	const commentary = createCommentaryQueries(db);
	const reports = createBoardReportService({
		dashboard,
		periods,
		figureQueries,
		completeness,
		commentary,
		boardReports: withIssueMail(createBoardReportQueries(db), mailEvents),
		history,
		suppressionThreshold: config.suppressionThreshold,
		disclosureAudit,
		now
	});

	return {
		config,
		db,
		now,
		framework,
		frameworkEdit: createFrameworkEditor(db, now),
		priorityEdit: createPriorityEditor(db),
		fundingStreamEdit: createFundingStreamEditor(db),
		figures,
		figureQueries,
		auth,
		submissions,
		history,
		completeness,
		deadlines,
		review,
		mail,
		commentary,
		reports,
		values: createValueQueries(db),
		imports,
		audit,
		auditLog: createAuditQueries(db),
		periods,
		dashboard,
		disclosureAudit,
		readiness: createReadinessCheck(db),
		/**
		 * A page's data, worked out from `framework` and the database, kept until the data changes
		 * (services/data-cache.ts). The key must name everything else the data depends on: the
		 * reader, the selection and the quarters that may be chosen.
		 */
		pageData: <T>(fw: Framework, key: string, compute: () => T): T =>
			dataCache.derived(fw, `page|${key}`, compute),
		close: () => closeDatabase(db)
	};
}

export type Services = ReturnType<typeof createServices>;
