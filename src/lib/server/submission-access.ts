import { error } from '@sveltejs/kit';

import { canActForPartner, type Principal } from '$core/access';
import type { Partner } from '$core/framework';

/**
 * The partner named in a URL, if this person may see its submissions. Another partner's is
 * answered exactly as a partner that does not exist, so nothing is learned from the answer.
 */
export function partnerForHistory(locals: App.Locals, principal: Principal, code: string): Partner {
	const partner = locals
		.framework()
		.partners.find((p) => p.code.toLowerCase() === code.toLowerCase());
	if (!partner || !canActForPartner(principal, partner.id, 'view-submissions'))
		error(404, 'Page not found. Check the address, or go to your submissions.');
	return partner;
}
