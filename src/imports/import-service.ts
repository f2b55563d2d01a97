/**
 * Importing figures: the one function behind every door (the upload page, form entry, the API and
 * the CLI). It decides whose and which quarter's figures a request may carry, runs the domain
 * validation, and then either plans (dry run) or commits through the figures repository, giving
 * the same summary either way.
 */
import { canActForPartner, principalPartnerId, type Principal } from '../core/access.js';
import type { FigureState } from '../core/figure-changes.js';
import type { Framework, Partner, UploadSource } from '../core/framework.js';
import {
	fileIssue,
	rejectedSummary,
	type ImportChange,
	type ImportIssue,
	type ImportSummary
} from '../core/import-issues.js';
import { buildTemplateCsv, templateFileName } from '../core/import-template.js';
import {
	DEFAULT_MAX_ROWS,
	validateImportFile,
	validateImportFileInSlices,
	validateImportText,
	type ImportContext,
	type ImportFigure,
	type ValidatedImport
} from '../core/validate-import.js';
import {
	formatPeriodLabel,
	parsePeriodLabel,
	parsePeriodSlug,
	type Period
} from '../core/periods.js';
import { cleanUploadFileName } from '../core/upload-file-name.js';
import type { AuditEntry } from '../db/audit.js';
import { LockedQuarterError, type FiguresRepository, type PlannedFigure } from '../db/figures.js';
import type { SubmissionQueries } from '../db/submissions.js';

export interface ImportDeps {
	figures: FiguresRepository;
	submissions: SubmissionQueries;
	now: () => Date;
	maxUploadBytes: number;
	maxRows?: number;
	audit(entry: AuditEntry): void;
}

/** Whose figures, for which quarter: what the door asked for, checked against who is asking. */
export type ImportTarget =
	| { ok: true; partner: Partner | null; period: Period | null }
	| { ok: false; status: 400 | 403 | 404; code: string; message: string };

export interface ImportRequest {
	principal: Principal;
	framework: Framework;
	/** A partner code or nothing; a partner's own requests are always its own. */
	partnerCode?: string | null;
	/** A quarter label or slug, or nothing when the file names its quarters. */
	period?: string | null;
	dryRun: boolean;
	source: UploadSource;
	ip: string;
}

export interface FileImportRequest extends ImportRequest {
	bytes: Buffer;
	fileName: string | null;
	contentType: string | null;
}

export interface ImportResult {
	summary: ImportSummary;
	uploadId: number | null;
	partner: Partner | null;
	period: Period | null;
}

