import { error, fail, type RequestEvent } from '@sveltejs/kit';

import { can } from '$core/access';
import { checkCommentary, COMMENTARY_MAX_CHARACTERS } from '$core/commentary-text';
import type { Framework } from '$core/framework';
import { formatPeriodSlug, type Period } from '$core/periods';
import { formatUkDateTime } from '$core/uk-time';
import { actorOf } from './admin';
import { readBoundedForm } from './form-body';
import { clientAddress } from './request';

/**
 * A priority's commentary for a quarter: the current text and its earlier versions; and, for the
 * coordinator who writes it, the partners' comments on their figures, to quote. Comments are free
 * text that may mention a small number, so only the coordinator, who sees every figure, gets them.
 */
export function presentCommentary(locals: App.Locals, priorityId: number, period: Period) {
	const canWrite = can(locals.principal, 'write-commentary');
	const framework = locals.framework();
	// Read on every view of a priority page (the partners' comments scan the quarter's figures),
	// so kept until the data changes, like the page's figures (page-data.ts).
	const key = `commentary|${priorityId}|${formatPeriodSlug(period)}|${canWrite}`;
	return locals.services.pageData(framework, key, () =>
		readCommentary(locals, framework, priorityId, period, canWrite)
	);
}

function readCommentary(
	locals: App.Locals,
	framework: Framework,
	priorityId: number,
	period: Period,
	canWrite: boolean
) {
	const metrics = framework.metrics.filter(
		(m) => m.priorityId === priorityId && m.status === 'active'
	);
	const metricById = new Map(metrics.map((m) => [m.id, m]));
	const partnerName = new Map(framework.partners.map((p) => [p.id, p.name]));
	const areaName = new Map(framework.areas.map((a) => [a.code, a.name]));
	const partnerComments = canWrite
		? locals.services.commentary
				.findPartnerComments(
					metrics.map((m) => m.id),
					period
				)
				.map((c) => ({
					key: `${c.metricId}|${c.partnerId}|${c.areaCode}`,
					metric: `${metricById.get(c.metricId)?.code} ${metricById.get(c.metricId)?.name}`,
					partner: partnerName.get(c.partnerId) ?? '',
					area: areaName.get(c.areaCode) ?? c.areaCode,
					comment: c.comment
				}))
		: [];
	const versions = locals.services.commentary.findVersions(priorityId, period).map((v) => ({
		id: v.id,
		body: v.body,
		author: v.author,
		savedAt: formatUkDateTime(v.createdAt)
	}));
	return {
		current: versions[0] ?? null,
		history: versions.slice(1),
		canWrite,
		partnerComments
	};
}

/**
 * The most a commentary form may hold: the longest commentary allowed, every character a
 * four-byte one sent percent-encoded (12 bytes), with room for the form's other fields. Text a
 * little over the limit is still read, and refused with its length and sent back to be shortened.
 */
const COMMENTARY_FORM_MAX_BYTES = COMMENTARY_MAX_CHARACTERS * 12 + 4096;

/**
 * Saves a new version of the commentary from the form, refusing (and auditing) anyone who may
 * not write it. Returns `fail(422)` with what was typed when the text cannot be saved.
 */
export async function saveCommentary(event: RequestEvent, priorityId: number, period: Period) {
	const { locals } = event;
	if (!can(locals.principal, 'write-commentary')) {
		locals.services.audit({
			actorUserId: locals.user?.id ?? null,
			actorLabel: locals.user?.email ?? 'anonymous',
			ip: clientAddress(event),
			action: 'commentary.save',
			outcome: 'refused',
			entityType: 'priority',
			entityId: priorityId
		});
		error(403, 'Only the coordinator can write commentary.');
	}
	const form = await readBoundedForm(
		event.request,
		COMMENTARY_FORM_MAX_BYTES,
		`The commentary is far longer than ${COMMENTARY_MAX_CHARACTERS.toLocaleString('en-GB')} characters, so it was not read. Shorten it to ${COMMENTARY_MAX_CHARACTERS.toLocaleString('en-GB')} characters or fewer, and save it again.`
	);
	const body = String(form.get('commentary') ?? '');
	const problem = checkCommentary(body);
	if (problem)
		return fail(422, { commentary: body, errors: [{ field: 'commentary', message: problem }] });
	const actor = actorOf(event);
	locals.services.commentary.create(
		{ priorityId, period, body: body.trim(), authorUserId: actor.userId },
		{ actorUserId: actor.userId, actorLabel: actor.label, ip: actor.ip }
	);
	return { saved: true };
}
