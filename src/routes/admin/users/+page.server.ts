import { ROLE_NAMES } from '$lib/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	users: locals.services.auth.users.list().map((u) => ({
		id: u.id,
		email: u.email,
		name: u.displayName,
		role: ROLE_NAMES[u.role],
		partner: u.partnerName,
		disabled: u.disabledAt !== null,
		lastSignInAt: u.lastSignInAt,
		hasPassword: u.hasPassword
	}))
});
