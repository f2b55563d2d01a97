import { parseId } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const fw = locals.services.framework.load();
	return {
		priorities: fw.priorities.map((p) => ({
			number: p.number,
			title: p.title,
			metrics: fw.metrics
				.filter((m) => m.priorityId === p.id)
				.map((m) => ({
					code: m.code,
					name: m.name,
					unit: m.unit,
					direction: m.direction,
					status: m.status,
					reporters: new Set(m.reporters.map((r) => r.partnerId)).size
				}))
		})),
		deleted: url.searchParams.get('deleted'),
		deletedPriority: parseId(url.searchParams.get('deletedPriority'))
	};
};
