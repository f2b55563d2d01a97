/**
 * The whole data model. Conventions:
 * - A period is stored as two integers: `year`, the calendar year in which the financial year
 *   starts (2025 for 2025-26), and `quarter` 1–4 (Q1 = April to June). See core/periods.ts.
 * - Times are ISO 8601 UTC strings (`2025-07-30T09:12:00.000Z`); dates are `YYYY-MM-DD`.
 * - Money is stored in pounds as a real number; figures are stored in the metric's unit.
 * - Nothing that records what happened (uploads, figure revisions, submission events, commentary
 *   versions, the audit log) is ever updated or deleted; "current" rows point at the latest.
 */
import { sql } from 'drizzle-orm';
import {
	blob,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';

import {
	DIRECTIONS,
	FIGURE_KINDS,
	METRIC_STATUSES,
	PARTNER_AGGREGATIONS,
	PERIOD_AGGREGATIONS,
	ROLES,
	SECTORS,
	SUBMISSION_STATUSES,
	UNITS,
	UPLOAD_SOURCES
} from '../core/framework.js';

/** A UTC timestamp column that defaults to the moment the row is written. */
const timestamp = (name: string) =>
	text(name)
		.notNull()
		.default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const strategies = sqliteTable('strategies', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	partnership: text('partnership').notNull(),
	description: text('description').notNull().default(''),
	startsOn: text('starts_on').notNull(),
	endsOn: text('ends_on').notNull(),
	createdAt: timestamp('created_at')
});

export const priorities = sqliteTable(
	'priorities',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		strategyId: integer('strategy_id')
			.notNull()
			.references(() => strategies.id),
		number: integer('number').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default('')
	},
	(t) => [uniqueIndex('priorities_strategy_number_uq').on(t.strategyId, t.number)]
);

export const areas = sqliteTable('areas', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	population: integer('population').notNull(),
	populationSource: text('population_source').notNull().default(''),
	/** True for the one area that stands for the whole partnership (HUMBER). */
	partnershipWide: integer('partnership_wide', { mode: 'boolean' }).notNull().default(false),
	sortOrder: integer('sort_order').notNull().default(0)
});

export const partners = sqliteTable('partners', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	code: text('code').notNull().unique(),
	name: text('name').notNull(),
	sector: text('sector', { enum: SECTORS }).notNull(),
	areaCode: text('area_code')
		.notNull()
		.references(() => areas.code),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	createdAt: timestamp('created_at')
});

export const metrics = sqliteTable(
	'metrics',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		code: text('code').notNull().unique(),
		priorityId: integer('priority_id')
			.notNull()
			.references(() => priorities.id),
		name: text('name').notNull(),
		unit: text('unit', { enum: UNITS }).notNull(),
		direction: text('direction', { enum: DIRECTIONS }).notNull(),
		partnerAggregation: text('partner_aggregation', { enum: PARTNER_AGGREGATIONS }).notNull(),
		periodAggregation: text('period_aggregation', { enum: PERIOD_AGGREGATIONS }).notNull(),
		/** Fraction of the target within which a miss is amber rather than red (0.1 = 10 %). */
		amberTolerance: real('amber_tolerance').notNull().default(0.1),
		/** Small counts are suppressed for every role but the coordinator (SPEC §6). */
		sensitive: integer('sensitive', { mode: 'boolean' }).notNull().default(false),
		leadPartnerId: integer('lead_partner_id').references(() => partners.id),
		// The definitions register (SPEC §2): shown wherever the metric is, exported with it.
		definition: text('definition').notNull().default(''),
		countingRule: text('counting_rule').notNull().default(''),
		dataSource: text('data_source').notNull().default(''),
		owner: text('owner').notNull().default(''),
		caveats: text('caveats').notNull().default(''),
		/** A metric with figures is retired, never deleted, so stored figures keep their meaning. */
		status: text('status', { enum: METRIC_STATUSES }).notNull().default('active'),
		retiredAt: text('retired_at'),
		sortOrder: integer('sort_order').notNull().default(0),
		createdAt: timestamp('created_at')
	},
	(t) => [index('metrics_priority_idx').on(t.priorityId)]
);

