import { error } from '@sveltejs/kit';

import type { Principal } from '$core/access';
import { isImportTargetError } from './import-errors';

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
		if (isImportTargetError(err)) error(err.target.status, err.target.message);
		throw err;
	}
}
