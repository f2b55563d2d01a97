import type { FastifyInstance } from 'fastify';

import type { Services } from '../../../services.js';
import { queryText, withImportTarget } from '../../import-request.js';

/**
 * GET /api/v1/templates?partner=CODE&period=2025-26-q1: the CSV template a partner fills in for a
 * quarter (SPEC §4), the same file as the upload page's and `strategy-tracker template`. A partner
 * (or its token) gets its own without naming it, and a 404 for anyone else's; the coordinator
 * without `partner` gets every partner's rows, with a partner_code column.
 */
export async function templateRoutes(app: FastifyInstance, opts: { services: Services }) {
	const { services } = opts;
	app.get('/templates', { config: { capability: 'submit-figures' } }, async (request, reply) => {
		const partner = queryText(request, 'partner');
		const period = queryText(request, 'period');
		const { fileName, csv } = withImportTarget(() =>
			services.imports.template(
				request.principal,
				services.framework.load(),
				partner ?? null,
				period ?? ''
			)
		);
		return reply
			.header('content-type', 'text/csv; charset=utf-8')
			.header('content-disposition', `attachment; filename="${safeFileName(fileName)}"`)
			.send(csv);
	});
}

/** The name goes inside a quoted header value, so nothing but plain name characters is kept. */
function safeFileName(name: string): string {
	return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
