import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { formatExportCsv, formatExportJson } from '../../../core/value-export.js';
import { ExportRefusedError, exportValues } from '../../../exports/export-values.js';
import type { Services } from '../../../services.js';
import { ApiError } from '../../errors.js';
import {
	readAreaParam,
	readMetricParam,
	readPeriodParam,
	rejectUnknownParams
} from '../../query-params.js';
import { readPartnerParam, VALUES_REFUSAL } from './values.js';

const PARAMS = ['period', 'metric', 'partner', 'area'] as const;

/**
 * GET /api/v1/export.csv and /api/v1/export.json[?period=…&metric=…&partner=…&area=…]: every
 * figure the reader may see, in long format with its submission's status and the upload that set
 * it (SPEC §5, §7), as a download. The same bytes as `strategy-tracker export` for the same
 * filters; written a page of rows at a time, so a large export is streamed, not built in memory.
 * Who sees what is exports/export-values.ts: the values API's rules.
 */
export async function exportRoutes(app: FastifyInstance, opts: { services: Services }) {
	const { services } = opts;
	const config = {
		capability: ['export', 'view-submissions'] as const,
		refusal: VALUES_REFUSAL
	};
	app.get('/export.csv', { config }, (request, reply) => sendExport(request, reply, 'csv'));
	app.get('/export.json', { config }, (request, reply) => sendExport(request, reply, 'json'));

	async function sendExport(request: FastifyRequest, reply: FastifyReply, format: 'csv' | 'json') {
		rejectUnknownParams(request, PARAMS);
		const framework = services.framework.load();
		const selection = {
			period: readPeriodParam(request),
			metric: readMetricParam(request, framework),
			partner: readPartnerParam(request, framework, request.principal),
			area: readAreaParam(request, framework)
		};
		let exported;
		try {
			exported = exportValues(services, framework, request.principal, selection, request.ip);
		} catch (error) {
			if (error instanceof ExportRefusedError) throw new ApiError(403, 'forbidden', error.message);
			throw error;
		}
		const chunks =
			format === 'csv'
				? formatExportCsv(exported.rows)
				: formatExportJson(exported.rows, exported.suppression);
		return reply
			.header(
				'content-type',
				format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8'
			)
			.header(
				'content-disposition',
				`attachment; filename="${exported.fileName(format).replace(/[^A-Za-z0-9._-]/g, '_')}"`
			)
			.send(Readable.from(chunks));
	}
}
