import { fail, redirect } from '@sveltejs/kit';

import { actorOf, parseId, textField, type FieldError } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

const MAX_TOKEN_NAME_LENGTH = 100;

function activePartners(locals: App.Locals) {
	return locals.services.framework
		.listPartners()
		.filter((p) => p.active)
		.map((p) => ({ id: p.id, name: p.name, code: p.code }));
}

export const load: PageServerLoad = ({ locals, url }) => {
	const tokens = locals.services.auth.credentials.listApiTokens().map((t) => ({
		id: t.id,
		name: t.name,
		prefix: t.prefix,
		partner: t.partnerName,
		createdAt: t.createdAt,
		lastUsedAt: t.lastUsedAt,
		revokedAt: t.revokedAt
	}));
	// ?revoke=7 asks "are you sure?" before the POST that revokes, so it works without JavaScript.
	const revokeId = parseId(url.searchParams.get('revoke') ?? '');
	const revokedId = parseId(url.searchParams.get('revoked') ?? '');
	return {
		tokens,
		partners: activePartners(locals),
		confirmRevoke: tokens.find((t) => t.id === revokeId && !t.revokedAt) ?? null,
		revoked: tokens.find((t) => t.id === revokedId && t.revokedAt) ?? null
	};
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = { partner: textField(form, 'partner'), name: textField(form, 'name') };
		const errors: FieldError[] = [];
		const partnerId = parseId(values.partner);
		const partner = activePartners(event.locals).find((p) => p.id === partnerId);
		if (!partner)
			errors.push({
				field: 'partner',
				message: 'Choose the partner organisation whose system will use the token.'
			});
		if (values.name.length > MAX_TOKEN_NAME_LENGTH)
			errors.push({
				field: 'name',
				message: `Name must be ${MAX_TOKEN_NAME_LENGTH} characters or fewer.`
			});
		if (errors.length || !partner) return fail(422, { values, errors });
		const created = event.locals.services.auth.createApiToken(
			{ partnerId: partner.id, name: values.name || `${partner.name} API token` },
			actorOf(event)
		);
		return {
			created: {
				token: created.token,
				name: values.name || `${partner.name} API token`,
				partner: partner.name
			}
		};
	},

	revoke: async (event) => {
		const id = parseId((await event.request.formData()).get('id'));
		if (id === null || !event.locals.services.auth.revokeApiToken(id, actorOf(event)))
			return fail(404, {
				errors: [
					{
						field: 'tokens',
						message: 'That token does not exist or is already revoked. Check the list below.'
					}
				]
			});
		redirect(303, `/admin/tokens?revoked=${id}`);
	}
};
