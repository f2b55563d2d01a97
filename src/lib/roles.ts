import type { Role } from '$core/framework';

export { ROLES } from '$core/framework';

/** Role names as people say them (SPEC §1): a viewer is a board member. */
export const ROLE_NAMES: Record<Role, string> = {
	coordinator: 'Coordinator',
	funder: 'Funder',
	partner: 'Partner',
	viewer: 'Board member'
};

/** What each role may do, in a sentence, for the hint under each choice. */
export const ROLE_HINTS: Record<Role, string> = {
	coordinator:
		'Runs the partnership: everything, including users, the framework and review of submissions.',
	funder: 'Reads every dashboard, the funded outcomes, reports and exports. Changes nothing.',
	partner:
		"A member organisation's data lead: submits and corrects that organisation's figures only.",
	viewer: 'Reads the dashboards and board reports.'
};