/** Which partners report a metric, and for which areas (HUMBER for a partnership-wide figure). */
export const metricReporters = sqliteTable(
	'metric_reporters',
	{
		metricId: integer('metric_id')
			.notNull()
			.references(() => metrics.id),
		partnerId: integer('partner_id')
			.notNull()
			.references(() => partners.id),
		areaCode: text('area_code')
			.notNull()
			.references(() => areas.code)
	},
	(t) => [
		primaryKey({ columns: [t.metricId, t.partnerId, t.areaCode] }),
		index('metric_reporters_partner_idx').on(t.partnerId)
	]
);

/**
 * Targets per metric per financial year and area. `quarter` 0 holds the annual target; 1–4 hold
 * optional quarterly targets (a plain 0 rather than NULL so the unique index really is unique).
 */
export const targets = sqliteTable(
	'targets',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		metricId: integer('metric_id')
			.notNull()
			.references(() => metrics.id),
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull().default(0),
		areaCode: text('area_code')
			.notNull()
			.references(() => areas.code),
		value: real('value').notNull(),
		updatedAt: timestamp('updated_at')
	},
	(t) => [
		uniqueIndex('targets_metric_year_quarter_area_uq').on(t.metricId, t.year, t.quarter, t.areaCode)
	]
);

export const baselines = sqliteTable(
	'baselines',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		metricId: integer('metric_id')
			.notNull()
			.references(() => metrics.id),
		areaCode: text('area_code')
			.notNull()
			.references(() => areas.code),
		/** The financial year the baseline describes, e.g. 2023 for 2023-24. */
		year: integer('year').notNull(),
		value: real('value').notNull(),
		note: text('note').notNull().default('')
	},
	(t) => [uniqueIndex('baselines_metric_area_uq').on(t.metricId, t.areaCode)]
);

export const fundingStreams = sqliteTable('funding_streams', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	code: text('code').notNull().unique(),
	funder: text('funder').notNull(),
	name: text('name').notNull(),
	amountGbp: real('amount_gbp').notNull(),
	firstYear: integer('first_year').notNull(),
	lastYear: integer('last_year').notNull(),
	description: text('description').notNull().default('')
});

export const fundingStreamMetrics = sqliteTable(
	'funding_stream_metrics',
	{
		fundingStreamId: integer('funding_stream_id')
			.notNull()
			.references(() => fundingStreams.id),
		metricId: integer('metric_id')
			.notNull()
			.references(() => metrics.id)
	},
	(t) => [primaryKey({ columns: [t.fundingStreamId, t.metricId] })]
);

/** Deadlines that differ from the default (30 days after the quarter ends). */
export const quarterDeadlines = sqliteTable(
	'quarter_deadlines',
	{
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull(),
		deadline: text('deadline').notNull()
	},
	(t) => [primaryKey({ columns: [t.year, t.quarter] })]
);

export const users = sqliteTable('users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** Stored lower-cased so sign-in is case-insensitive. */
	email: text('email').notNull().unique(),
	displayName: text('display_name').notNull().default(''),
	role: text('role', { enum: ROLES }).notNull(),
	/** Set for partner users only: the one organisation whose figures they may see and change. */
	partnerId: integer('partner_id').references(() => partners.id),
	passwordHash: text('password_hash'),
	disabledAt: text('disabled_at'),
	lastSignInAt: text('last_sign_in_at'),
	createdAt: timestamp('created_at')
});

