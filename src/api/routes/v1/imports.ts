/**
 * POST /api/v1/imports: a CSV file of figures, checked (`dryRun=true`, the default) or stored
 * (`dryRun=false`) by the import service that every door shares (SPEC §4, §7). The file is the
 * request body (`text/csv`) or the field `file` of a multipart form.
 * @see https://github.com/fastify/fastify-multipart
 *
 * Answers: 200 with the summary when the file is good, 422 with the summary when it has errors
 * (nothing is stored), 413 over MAX_UPLOAD_BYTES, 415 for a body that is not a CSV upload, 400
 * for a bad dryRun or period, 404 for a partner the caller may not submit for. Who may call it at
 * all (401, 403, cross-site) is settled by plugins/auth.ts before the body is read.
 */
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';

import { describeFileTooLarge } from '../../../core/csv-decode.js';
import type { Services } from '../../../services.js';
import { ApiError } from '../../errors.js';
import { queryText, withImportTargetAwaited } from '../../import-request.js';

/**
 * The body types read as a CSV file. `application/csv` is not registered but some tools send it;
 * `text/plain` is what a CSV is, and what scripts often label it. Each is handed over as bytes,
 * whatever charset it claims: the import decodes the bytes itself (UTF-8, UTF-16, Windows-1252),
 * and refuses a binary file (a workbook, an image) by its content, as a 422 that says what it is.
 * `application/octet-stream` is not among them: it says "unknown", and a 415 naming the types
 * teaches the caller to label the upload, where a 422 about its bytes would not.
 */
export const CSV_BODY_TYPES = ['text/csv', 'application/csv', 'text/plain'] as const;

/** The multipart field that carries the file. */
const FILE_FIELD = 'file';

/** An upload needs the file and nothing else; these leave room for a form's stray fields only. */
const MULTIPART_LIMITS = { files: 1, parts: 10, fields: 8, fieldSize: 1024, fieldNameSize: 100 };

interface UploadedFile {
	bytes: Buffer;
	fileName: string | null;
	contentType: string | null;
}

