import { fail, redirect } from '@sveltejs/kit';

import { formatPeriodLabel, formatPeriodSlug, type Period } from '$core/periods';
import { actorOf, parseId, textField, type FieldError } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

const DEFAULT_VALID_DAYS = 14;
const MAX_VALID_DAYS = 60;

function choices(locals: App.Locals) {
	const framework = locals.framework();
	return {
		partners: locals.services.framework
			.listPartners()
			.filter((p) => p.active)
			.map((p) => ({ id: p.id, name: p.name })),
		// Newest first: the quarter being collected is nearly always the latest one.
		quarters: [...locals.services.periods(framework).all].reverse().map((period) => ({
			slug: formatPeriodSlug(period),
			label: formatPeriodLabel(period),
			period
		}))
	};
}

export const load: PageServerLoad = ({ locals, url }) => {
	const now = locals.services.now().toISOString();
	const links = locals.services.auth.credentials.listSubmissionLinks().map((l) => ({
		id: l.id,
		partner: l.partnerName,
		quarter: formatPeriodLabel({ year: l.year, quarter: l.quarter as Period['quarter'] }),
		createdAt: l.createdAt,
		expiresAt: l.expiresAt,
		lastUsedAt: l.lastUsedAt,
		revokedAt: l.revokedAt,
		expired: l.expiresAt <= now
	}));
	const { partners, quarters } = choices(locals);
	// ?revoke=7 asks "are you sure?" before the POST that revokes, so it works without JavaScript.
	const revokeId = parseId(url.searchParams.get('revoke') ?? '');
	const revokedId = parseId(url.searchParams.get('revoked') ?? '');
	return {
		links,
		partners,
		quarters: quarters.map(({ slug, label }) => ({ slug, label })),
		defaultDays: DEFAULT_VALID_DAYS,
		maxDays: MAX_VALID_DAYS,
		confirmRevoke: links.find((l) => l.id === revokeId && !l.revokedAt) ?? null,
		revoked: links.find((l) => l.id === revokedId && l.revokedAt) ?? null
	};
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = {
			partner: textField(form, 'partner'),
			quarter: textField(form, 'quarter'),
			days: textField(form, 'days'),
			email: textField(form, 'email')
		};
		const { partners, quarters } = choices(event.locals);
		const errors: FieldError[] = [];
		const partnerId = parseId(values.partner);
		const partner = partners.find((p) => p.id === partnerId);
		if (!partner)
			errors.push({
				field: 'partner',
				message: 'Choose the partner organisation the link is for.'
			});
		const quarter = quarters.find((q) => q.slug === values.quarter);
		if (!quarter)
			errors.push({ field: 'quarter', message: 'Choose the quarter the figures are for.' });
		const days = /^\d{1,3}$/.test(values.days) ? Number(values.days) : NaN;
		if (!(days >= 1 && days <= MAX_VALID_DAYS))
			errors.push({
				field: 'days',
				message: `Enter how many days the link works, a whole number from 1 to ${MAX_VALID_DAYS}.`
			});
		if (errors.length || !partner || !quarter) return fail(422, { values, errors });

		const email = values.email === 'yes';
		const created = event.locals.services.auth.createSubmissionLink(
			{ partnerId: partner.id, period: quarter.period, validForDays: days, email },
			actorOf(event)
		);
		return {
			created: {
				url: `${event.locals.services.config.origin}/link/${created.token}`,
				partner: partner.name,
				quarter: quarter.label,
				expiresAt: created.expiresAt,
				/** How many data contacts it was emailed (or queued) to; null when not asked to. */
				emailed: email ? created.emailed : null,
				mailSends: event.locals.services.mail.sends
			}
		};
	},

	revoke: async (event) => {
		const id = parseId((await event.request.formData()).get('id'));
		if (id === null || !event.locals.services.auth.revokeSubmissionLink(id, actorOf(event)))
			return fail(404, {
				errors: [
					{
						field: 'links',
						message: 'That link does not exist or is already revoked. Check the list below.'
					}
				]
			});
		redirect(303, `/admin/links?revoked=${id}`);
	}
};
