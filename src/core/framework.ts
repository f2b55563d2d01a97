import type { Reporter } from './combine-figures.js';
import type { TargetRow } from './targets.js';

/**
 * The vocabulary of a strategy framework (SPEC §2): the closed sets of words that metrics,
 * partners, figures and submissions are described with. Shared by the database schema, the
 * fixture loader, the API and the pages, so a word means the same thing everywhere.
 */

export const UNITS = ['count', 'percent', 'gbp', 'days', 'ratio'] as const;
export type Unit = (typeof UNITS)[number];

/**
 * `monitor` is for figures whose rise could be good or bad (more referrals can mean better
 * detection): they show a trend but never a RAG status.
 */
export const DIRECTIONS = ['increase', 'decrease', 'maintain', 'monitor'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * How partners' figures combine into the partnership's. `lead` takes the lead partner's figure
 * alone, for counts that several agencies would each report and so double-count.
 */
export const PARTNER_AGGREGATIONS = ['sum', 'mean', 'max', 'lead'] as const;
export type PartnerAggregation = (typeof PARTNER_AGGREGATIONS)[number];

/** How quarters combine into a year: `sum` for flows, `last` for levels, `mean` for rates. */
export const PERIOD_AGGREGATIONS = ['sum', 'last', 'mean'] as const;
export type PeriodAggregation = (typeof PERIOD_AGGREGATIONS)[number];

export const METRIC_STATUSES = ['active', 'retired'] as const;
export type MetricStatus = (typeof METRIC_STATUSES)[number];

export const SECTORS = [
	'police',
	'local-authority',
	'health',
	'voluntary',
	'commissioner',
	'academic',
	'national-agency',
	'fire-rescue',
	'other'
] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_NAMES: Record<Sector, string> = {
	police: 'Police',
	'local-authority': 'Local authority',
	health: 'Health',
	voluntary: 'Voluntary and community',
	commissioner: 'Police and Crime Commissioner',
	academic: 'Academic',
	'national-agency': 'National agency',
	'fire-rescue': 'Fire and rescue',
	other: 'Other'
};

export const ROLES = ['coordinator', 'funder', 'partner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a stored figure is. "Missing is not zero" (SPEC §4): a `nil` return counts as 0 and says
 * so; `not_collected` means the partner does not hold the figure; a figure that is simply absent
 * has no row at all.
 */
export const FIGURE_KINDS = ['value', 'nil', 'not_collected'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export const SUBMISSION_STATUSES = ['not_started', 'submitted', 'approved', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const UPLOAD_SOURCES = ['file', 'form', 'api', 'cli', 'link', 'seed'] as const;
export type UploadSource = (typeof UPLOAD_SOURCES)[number];

export const METRIC_CODE_PATTERN = /^P(\d)\.(\d{2})$/;

export const UNIT_NAMES: Record<Unit, string> = {
	count: 'number',
	percent: '%',
	gbp: '£',
	days: 'days',
	ratio: 'ratio'
};

// The framework as the app reads it (from the database), shared by pages, API and reports.

export interface Strategy {
	id: number;
	name: string;
	partnership: string;
	description: string;
	startsOn: string;
	endsOn: string;
}

export interface Area {
	code: string;
	name: string;
	population: number;
	populationSource: string;
	partnershipWide: boolean;
}

export interface Priority {
	id: number;
	number: number;
	title: string;
	description: string;
}

export interface Partner {
	id: number;
	code: string;
	name: string;
	sector: Sector;
	areaCode: string;
	active: boolean;
}

/** A metric's figure before the strategy: one financial year's, for one area (2023 for 2023-24). */
export interface Baseline {
	areaCode: string;
	year: number;
	value: number;
}

export interface Metric {
	id: number;
	code: string;
	priorityId: number;
	priorityNumber: number;
	name: string;
	unit: Unit;
	direction: Direction;
	partnerAggregation: PartnerAggregation;
	periodAggregation: PeriodAggregation;
	amberTolerance: number;
	sensitive: boolean;
	leadPartnerId: number | null;
	definition: string;
	countingRule: string;
	dataSource: string;
	owner: string;
	caveats: string;
	status: MetricStatus;
	reporters: Reporter[];
	targets: TargetRow[];
	/** At most one per area (partnership-wide or a council's), in the areas' order. */
	baselines: Baseline[];
	fundingStreamIds: number[];
}

export interface FundingStream {
	id: number;
	code: string;
	funder: string;
	name: string;
	amountGbp: number;
	firstYear: number;
	lastYear: number;
	description: string;
	metricIds: number[];
}

export interface Framework {
	strategy: Strategy;
	areas: Area[];
	priorities: Priority[];
	partners: Partner[];
	metrics: Metric[];
	fundingStreams: FundingStream[];
}