/** Sessions are looked up by the SHA-256 of the cookie token, so a database leak reveals none. */
export const sessions = sqliteTable(
	'sessions',
	{
		idHash: text('id_hash').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at'),
		lastSeenAt: text('last_seen_at').notNull(),
		expiresAt: text('expires_at').notNull(),
		ip: text('ip').notNull().default(''),
		userAgent: text('user_agent').notNull().default('')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const passwordLinks = sqliteTable('password_links', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	userId: integer('user_id')
		.notNull()
		.references(() => users.id),
	tokenHash: text('token_hash').notNull().unique(),
	expiresAt: text('expires_at').notNull(),
	usedAt: text('used_at'),
	createdByUserId: integer('created_by_user_id').references(() => users.id),
	createdAt: timestamp('created_at')
});

export const apiTokens = sqliteTable('api_tokens', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	partnerId: integer('partner_id')
		.notNull()
		.references(() => partners.id),
	name: text('name').notNull(),
	tokenHash: text('token_hash').notNull().unique(),
	/** The first characters of the token, shown so people can tell their tokens apart. */
	prefix: text('prefix').notNull(),
	createdByUserId: integer('created_by_user_id').references(() => users.id),
	createdAt: timestamp('created_at'),
	lastUsedAt: text('last_used_at'),
	revokedAt: text('revoked_at')
});

/** A signed, expiring link for one partner and one quarter, for partners without an account. */
export const submissionLinks = sqliteTable('submission_links', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	partnerId: integer('partner_id')
		.notNull()
		.references(() => partners.id),
	year: integer('year').notNull(),
	quarter: integer('quarter').notNull(),
	tokenHash: text('token_hash').notNull().unique(),
	expiresAt: text('expires_at').notNull(),
	revokedAt: text('revoked_at'),
	lastUsedAt: text('last_used_at'),
	createdByUserId: integer('created_by_user_id').references(() => users.id),
	createdAt: timestamp('created_at')
});

/** One row per partner per quarter once anything has happened; no row means "not started". */
export const submissions = sqliteTable(
	'submissions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		partnerId: integer('partner_id')
			.notNull()
			.references(() => partners.id),
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull(),
		status: text('status', { enum: SUBMISSION_STATUSES }).notNull().default('not_started'),
		firstSubmittedAt: text('first_submitted_at'),
		lastSubmittedAt: text('last_submitted_at'),
		reviewedAt: text('reviewed_at'),
		reviewedByUserId: integer('reviewed_by_user_id').references(() => users.id),
		/** Why the coordinator returned or reopened it; shown to the partner. */
		reason: text('reason'),
		/** Incremented on every change, so two reviewers acting at once cannot both win. */
		version: integer('version').notNull().default(1),
		updatedAt: timestamp('updated_at')
	},
	(t) => [
		uniqueIndex('submissions_partner_period_uq').on(t.partnerId, t.year, t.quarter),
		index('submissions_period_idx').on(t.year, t.quarter)
	]
);

export const submissionEvents = sqliteTable(
	'submission_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => submissions.id),
		fromStatus: text('from_status', { enum: SUBMISSION_STATUSES }).notNull(),
		toStatus: text('to_status', { enum: SUBMISSION_STATUSES }).notNull(),
		reason: text('reason'),
		actorUserId: integer('actor_user_id').references(() => users.id),
		actorLabel: text('actor_label').notNull(),
		at: timestamp('at')
	},
	(t) => [index('submission_events_submission_idx').on(t.submissionId)]
);

/**
 * Every committed batch of figures: an uploaded file (its exact bytes and SHA-256), a web form
 * entry, an API or CLI import, or the demo seed. Each figure revision points at the upload that
 * set it, so every chart point can be traced to its source.
 */