export async function importRoutes(app: FastifyInstance, opts: { services: Services }) {
	const { services } = opts;
	const maxBytes = services.config.maxUploadBytes;

	// This scope reads only CSV bodies and multipart forms: Fastify's JSON and text parsers go, so
	// anything else is a 415, and text/plain arrives as the exact bytes, never decoded to a string.
	app.removeAllContentTypeParsers();
	for (const type of CSV_BODY_TYPES)
		app.addContentTypeParser(
			type,
			{ parseAs: 'buffer', bodyLimit: maxBytes },
			(_request, body, done) => done(null, body)
		);
	await app.register(multipart, {
		limits: { ...MULTIPART_LIMITS, fileSize: maxBytes },
		// A truncated file must never be imported: reading past the limit throws (413) instead.
		throwFileSizeLimit: true,
		// The part named "file" is the file even without a file name (curl's -F "file=<x.csv"), so
		// its bytes are kept exactly and its size is limited like any file's.
		isPartAFile: (fieldName, contentType, fileName) =>
			fieldName === FILE_FIELD ||
			contentType === 'application/octet-stream' ||
			fileName !== undefined
	});
	// Fastify's and the multipart plugin's own errors are worded for developers; these are for the
	// person uploading. Thrown on, so the API's one handler (errors.ts) still sends the answer.
	app.setErrorHandler((error: FastifyError, request) => {
		throw uploadError(error, request) ?? error;
	});

	function uploadError(error: FastifyError, request: FastifyRequest): ApiError | null {
		switch (error.code) {
			case 'FST_ERR_CTP_BODY_TOO_LARGE':
				// A raw body is the file, so its declared length is the file's size: saying it helps
				// the person decide how to split the file. Sent in chunks, it has no declared length.
				return tooLarge(declaredLength(request));
			case 'FST_REQ_FILE_TOO_LARGE':
				return tooLarge(null);
			case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
				return notCsv(request.headers['content-type'] ?? null);
			case 'FST_FILES_LIMIT':
				return new ApiError(
					400,
					'bad_request',
					`Send one file per upload, in the form field "${FILE_FIELD}".`
				);
			case 'FST_PARTS_LIMIT':
			case 'FST_FIELDS_LIMIT':
			case 'FST_PROTO_VIOLATION':
			case 'FST_INVALID_JSON_FIELD_ERROR':
				return new ApiError(
					400,
					'bad_request',
					`The form has fields an upload does not use. Send only the file, in the field "${FILE_FIELD}".`
				);
			default:
				return null;
		}
	}

	function tooLarge(size: number | null): ApiError {
		// In the import's own words (core/csv-decode.ts), so every door says the same.
		return new ApiError(413, 'payload_too_large', describeFileTooLarge(size, maxBytes));
	}

	app.post('/imports', { config: { capability: 'submit-figures' } }, async (request, reply) => {
		const dryRun = readDryRun(queryText(request, 'dryRun'));
		const period = queryText(request, 'period');
		const partner = queryText(request, 'partner');
		const file = request.isMultipart() ? await readMultipartFile(request) : readRawBody(request);
		const { summary } = await withImportTargetAwaited(() =>
			services.imports.importFileInSlices({
				principal: request.principal,
				framework: services.framework.load(),
				partnerCode: partner ?? null,
				period: period ?? null,
				dryRun,
				source: 'api',
				ip: request.ip,
				...file
			})
		);
		return reply.code(summary.ok ? 200 : 422).send(summary);
	});

	async function readMultipartFile(request: FastifyRequest): Promise<UploadedFile> {
		let found: UploadedFile | null = null;
		try {
			// Other fields are skipped: what to do is said in the query string, as for a raw body.
			for await (const part of request.parts()) {
				if (part.type !== 'file') continue;
				if (part.fieldname !== FILE_FIELD)
					throw new ApiError(
						400,
						'bad_request',
						`The file was sent in the field "${part.fieldname.slice(0, 50)}": send it in the field "${FILE_FIELD}".`
					);
				found = await readPart(part);
			}
		} catch (error) {
			if (error instanceof ApiError) throw error;
			const known = uploadError(error as FastifyError, request);
			if (known) throw known;
			// busboy's own complaints (no boundary, a form cut short) are the client's, not ours.
			request.log.info({ err: error }, 'unreadable multipart body');
			throw new ApiError(
				400,
				'bad_request',
				'The form data could not be read: it is incomplete or malformed. Send it again.'
			);
		}
		if (!found)
			throw new ApiError(
				400,
				'file_missing',
				`The form has no file: send the CSV file in the field "${FILE_FIELD}".`
			);
		return found;
	}

	async function readPart(part: MultipartFile): Promise<UploadedFile> {
		const bytes = await part.toBuffer();
		// toBuffer throws when the file is cut short at the limit; this is the second lock.
		if (part.file.truncated) throw tooLarge(null);
		return {
			bytes,
			// Cut and cleaned by the import service (core/upload-file-name.ts), like every door's.
			fileName: part.filename || null,
			contentType: part.mimetype ? part.mimetype.slice(0, 100) : null
		};
	}

	function readRawBody(request: FastifyRequest): UploadedFile {
		const type = request.headers['content-type'];
		// A POST with no body and no Content-Type skips the parsers altogether.
		if (!Buffer.isBuffer(request.body)) throw notCsv(type ?? null);
		return { bytes: request.body, fileName: null, contentType: type ? type.slice(0, 100) : null };
	}

	function notCsv(type: string | null): ApiError {
		const sent = type ? `"${type.split(';', 1)[0]!.trim().slice(0, 100)}"` : 'no Content-Type';
		return new ApiError(
			415,
			'unsupported_media_type',
			`Send the CSV file as the request body with the Content-Type "text/csv", or as the field "${FILE_FIELD}" of a multipart/form-data form; this request sent ${sent}.`
		);
	}
}

function declaredLength(request: FastifyRequest): number | null {
	if (request.isMultipart()) return null;
	const length = Number(request.headers['content-length']);
	return Number.isSafeInteger(length) && length > 0 ? length : null;
}

/** `dryRun` is true unless it says false: nothing is stored unless the caller asks for it. */
function readDryRun(text: string | undefined): boolean {
	if (text === undefined) return true;
	const value = text.trim().toLowerCase();
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw new ApiError(
		400,
		'bad_request',
		'dryRun must be "true" (check the file and store nothing) or "false" (store the figures).'
	);
}