/** Lets the requests waiting meanwhile run between slices of a file's check. */
const letOthersIn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createImportService(deps: ImportDeps) {
	const maxRows = deps.maxRows ?? DEFAULT_MAX_ROWS;

	function resolveTarget(
		principal: Principal,
		fw: Framework,
		partnerCode: string | null | undefined,
		periodText: string | null | undefined
	): ImportTarget {
		let period: Period | null = null;
		if (periodText && periodText.trim() !== '') {
			const parsed = parsePeriodSlug(periodText.trim());
			if (parsed) period = parsed;
			else {
				const label = parsePeriodLabel(periodText);
				if (!label.ok)
					return { ok: false, status: 400, code: 'bad-period', message: label.message };
				period = label.period;
			}
		}
		if (principal.kind === 'link') {
			if (period && formatPeriodLabel(period) !== formatPeriodLabel(principal.period))
				return {
					ok: false,
					status: 403,
					code: 'forbidden',
					message: `This link is for ${formatPeriodLabel(principal.period)} only.`
				};
			period = principal.period;
		}

		const own = principalPartnerId(principal);
		let partner: Partner | null = null;
		if (partnerCode && partnerCode.trim() !== '') {
			const code = partnerCode.trim().toUpperCase();
			partner = fw.partners.find((p) => p.code.toUpperCase() === code) ?? null;
			// A partner asking for another partner's code learns nothing about whether it exists.
			if (!partner || !canActForPartner(principal, partner.id, 'submit-figures'))
				return {
					ok: false,
					status: 404,
					code: 'not-found',
					message: `There is no partner "${partnerCode.trim()}" that you can submit figures for.`
				};
		} else if (own !== null) {
			partner = fw.partners.find((p) => p.id === own) ?? null;
			if (!partner)
				return {
					ok: false,
					status: 403,
					code: 'forbidden',
					message: 'Your account has no partner.'
				};
		}
		return { ok: true, partner, period };
	}

	function contextFor(
		principal: Principal,
		fw: Framework,
		partner: Partner | null,
		period: Period | null
	): ImportContext {
		const locked = deps.submissions.lockedKeys();
		return {
			framework: fw,
			partner,
			period,
			uploaderIsPartner: principalPartnerId(principal) !== null,
			today: deps.now(),
			isLocked: (partnerId, p) => locked.has(`${partnerId}|${p.year}|${p.quarter}`),
			maxRows
		};
	}

	/** An uploaded file, from the upload page, the API or the CLI. */
	/** Whose figures and which quarter a file is for, and what to check it against. */
	function fileCheck(request: FileImportRequest) {
		const target = resolveTarget(
			request.principal,
			request.framework,
			request.partnerCode,
			request.period
		);
		if (!target.ok) throw new ImportTargetError(target);
		const context = contextFor(request.principal, request.framework, target.partner, target.period);
		return { target, context };
	}

	function finishFile(
		request: FileImportRequest,
		target: { partner: Partner | null; period: Period | null },
		validated: ValidatedImport
	): ImportResult {
		return finish(request, target, validated, {
			// Every door's file name is cleaned here, so none is stored or audited as the client sent it.
			fileName: cleanUploadFileName(request.fileName),
			contentType: request.contentType,
			content: request.bytes
		});
	}

	/** An uploaded file, from the command line, where nothing else waits meanwhile. */
	function importFile(request: FileImportRequest): ImportResult {
		const { target, context } = fileCheck(request);
		return finishFile(
			request,
			target,
			validateImportFile(request.bytes, deps.maxUploadBytes, context)
		);
	}

	/**
	 * An uploaded file, from the upload page or the API: checked in slices, so that the server
	 * answers other requests while a large file is checked.
	 */
	async function importFileInSlices(request: FileImportRequest): Promise<ImportResult> {
		const { target, context } = fileCheck(request);
		const validated = await validateImportFileInSlices(
			request.bytes,
			deps.maxUploadBytes,
			context,
			letOthersIn
		);
		return finishFile(request, target, validated);
	}

	/** Figures typed into the web form, given as CSV text in the template's long format. */
	function importText(request: ImportRequest & { text: string }): ImportResult {
		const target = resolveTarget(
			request.principal,
			request.framework,
			request.partnerCode,
			request.period
		);
		if (!target.ok) throw new ImportTargetError(target);
		const context = contextFor(request.principal, request.framework, target.partner, target.period);
		const validated = validateImportText(request.text, context);
		return finish(request, target, validated, {
			fileName: null,
			contentType: 'text/csv',
			content: Buffer.from(request.text, 'utf8')
		});
	}

	function finish(
		request: ImportRequest,
		target: { partner: Partner | null; period: Period | null },
		validated: ValidatedImport,
		file: { fileName: string | null; contentType: string | null; content: Buffer }
	): ImportResult {
		const base = { partner: target.partner, period: target.period };
		if (validated.errors.length > 0) {
			// A preview of other mistakes changes nothing and is not worth a line; trying a closed
			// quarter is, even as a preview, as the coordinator may want to know who tried.
			const triedLockedQuarter = validated.errors.some((e) => e.code === 'locked-period');
			if (!request.dryRun || triedLockedQuarter)
				auditRejection(request, target.partner, file, validated.errors, validated.errorCount);
			return {
				...base,
				uploadId: null,
				summary: rejectedSummary(
					request.dryRun,
					validated.rows,
					validated.skipped,
					validated.errors,
					validated.warnings,
					validated.errorCount
				)
			};
		}
		const inputs = validated.figures;
		if (request.dryRun) {
			return {
				...base,
				uploadId: null,
				summary: summarise(validated, deps.figures.plan(inputs), true)
			};
		}
		try {
			const result = deps.figures.commit(
				{
					source: request.source,
					partnerId: target.partner?.id ?? singlePartnerOf(inputs),
					fileName: file.fileName,
					contentType: file.contentType,
					content: file.content,
					uploadedByUserId: request.principal.kind === 'user' ? request.principal.userId : null,
					apiTokenId: request.principal.kind === 'token' ? request.principal.tokenId : null,
					submissionLinkId: request.principal.kind === 'link' ? request.principal.linkId : null,
					actorLabel: labelOf(request.principal),
					ip: request.ip,
					at: deps.now().toISOString()
				},
				inputs
			);
			if (result.uploadId === null) auditUnchanged(request, target.partner, file, inputs.length);
			return {
				...base,
				uploadId: result.uploadId,
				summary: summarise(validated, result.planned, false)
			};
		} catch (error) {
			if (!(error instanceof LockedQuarterError)) throw error;
			const errors = error.locked.map((l) => {
				const partner = request.framework.partners.find((p) => p.id === l.partnerId);
				return fileIssue(
					'locked-period',
					`${formatPeriodLabel({ year: l.year, quarter: l.quarter as 1 })} was approved for ` +
						`${partner?.name ?? 'this partner'} while the file was being checked, so nothing ` +
						'was stored. Ask the coordinator to reopen the quarter.'
				);
			});
			auditRejection(request, target.partner, file, errors);
			return {
				...base,
				uploadId: null,
				summary: rejectedSummary(
					false,
					validated.rows,
					validated.skipped,
					errors,
					validated.warnings
				)
			};
		}
	}

	/**
	 * The same file again stores nothing (figures.ts), but the attempt is still on record, so the
	 * coordinator can see that a partner re-sent a return. Its own action, since every
	 * `figures.import` success names the upload it stored.
	 */
	function auditUnchanged(
		request: ImportRequest,
		partner: Partner | null,
		file: { fileName: string | null; content: Buffer },
		rows: number
	): void {
		deps.audit({
			actorUserId: request.principal.kind === 'user' ? request.principal.userId : null,
			actorLabel: labelOf(request.principal),
			ip: request.ip,
			action: 'figures.import-unchanged',
			entityType: 'upload',
			partnerId: partner?.id ?? null,
			detail: 'unchanged: nothing stored',
			after: { source: request.source, fileName: file.fileName, bytes: file.content.length, rows }
		});
	}

	function auditRejection(
		request: ImportRequest,
		partner: Partner | null,
		file: { fileName: string | null; content: Buffer },
		errors: ImportIssue[],
		errorCount = errors.length
	): void {
		// What was wrong, not the figures themselves: the audit log is not a copy of the data.
		const codes = [...new Set(errors.map((e) => e.code))].filter((c) => c !== 'more-problems');
		deps.audit({
			actorUserId: request.principal.kind === 'user' ? request.principal.userId : null,
			actorLabel: labelOf(request.principal),
			ip: request.ip,
			action: 'figures.import',
			outcome: 'refused',
			entityType: 'upload',
			partnerId: partner?.id ?? null,
			after: {
				source: request.source,
				dryRun: request.dryRun,
				fileName: file.fileName,
				bytes: file.content.length,
				errors: errorCount,
				codes
			}
		});
	}

	function template(
		principal: Principal,
		fw: Framework,
		partnerCode: string | null,
		periodText: string
	): { fileName: string; csv: string } {
		const target = resolveTarget(principal, fw, partnerCode, periodText);
		if (!target.ok) throw new ImportTargetError(target);
		if (!target.period)
			throw new ImportTargetError({
				ok: false,
				status: 400,
				code: 'bad-period',
				message: 'Say which quarter the template is for, e.g. "2025-26 Q1".'
			});
		const partners = target.partner ? [target.partner] : fw.partners.filter((p) => p.active);
		const current = new Map<string, FigureState>();
		for (const [key, state] of deps.figures.findForPeriod(
			partners.map((p) => p.id),
			target.period
		))
			current.set(key, state);
		return {
			fileName: templateFileName(target.partner, target.period),
			csv: buildTemplateCsv(fw, partners, target.period, current, target.partner === null)
		};
	}

	return { resolveTarget, importFile, importFileInSlices, importText, template };
}