export const uploads = sqliteTable(
	'uploads',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		source: text('source', { enum: UPLOAD_SOURCES }).notNull(),
		/** Null when a coordinator's file covers several partners. */
		partnerId: integer('partner_id').references(() => partners.id),
		fileName: text('file_name'),
		contentType: text('content_type'),
		byteSize: integer('byte_size').notNull().default(0),
		sha256: text('sha256').notNull(),
		content: blob('content', { mode: 'buffer' }),
		uploadedByUserId: integer('uploaded_by_user_id').references(() => users.id),
		apiTokenId: integer('api_token_id').references(() => apiTokens.id),
		submissionLinkId: integer('submission_link_id').references(() => submissionLinks.id),
		/** Who, in words, for the history pages: an email, "API token …", "submission link …". */
		actorLabel: text('actor_label').notNull(),
		ip: text('ip').notNull().default(''),
		rows: integer('rows').notNull().default(0),
		created: integer('created').notNull().default(0),
		updated: integer('updated').notNull().default(0),
		unchanged: integer('unchanged').notNull().default(0),
		uploadedAt: timestamp('uploaded_at')
	},
	(t) => [
		index('uploads_partner_idx').on(t.partnerId, t.uploadedAt),
		index('uploads_sha256_idx').on(t.sha256)
	]
);

/**
 * The current figure for a partner, metric, area and quarter. No row means not reported yet.
 * `kind` says what the figure is: a `value`, a `nil` return (checked, none: counts as 0 and
 * says so) or `not_collected` (the partner does not hold it); `value` is null unless kind is
 * `value` or `nil`.
 */
export const figures = sqliteTable(
	'figures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		metricId: integer('metric_id')
			.notNull()
			.references(() => metrics.id),
		partnerId: integer('partner_id')
			.notNull()
			.references(() => partners.id),
		areaCode: text('area_code')
			.notNull()
			.references(() => areas.code),
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull(),
		kind: text('kind', { enum: FIGURE_KINDS }).notNull(),
		value: real('value'),
		comment: text('comment').notNull().default(''),
		currentRevisionId: integer('current_revision_id').notNull(),
		updatedAt: text('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('figures_key_uq').on(t.metricId, t.partnerId, t.areaCode, t.year, t.quarter),
		index('figures_period_metric_idx').on(t.year, t.quarter, t.metricId),
		index('figures_partner_period_idx').on(t.partnerId, t.year, t.quarter)
	]
);

/** Append-only history of every figure. */
export const figureRevisions = sqliteTable(
	'figure_revisions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		metricId: integer('metric_id')
			.notNull()
			.references(() => metrics.id),
		partnerId: integer('partner_id')
			.notNull()
			.references(() => partners.id),
		areaCode: text('area_code')
			.notNull()
			.references(() => areas.code),
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull(),
		kind: text('kind', { enum: FIGURE_KINDS }).notNull(),
		value: real('value'),
		comment: text('comment').notNull().default(''),
		uploadId: integer('upload_id')
			.notNull()
			.references(() => uploads.id),
		/** The row in the uploaded file, as the spreadsheet numbers it (header = 1). */
		sourceRow: integer('source_row'),
		previousRevisionId: integer('previous_revision_id'),
		createdAt: timestamp('created_at')
	},
	(t) => [
		index('figure_revisions_key_idx').on(t.metricId, t.partnerId, t.areaCode, t.year, t.quarter),
		index('figure_revisions_upload_idx').on(t.uploadId)
	]
);

/** Coordinator's narrative per priority per quarter; every save is a new version. */
export const commentary = sqliteTable(
	'commentary',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		priorityId: integer('priority_id')
			.notNull()
			.references(() => priorities.id),
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull(),
		body: text('body').notNull(),
		authorUserId: integer('author_user_id').references(() => users.id),
		createdAt: timestamp('created_at')
	},
	(t) => [index('commentary_priority_period_idx').on(t.priorityId, t.year, t.quarter)]
);

/** An issued board report: its figures frozen as JSON, so it can be reopened exactly as it was. */
export const boardReports = sqliteTable(
	'board_reports',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull(),
		issuedAt: timestamp('issued_at'),
		issuedByUserId: integer('issued_by_user_id').references(() => users.id),
		snapshot: text('snapshot', { mode: 'json' }).notNull()
	},
	(t) => [index('board_reports_period_idx').on(t.year, t.quarter)]
);

