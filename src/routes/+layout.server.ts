import { can } from '$core/access';
import { suppressionPolicyFor } from '$core/suppression';
import { ROLE_NAMES } from '$lib/roles';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const framework = locals.framework();
	const principal = locals.principal;
	const user = locals.user;
	return {
		partnership: framework.strategy.partnership,
		strategyName: framework.strategy.name,
		user: user
			? {
					name: user.displayName || user.email,
					role: ROLE_NAMES[user.role],
					partner: user.partnerName
				}
			: null,
		// The coordinator's pages show true small figures: a printout of one must say so.
		seesTrueFigures:
			user !== null &&
			!suppressionPolicyFor(principal, locals.services.config.suppressionThreshold).applies,
		// Navigation shows only what this person may open.
		priorities: can(principal, 'view-dashboards')
			? framework.priorities.map((p) => ({ number: p.number, title: p.title }))
			: [],
		nav: {
			dashboards: can(principal, 'view-dashboards'),
			submit: can(principal, 'submit-figures'),
			submissions: can(principal, 'view-submissions'),
			completeness: can(principal, 'view-completeness'),
			review: can(principal, 'review-submissions'),
			fundedOutcomes: can(principal, 'view-funded-outcomes'),
			reports: can(principal, 'view-reports'),
			admin: can(principal, 'manage-users')
		}
	};
};
