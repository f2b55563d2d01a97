/**
 * The returns each partner uploads during the load test, round by round, and what each upload
 * must do to the stored figures. The expectations are worked out here from the figures stored
 * before the test and the files sent, by the rule of SPEC §4 (a figure is created when absent,
 * unchanged when its kind, value and comment are the same, else updated), not read back from the
 * app.
 */

/** One figure a partner reports: a metric for an area. */
export interface ReportedFigure {
	metricId: number;
	metricCode: string;
	areaCode: string;
}

export interface StoredFigure {
	kind: string;
	value: number | null;
	comment: string;
}

export interface UploadCounts {
	created: number;
	updated: number;
	unchanged: number;
}

/**
 * - first: a value for every figure, the partner's return for the quarter;
 * - repeat: the last file again, which must change nothing and store no upload;
 * - correction: every value changed;
 * - twice-at-once: a correction sent twice at the same moment, which must be stored once;
 * - partial-correction: one value changed, the rest as before.
 */
export type RoundKind = 'first' | 'repeat' | 'correction' | 'twice-at-once' | 'partial-correction';

export const ROUNDS: RoundKind[] = [
	'first',
	'repeat',
	'correction',
	'twice-at-once',
	'partial-correction',
	'repeat'
];

export interface PlannedUpload {
	round: number;
	kind: RoundKind;
	csv: string;
	/** How many times the file is sent at once. */
	copies: number;
	/** The summary counts the copies must answer with, in any order. */
	expected: UploadCounts[];
}

export interface PartnerPlan {
	partnerCode: string;
	uploads: PlannedUpload[];
	/** Upload rows the partner's files must add: one per file that changed something. */
	uploadRows: number;
	/** Figure revisions they must add: one per figure created or updated. */
	revisions: number;
	/** Current figures the partner must have for the quarter afterwards. */
	figures: number;
	/** The value each figure must end with, by `metricId|areaCode`. */
	finalValues: Map<string, number>;
	/** The SHA-256 of each file that must be stored, exactly once each. */
	storedFiles: string[];
}

export function figureKey(metricId: number, areaCode: string): string {
	return `${metricId}|${areaCode}`;
}

function returnCsv(periodLabel: string, figures: ReportedFigure[], values: number[]): string {
	const rows = figures.map((f, i) => `${f.metricCode},${f.areaCode},${periodLabel},${values[i]}`);
	return ['metric_code,area,period,value', ...rows].join('\r\n') + '\r\n';
}

/**
 * The partner's rounds against the figures stored before the test (by `metricId|areaCode`).
 * `seed` spreads the values between partners; every value is a whole number from 10 to 99, which
 * every unit (count, percent, gbp, days, ratio) accepts.
 */
export function planPartnerReturns(input: {
	partnerCode: string;
	periodLabel: string;
	figures: ReportedFigure[];
	stored: Map<string, StoredFigure>;
	seed: number;
	sha256: (text: string) => string;
}): PartnerPlan {
	const { figures, periodLabel } = input;
	if (figures.length === 0) throw new Error(`Partner ${input.partnerCode} reports no figures.`);
	const current = new Map(input.stored);
	let values = figures.map((_, i) => 10 + ((i * 7 + input.seed * 3) % 60));
	let csv = '';
	const plan: PartnerPlan = {
		partnerCode: input.partnerCode,
		uploads: [],
		uploadRows: 0,
		revisions: 0,
		figures: 0,
		finalValues: new Map(),
		storedFiles: []
	};

	ROUNDS.forEach((kind, round) => {
		if (kind === 'correction' || kind === 'twice-at-once') values = values.map((v) => v + 1);
		else if (kind === 'partial-correction') values = values.map((v, i) => (i === 0 ? v + 10 : v));
		if (kind !== 'repeat') csv = returnCsv(periodLabel, figures, values);

		const counts: UploadCounts = { created: 0, updated: 0, unchanged: 0 };
		figures.forEach((f, i) => {
			const key = figureKey(f.metricId, f.areaCode);
			const before = current.get(key);
			const after: StoredFigure = { kind: 'value', value: values[i]!, comment: '' };
			if (!before) counts.created += 1;
			else if (
				before.kind === after.kind &&
				before.value === after.value &&
				before.comment === after.comment
			)
				counts.unchanged += 1;
			else counts.updated += 1;
			current.set(key, after);
		});
		const changed = counts.created + counts.updated;
		const copies = kind === 'twice-at-once' ? 2 : 1;
		// Of two copies sent at once, one is stored; the other finds it there and changes nothing.
		const alreadyThere = { created: 0, updated: 0, unchanged: figures.length };
		plan.uploads.push({
			round,
			kind,
			csv,
			copies,
			expected: copies === 2 ? [counts, alreadyThere] : [counts]
		});
		if (changed > 0) {
			plan.uploadRows += 1;
			plan.revisions += changed;
			plan.storedFiles.push(input.sha256(csv));
		}
	});
	plan.figures = current.size;
	figures.forEach((f, i) => plan.finalValues.set(figureKey(f.metricId, f.areaCode), values[i]!));
	return plan;
}