/** The request cannot be served as asked (unknown partner, bad quarter): a 4xx, not a summary. */
export class ImportTargetError extends Error {
	override name = 'ImportTargetError';
	constructor(readonly target: Extract<ImportTarget, { ok: false }>) {
		super(target.message);
	}
}

function summarise(
	validated: ValidatedImport,
	planned: PlannedFigure[],
	dryRun: boolean
): ImportSummary {
	const counts = { created: 0, updated: 0, unchanged: 0 };
	// A file names few quarters, each as one Period object, so each label is worked out once.
	const labels = new Map<Period, string>();
	const periodLabel = (period: Period) => {
		let label = labels.get(period);
		if (label === undefined) labels.set(period, (label = formatPeriodLabel(period)));
		return label;
	};
	const changes: ImportChange[] = planned.map((p, i) => {
		const figure = validated.figures[i]!;
		counts[p.change.type] += 1;
		return {
			row: figure.sourceRow,
			column: figure.column,
			partnerCode: figure.partnerCode,
			metricCode: figure.metricCode,
			areaCode: figure.areaCode,
			period: periodLabel(figure.period),
			type: p.change.type,
			before:
				p.change.type === 'updated'
					? {
							kind: p.change.before.kind,
							value: p.change.before.value,
							comment: p.change.before.comment
						}
					: null,
			after: { kind: figure.kind, value: figure.value, comment: figure.comment }
		};
	});
	return {
		ok: true,
		dryRun,
		rows: validated.rows,
		...counts,
		skipped: validated.skipped,
		errors: [],
		errorCount: 0,
		warnings: validated.warnings,
		changes
	};
}

function singlePartnerOf(inputs: ImportFigure[]): number | null {
	const ids = new Set(inputs.map((i) => i.partnerId));
	return ids.size === 1 ? [...ids][0]! : null;
}

function labelOf(principal: Principal): string {
	return principal.kind === 'anonymous' ? 'anonymous' : principal.label;
}

export type ImportService = ReturnType<typeof createImportService>;
