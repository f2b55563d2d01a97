/**
 * What the submit pages share: whose figures and which quarter, the upload preview and commit
 * (through the one import function), and the slimmed framework the browser checks files with.
 * Used by /submit (signed-in partners and the coordinator) and /link/[token] (submission links).
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';

import { canActForPartner, principalPartnerId, type Principal } from '$core/access';
import { classifySubmission, deadlineFor } from '$core/completeness';
import { echoInput } from '$core/echo';
import type { Framework, Partner } from '$core/framework';
import type { ImportSummary } from '$core/import-issues';
import {
	comparePeriods,
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug,
	parsePeriodSlug,
	type Period
} from '$core/periods';
import { cleanUploadFileName } from '$core/upload-file-name';
import { isImportTargetError } from './import-errors';
import { clientAddress } from './request';

export interface SubmitTarget {
	partner: Partner | null;
	period: Period;
	/** Partners this person may choose between (empty for a partner, who has only its own). */
	partnerChoices: { code: string; name: string }[];
	quarterChoices: { slug: string; label: string }[];
}

/** `?partner=HP&period=2025-26-q2`, checked against who is asking. */
export function resolveSubmitTarget(
	locals: App.Locals,
	url: URL,
	principal: Principal
): SubmitTarget {
	const fw = locals.framework();
	const quarters = [...locals.services.periods(fw).all].reverse();
	if (quarters.length === 0)
		error(404, 'The strategy has no complete quarter yet, so there is nothing to submit.');
	const own = principalPartnerId(principal);
	let partner: Partner | null = null;
	const code = url.searchParams.get('partner');
	if (own !== null) partner = fw.partners.find((p) => p.id === own) ?? null;
	else if (code) {
		partner = fw.partners.find((p) => p.code.toUpperCase() === code.toUpperCase()) ?? null;
		if (!partner || !canActForPartner(principal, partner.id, 'submit-figures'))
			error(404, `There is no partner "${echoInput(code)}". Choose a partner from the list.`);
	}
	let period = quarters[0]!;
	const slug = url.searchParams.get('period');
	if (slug) {
		const parsed = parsePeriodSlug(slug);
		if (!parsed || !quarters.some((q) => comparePeriods(q, parsed) === 0))
			error(
				404,
				`There is no quarter "${echoInput(slug)}" to submit. Choose a quarter from the list.`
			);
		period = parsed;
	}
	return {
		partner,
		period,
		partnerChoices:
			own === null
				? fw.partners.filter((p) => p.active).map((p) => ({ code: p.code, name: p.name }))
				: [],
		quarterChoices: quarters.map((q) => ({
			slug: formatPeriodSlug(q),
			label: formatPeriodLabel(q)
		}))
	};
}

/** Where the partner's return for the quarter stands, in words for the page. */
export function submissionState(locals: App.Locals, partner: Partner, period: Period) {
	const found = locals.services.history.findSubmission(partner.id, period.year, period.quarter);
	const deadlines = locals.services.deadlines.overrides();
	return {
		status: found?.submission.status ?? 'not_started',
		reason: found?.submission.reason ?? null,
		lastSubmittedAt: found?.submission.lastSubmittedAt ?? null,
		deadline: deadlineFor(period, deadlines),
		// The completeness view's rule, so the two pages never disagree about who is missing.
		overdue:
			classifySubmission(period, found?.submission, locals.services.now(), deadlines).state ===
			'missing',
		locked: found?.submission.status === 'approved'
	};
}

/**
 * The framework as the browser needs it to check a file: codes, units and who reports what, but
 * none of the definitions' prose, which would only weigh the page down.
 */
export function frameworkForBrowser(fw: Framework): Framework {
	return {
		strategy: { ...fw.strategy, description: '' },
		areas: fw.areas,
		priorities: [],
		partners: fw.partners,
		fundingStreams: [],
		metrics: fw.metrics.map((m) => ({
			...m,
			definition: '',
			countingRule: '',
			dataSource: '',
			owner: '',
			caveats: '',
			targets: [],
			baselines: [],
			fundingStreamIds: []
		}))
	};
}

/** The keys of the approved (closed) quarters of one partner, for the browser's check. */
export function lockedKeysFor(locals: App.Locals, partner: Partner | null): string[] {
	const all = [...locals.services.submissions.lockedKeys()];
	return partner ? all.filter((k) => k.startsWith(`${partner.id}|`)) : all;
}

export interface PreviewFile {
	name: string;
	/** The exact bytes, base64, so the confirm step commits exactly what was checked. */
	content: string;
	size: number;
}

/**
 * Checks (`dryRun`) or commits a file for the page's partner and quarter. The file comes as the
 * form's `file` (the first, check step) or as the `content` the check step handed back.
 */
export async function runUploadAction(
	event: RequestEvent,
	principal: Principal,
	target: { partner: Partner | null; period: Period },
	dryRun: boolean
) {
	const form = await event.request.formData();
	let bytes: Buffer;
	let name: string;
	const file = form.get('file');
	const content = form.get('content');
	if (file instanceof File && file.size > 0) {
		bytes = Buffer.from(await file.arrayBuffer());
		name = cleanUploadFileName(file.name) ?? 'upload.csv';
	} else if (typeof content === 'string' && content !== '') {
		bytes = Buffer.from(content, 'base64');
		name = cleanUploadFileName(String(form.get('fileName') ?? '')) ?? 'upload.csv';
	} else {
		return fail(422, {
			summary: null as ImportSummary | null,
			file: null as PreviewFile | null,
			errors: [{ field: 'file', message: 'Choose the CSV file with your figures.' }]
		});
	}
	try {
		const result = await event.locals.services.imports.importFileInSlices({
			principal,
			framework: event.locals.framework(),
			partnerCode: target.partner?.code ?? null,
			period: formatPeriodLabel(target.period),
			dryRun,
			source: principal.kind === 'link' ? 'link' : 'file',
			ip: clientAddress(event),
			bytes,
			fileName: name,
			contentType: file instanceof File ? file.type || null : 'text/csv'
		});
		const preview: PreviewFile = { name, content: bytes.toString('base64'), size: bytes.length };
		if (!result.summary.ok)
			return fail(422, { summary: result.summary, file: preview, errors: [] });
		return { summary: result.summary, file: preview, errors: [], uploadId: result.uploadId };
	} catch (err) {
		if (isImportTargetError(err)) error(err.target.status, err.target.message);
		throw err;
	}
}

/** "Your figures for Quarter 2 … are submitted. The coordinator will review them by …" */
export function confirmationText(partner: Partner, period: Period): string {
	return (
		`${partner.name}’s figures for ${formatPeriodProse(period)} are submitted. ` +
		'The coordinator will review them and may ask you about any that look unusual.'
	);
}