/**
 * Who did what, when, from where. Triggers in the migrations refuse UPDATE and DELETE, so the app
 * can only append to it.
 */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: timestamp('at'),
		actorUserId: integer('actor_user_id'),
		actorLabel: text('actor_label').notNull(),
		ip: text('ip').notNull().default(''),
		action: text('action').notNull(),
		outcome: text('outcome', { enum: ['success', 'failure', 'refused'] })
			.notNull()
			.default('success'),
		entityType: text('entity_type'),
		entityId: text('entity_id'),
		partnerId: integer('partner_id'),
		before: text('before', { mode: 'json' }),
		after: text('after', { mode: 'json' }),
		detail: text('detail').notNull().default('')
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_action_idx').on(t.action),
		index('audit_log_actor_idx').on(t.actorUserId)
	]
);

/** Small facts about this database, e.g. when the demo data were seeded. */
export const appMeta = sqliteTable('app_meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;

/**
 * The outbox: every email, written in the same transaction as what caused it and sent later by
 * the background sender (mail/sender.ts). `key` names the message's cause (kind, partner, quarter,
 * step) and its recipient, so nothing can queue it twice; `messageId` is fixed at queueing, so a retry after a crash
 * mid-send repeats the same message, which mail systems drop as a duplicate.
 */
export const outbox = sqliteTable(
	'outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** What caused the message, e.g. `reminder|12|2026-27-q2|after-1`; one row per recipient. */
		cause: text('cause').notNull(),
		/** `cause>address`: what makes queueing the same message twice impossible. */
		key: text('key').notNull().unique(),
		kind: text('kind').notNull(),
		toAddress: text('to_address').notNull(),
		userId: integer('user_id').references(() => users.id),
		partnerId: integer('partner_id').references(() => partners.id),
		/** The quarter the message is about, when it is about one. */
		year: integer('year'),
		quarter: integer('quarter'),
		subject: text('subject').notNull(),
		textBody: text('text_body').notNull(),
		htmlBody: text('html_body').notNull(),
		headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
		/** One-time links in the body, cut out once the message is sent. */
		secrets: text('secrets', { mode: 'json' }).$type<string[]>().notNull(),
		messageId: text('message_id').notNull().unique(),
		status: text('status', { enum: MAIL_STATUSES }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: text('next_attempt_at').notNull(),
		/** While a sender holds the message; a crashed sender's hold runs out and another resends. */
		leaseUntil: text('lease_until'),
		/** The holding process, so a restart after a crash resends at once instead of waiting. */
		leaseOwner: integer('lease_owner'),
		lastError: text('last_error'),
		createdAt: text('created_at').notNull(),
		sentAt: text('sent_at')
	},
	(t) => [
		index('outbox_due_idx').on(t.status, t.nextAttemptAt),
		index('outbox_partner_period_idx').on(t.partnerId, t.year, t.quarter)
	]
);

/** Addresses that receive a partner's reminders and receipts besides its users. */
export const partnerContacts = sqliteTable(
	'partner_contacts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		partnerId: integer('partner_id')
			.notNull()
			.references(() => partners.id),
		email: text('email').notNull(),
		name: text('name').notNull().default(''),
		createdAt: timestamp('created_at')
	},
	(t) => [uniqueIndex('partner_contacts_partner_email_uq').on(t.partnerId, t.email)]
);

/** The messages that are not essential which a user has turned off. */
export const mailOptOuts = sqliteTable(
	'mail_opt_outs',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		kind: text('kind').notNull(),
		createdAt: timestamp('created_at')
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind] })]
);

/** Partners whose reminders the coordinator has paused. */
export const reminderPauses = sqliteTable('reminder_pauses', {
	partnerId: integer('partner_id')
		.primaryKey()
		.references(() => partners.id),
	pausedByUserId: integer('paused_by_user_id').references(() => users.id),
	createdAt: timestamp('created_at')
});
