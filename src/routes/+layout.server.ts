import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const framework = locals.services.framework.load();
	return {
		partnership: framework.strategy.partnership,
		strategyName: framework.strategy.name,
		priorities: framework.priorities.map((p) => ({ number: p.number, title: p.title }))
	};
};
