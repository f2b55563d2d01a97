import { error } from '@sveltejs/kit';

import type { Principal } from '$core/access';

/** The template as a download; the same CSV as the API's and the CLI's. */
export function templateResponse(
	locals: App.Locals,
	principal: Principal,
	partnerCode: string | null,
	period: string
): Response {
	try {
		const { fileName, csv } = locals.services.imports.template(
			principal,
			locals.framework(),
			partnerCode,
			period
		);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${fileName}"`,
				'cache-control': 'no-store'
			}
		});
	} catch (err) {
		// By name: the service's class comes from the server's build, not the pages' bundle.
		if (err instanceof Error && err.name === 'ImportTargetError') {
			const { status, message } = (err as Error & { target: { status: number; message: string } })
				.target;
			error(status, message);
		}
		throw err;
	}
}
