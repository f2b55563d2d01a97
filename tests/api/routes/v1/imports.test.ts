import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ImportSummary } from '../../../../src/core/import-issues.js';
import {
	buildTestApp,
	createTestApiToken,
	partnerIdOf,
	signedInUser,
	type TestApp
} from '../../../helpers/build-app.js';

/** Small, so an over-limit file is quick to build; the default is 5 MB. */
const MAX_BYTES = 4096;
const ORIGIN = 'http://localhost:3000';
const Q1 = '2025-26-q1';

/** Two of Humberside Police's figures, as a partner's data lead would send them. */
const HP_FILE = Buffer.from('metric_code,area,value,comment\r\nP2.01,HULL,12,\r\nP2.01,ERY,7,\r\n');
/** The same two figures, one of them not a number. */
const BAD_FILE = Buffer.from('metric_code,area,value\r\nP2.01,HULL,twelve\r\nP2.01,ERY,7\r\n');

interface Upload {
	source: string;
	partner_id: number | null;
	file_name: string | null;
	content_type: string | null;
	byte_size: number;
	sha256: string;
	content: Buffer;
	uploaded_by_user_id: number | null;
	api_token_id: number | null;
	actor_label: string;
	ip: string;
}

/** A multipart/form-data body built by hand, so the file's bytes in it are exactly known. */
function multipartBody(
	file: Buffer,
	options: { field?: string; fileName?: string | null; type?: string; extra?: string } = {}
): { payload: Buffer; contentType: string } {
	const boundary = '----strategy-tracker-test-boundary';
	const { field = 'file', fileName = 'figures.csv', type = 'text/csv', extra = '' } = options;
	const disposition = `form-data; name="${field}"${fileName === null ? '' : `; filename="${fileName}"`}`;
	return {
		payload: Buffer.concat([
			Buffer.from(extra.replaceAll('BOUNDARY', boundary)),
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${type}\r\n\r\n`
			),
			file,
			Buffer.from(`\r\n--${boundary}--\r\n`)
		]),
		contentType: `multipart/form-data; boundary=${boundary}`
	};
}

describe('POST /api/v1/imports', () => {
	let built: TestApp;
	let partnerCookie: string;
	let coordinatorCookie: string;
	let hpToken: { authorization: string; id: number };

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework', env: { MAX_UPLOAD_BYTES: String(MAX_BYTES) } });
		partnerCookie = (await signedInUser(built.services, 'partner', { partner: 'HP' })).cookie;
		coordinatorCookie = (await signedInUser(built.services, 'coordinator')).cookie;
		hpToken = createTestApiToken(built.services, 'HP');
	});

	afterAll(async () => {
		await built.close();
	});

	// Each test runs in a transaction that is rolled back after it (the import's own transaction
	// nests as a savepoint), so "created" and "nothing stored" mean what they say. Signing in is
	// slow on purpose, so the users are made once rather than in a fresh database per test.
	beforeEach(() => {
		built.services.db.$client.exec('BEGIN');
	});

	afterEach(() => {
		built.services.db.$client.exec('ROLLBACK');
	});

	const count = (table: 'uploads' | 'figures') =>
		built.services.db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
	const uploads = () =>
		built.services.db.$client.prepare('SELECT * FROM uploads ORDER BY id').all() as Upload[];

	function post(
		query: string,
		body: Buffer | Readable | string | undefined,
		headers: Record<string, string>
	): Promise<LightMyRequestResponse> {
		return built.app.inject({
			method: 'POST',
			url: `/api/v1/imports${query}`,
			headers,
			...(body === undefined ? {} : { payload: body })
		});
	}
	const asToken = (type = 'text/csv') => ({
		authorization: hpToken.authorization,
		'content-type': type
	});
	const asPartner = (type = 'text/csv') => ({
		cookie: partnerCookie,
		origin: ORIGIN,
		'content-type': type
	});

	function expectError(res: LightMyRequestResponse, status: number, code: string) {
		expect(res.statusCode, res.body).toBe(status);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		const body = res.json() as { error: { code: string; message: string } };
		expect(body.error.code).toBe(code);
		// A sentence for a person, not an internal error name.
		expect(body.error.message).toMatch(/^\S.+\.$/);
		expect(body.error.message).not.toMatch(/FST_|Error:/);
		return body.error.message;
	}

	describe('a good file', () => {
		it('checks it without storing anything when dryRun is not given', async () => {
			const res = await post(`?period=${Q1}`, HP_FILE, asToken());
			expect(res.statusCode, res.body).toBe(200);
			const summary = res.json() as ImportSummary;
			expect(summary).toMatchObject({
				ok: true,
				dryRun: true,
				rows: 2,
				created: 2,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				errors: [],
				warnings: []
			});
			expect(summary.changes.map((c) => [c.partnerCode, c.metricCode, c.areaCode, c.type])).toEqual(
				[
					['HP', 'P2.01', 'HULL', 'created'],
					['HP', 'P2.01', 'ERY', 'created']
				]
			);
			expect(count('uploads')).toBe(0);
			expect(count('figures')).toBe(0);
		});

		it('checks it without storing anything for dryRun=true', async () => {
			const res = await post(`?dryRun=true&period=${Q1}`, HP_FILE, asToken());
			expect(res.statusCode).toBe(200);
			expect(res.json()).toMatchObject({ ok: true, dryRun: true, created: 2 });
			expect(count('uploads')).toBe(0);
		});

		it('stores it for dryRun=false, keeping the exact bytes, their SHA-256 and who sent them', async () => {
			const res = await post(`?dryRun=false&period=${Q1}`, HP_FILE, {
				...asToken('text/csv; charset=utf-8'),
				'x-forwarded-for': '203.0.113.9'
			});
			expect(res.statusCode, res.body).toBe(200);
			expect(res.json()).toMatchObject({ ok: true, dryRun: false, created: 2 });
			expect(count('figures')).toBe(2);
			const [upload] = uploads();
			expect(upload).toMatchObject({
				source: 'api',
				partner_id: partnerIdOf(built.services, 'HP'),
				file_name: null,
				content_type: 'text/csv; charset=utf-8',
				byte_size: HP_FILE.length,
				sha256: createHash('sha256').update(HP_FILE).digest('hex'),
				uploaded_by_user_id: null,
				api_token_id: hpToken.id,
				// The proxy header is not trusted (trustProxy is off): the address is the connection's.
				ip: '127.0.0.1'
			});
			expect(Buffer.compare(upload!.content, HP_FILE)).toBe(0);
			expect(upload!.actor_label).toMatch(/API token/);
		});

		it('reports every figure unchanged when the same file is stored again', async () => {
			expect((await post(`?dryRun=false&period=${Q1}`, HP_FILE, asToken())).statusCode).toBe(200);
			const again = await post(`?dryRun=false&period=${Q1}`, HP_FILE, asToken());
			expect(again.json()).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 2 });
			expect(count('figures')).toBe(2);
		});

		it('keeps a Windows-1252 file byte for byte: the body is never decoded on the way in', async () => {
			// "£" and "é" as Excel on Windows writes them: one byte each, not valid UTF-8.
			const file = Buffer.concat([
				Buffer.from('metric_code,area,value,comment\r\nP2.01,HULL,12,caf'),
				Buffer.from([0xe9, 0x20, 0xa3]),
				Buffer.from('5 grant\r\n')
			]);
			const res = await post(`?dryRun=false&period=${Q1}`, file, asPartner('text/plain'));
			expect(res.statusCode, res.body).toBe(200);
			const [upload] = uploads();
			expect(Buffer.compare(upload!.content, file)).toBe(0);
			expect(upload!.sha256).toBe(createHash('sha256').update(file).digest('hex'));
		});

		it('accepts the file as the multipart field "file" and keeps its name and bytes', async () => {
			const { payload, contentType } = multipartBody(HP_FILE, { fileName: 'hp-q1.csv' });
			const res = await post(`?dryRun=false&period=${Q1}`, payload, asPartner(contentType));
			expect(res.statusCode, res.body).toBe(200);
			const [upload] = uploads();
			expect(upload).toMatchObject({
				source: 'api',
				file_name: 'hp-q1.csv',
				content_type: 'text/csv',
				byte_size: HP_FILE.length,
				sha256: createHash('sha256').update(HP_FILE).digest('hex')
			});
			expect(Buffer.compare(upload!.content, HP_FILE)).toBe(0);
			expect(upload!.uploaded_by_user_id).not.toBeNull();
		});

		it('gives the same summary through multipart and a raw body, good file or bad', async () => {
			for (const file of [HP_FILE, BAD_FILE]) {
				const raw = await post(`?period=${Q1}`, file, asToken());
				const form = multipartBody(file);
				const viaForm = await post(`?period=${Q1}`, form.payload, asToken(form.contentType));
				expect(viaForm.statusCode).toBe(raw.statusCode);
				expect(viaForm.json()).toEqual(raw.json());
			}
		});

		it('takes a form field named "file" as the file even without a file name', async () => {
			const form = multipartBody(HP_FILE, { fileName: null });
			const res = await post(`?period=${Q1}`, form.payload, asToken(form.contentType));
			expect(res.statusCode, res.body).toBe(200);
			expect(res.json()).toMatchObject({ ok: true, created: 2 });
		});

		it('skips other form fields: what to do is said in the address', async () => {
			const form = multipartBody(HP_FILE, {
				extra: '--BOUNDARY\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\nfalse\r\n'
			});
			const res = await post(`?period=${Q1}`, form.payload, asToken(form.contentType));
			expect(res.json()).toMatchObject({ ok: true, dryRun: true });
			expect(count('uploads')).toBe(0);
		});

		it('accepts application/csv and any letter case of the type', async () => {
			for (const type of ['application/csv', 'TEXT/CSV', 'text/csv;charset=windows-1252']) {
				const res = await post(`?period=${Q1}`, HP_FILE, asToken(type));
				expect(res.statusCode, type).toBe(200);
			}
		});
	});

	describe('a file with errors', () => {
		it('answers 422 with the summary and stores nothing', async () => {
			const res = await post(`?dryRun=false&period=${Q1}`, BAD_FILE, asToken());
			expect(res.statusCode).toBe(422);
			expect(res.headers['content-type']).toMatch(/^application\/json/);
			const summary = res.json() as ImportSummary;
			expect(summary).toMatchObject({ ok: false, dryRun: false, rows: 2, created: 0, changes: [] });
			expect(summary.errors).toEqual([
				expect.objectContaining({ row: 2, column: 'value', value: 'twelve' })
			]);
			expect(count('uploads')).toBe(0);
			expect(count('figures')).toBe(0);
		});

		it('answers 422 for an empty body, with the import’s own words', async () => {
			const res = await post(`?period=${Q1}`, '', asToken());
			expect(res.statusCode).toBe(422);
			expect((res.json() as ImportSummary).errors[0]!.message).toBe(
				'The file is empty. Choose the CSV file with your figures in it.'
			);
		});

		it('answers 422 for a workbook sent as text/csv, naming what it is', async () => {
			const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);
			const res = await post(`?period=${Q1}`, xlsx, asToken());
			expect(res.statusCode).toBe(422);
			expect((res.json() as ImportSummary).errors[0]!.message).toMatch(/Excel workbook/);
		});
	});

	describe('over the size limit (413)', () => {
		const big = Buffer.from(
			'metric_code,area,value,comment\r\n' + 'P2.01,HULL,12,padding\r\n'.repeat(200)
		);

		it('refuses a raw body, saying how large the file is and what the limit is', async () => {
			expect(big.length).toBeGreaterThan(MAX_BYTES);
			const res = await post(`?dryRun=false&period=${Q1}`, big, asToken());
			expect(expectError(res, 413, 'payload_too_large')).toBe(
				'The file is 5 KB, over the upload limit of 4 KB. Split it into smaller files, for example one per quarter.'
			);
			expect(count('uploads')).toBe(0);
		});

		it('refuses a raw body sent in chunks, without a declared length', async () => {
			const res = await post(`?dryRun=false&period=${Q1}`, Readable.from([big]), asToken());
			expect(expectError(res, 413, 'payload_too_large')).toBe(
				'The file is over the upload limit of 4 KB. Split it into smaller files, for example one per quarter.'
			);
			expect(count('uploads')).toBe(0);
		});

		it('refuses a multipart file cut off at the limit, and imports none of it', async () => {
			const form = multipartBody(big);
			const res = await post(`?dryRun=false&period=${Q1}`, form.payload, asToken(form.contentType));
			expect(expectError(res, 413, 'payload_too_large')).toBe(
				'The file is over the upload limit of 4 KB. Split it into smaller files, for example one per quarter.'
			);
			expect(count('uploads')).toBe(0);
			expect(count('figures')).toBe(0);
		});

		it('lets a file of exactly the limit through to the import', async () => {
			// Padded with blank lines, which the import skips.
			const exact = Buffer.alloc(MAX_BYTES, '\r\n');
			HP_FILE.copy(exact);
			expect(exact.length).toBe(MAX_BYTES);
			for (const form of [null, multipartBody(exact)]) {
				const res = form
					? await post(`?period=${Q1}`, form.payload, asToken(form.contentType))
					: await post(`?period=${Q1}`, exact, asToken());
				expect(res.statusCode, res.body).toBe(200);
			}
		});
	});

	describe('a body that is not a CSV upload (415)', () => {
		it.each([
			['application/json', '{"metric_code":"P2.01"}'],
			['image/png', '\x89PNG\r\n'],
			['application/octet-stream', HP_FILE.toString()],
			['application/x-www-form-urlencoded', 'file=P2.01']
		])('refuses %s and names the types that work', async (type, body) => {
			const res = await post(`?dryRun=false&period=${Q1}`, body, asToken(type));
			const message = expectError(res, 415, 'unsupported_media_type');
			expect(message).toBe(
				`Send the CSV file as the request body with the Content-Type "text/csv", or as the field "file" of a multipart/form-data form; this request sent "${type}".`
			);
			expect(count('uploads')).toBe(0);
		});

		it('refuses a body with no Content-Type, and a POST with no body at all', async () => {
			const headers = { authorization: hpToken.authorization };
			for (const body of [HP_FILE, undefined]) {
				const message = expectError(
					await post(`?period=${Q1}`, body, headers),
					415,
					'unsupported_media_type'
				);
				expect(message).toMatch(/this request sent no Content-Type\.$/);
			}
		});
	});

	describe('a bad request (400)', () => {
		it.each(['yes', '', '1', 'maybe'])('refuses dryRun=%s', async (value) => {
			const res = await post(`?dryRun=${value}&period=${Q1}`, HP_FILE, asToken());
			expect(expectError(res, 400, 'bad_request')).toBe(
				'dryRun must be "true" (check the file and store nothing) or "false" (store the figures).'
			);
		});

		it('refuses dryRun given twice rather than picking one', async () => {
			const res = await post(`?dryRun=true&dryRun=false&period=${Q1}`, HP_FILE, asToken());
			expectError(res, 400, 'bad_request');
			expect(count('uploads')).toBe(0);
		});

		it('refuses a bare calendar quarter and names the financial-year label it might mean', async () => {
			const res = await post('?period=2025%20Q1', HP_FILE, asToken());
			expect(expectError(res, 400, 'bad_period')).toMatch(/2025-26/);
		});

		it('refuses a form without the file, or with the file in another field', async () => {
			const noFile = multipartBody(Buffer.from('x'), { field: 'note', fileName: null });
			expect(
				expectError(
					await post(`?period=${Q1}`, noFile.payload, asToken(noFile.contentType)),
					400,
					'file_missing'
				)
			).toBe('The form has no file: send the CSV file in the field "file".');
			const elsewhere = multipartBody(HP_FILE, { field: 'upload' });
			expect(
				expectError(
					await post(`?period=${Q1}`, elsewhere.payload, asToken(elsewhere.contentType)),
					400,
					'bad_request'
				)
			).toBe('The file was sent in the field "upload": send it in the field "file".');
		});

		it('refuses two files in one form', async () => {
			const second = multipartBody(HP_FILE);
			const form = multipartBody(HP_FILE, {
				extra: second.payload
					.toString()
					.replace(/--\r\n$/, '\r\n')
					.replace(/\r\n--[^\r]*\r\n$/, '\r\n')
			});
			const res = await post(`?dryRun=false&period=${Q1}`, form.payload, asToken(form.contentType));
			expect(expectError(res, 400, 'bad_request')).toBe(
				'Send one file per upload, in the form field "file".'
			);
			expect(count('uploads')).toBe(0);
		});

		it('refuses a multipart body cut short', async () => {
			const form = multipartBody(HP_FILE);
			const cut = form.payload.subarray(0, form.payload.length - 10);
			const res = await post(`?period=${Q1}`, cut, asToken(form.contentType));
			expectError(res, 400, 'bad_request');
		});
	});

	describe('who may send it', () => {
		it('asks an anonymous caller to sign in (401)', async () => {
			const res = await post(`?dryRun=false&period=${Q1}`, HP_FILE, { 'content-type': 'text/csv' });
			expectError(res, 401, 'unauthenticated');
			expect(res.headers['www-authenticate']).toBe('Bearer');
			expect(count('uploads')).toBe(0);
		});

		it.each(['funder', 'viewer'] as const)(
			'refuses a %s, who has no figures to submit (403)',
			async (role) => {
				const { cookie } = await signedInUser(built.services, role);
				const res = await post(`?dryRun=false&partner=HP&period=${Q1}`, HP_FILE, {
					cookie,
					origin: ORIGIN,
					'content-type': 'text/csv'
				});
				expectError(res, 403, 'forbidden');
				expect(count('uploads')).toBe(0);
			}
		);

		it('lets a partner user and a partner token name their own partner', async () => {
			for (const headers of [asPartner(), asToken()]) {
				const res = await post(`?partner=hp&period=${Q1}`, HP_FILE, headers);
				expect(res.statusCode, res.body).toBe(200);
			}
		});

		it("answers a partner naming another partner's code with a 404 that reveals nothing", async () => {
			for (const headers of [asPartner(), asToken()]) {
				const other = await post(`?dryRun=false&partner=HCC&period=${Q1}`, HP_FILE, headers);
				const unknown = await post(`?dryRun=false&partner=NOPE&period=${Q1}`, HP_FILE, headers);
				expect(expectError(other, 404, 'not_found')).toBe(
					'There is no partner "HCC" that you can submit figures for.'
				);
				expect(expectError(unknown, 404, 'not_found')).toBe(
					'There is no partner "NOPE" that you can submit figures for.'
				);
			}
			expect(count('uploads')).toBe(0);
			expect(count('figures')).toBe(0);
		});

		it("refuses a token's file whose partner_code names another partner (422), storing nothing", async () => {
			const file = Buffer.from(
				'partner_code,metric_code,area,value\r\nHP,P2.01,HULL,12\r\nHCC,P2.08,HULL,3\r\n'
			);
			const res = await post(`?dryRun=false&period=${Q1}`, file, asToken());
			expect(res.statusCode).toBe(422);
			const summary = res.json() as ImportSummary;
			expect(summary.errors).toEqual([
				expect.objectContaining({
					row: 3,
					column: 'partner_code',
					value: 'HCC',
					code: 'partner-mismatch'
				})
			]);
			expect(count('uploads')).toBe(0);
			expect(count('figures')).toBe(0);
		});

		it('lets the coordinator send a file for any partner, or for several with partner_code', async () => {
			const forHcc = Buffer.from('metric_code,area,value\r\nP2.08,HULL,3\r\n');
			const one = await post(`?partner=HCC&period=${Q1}`, forHcc, {
				cookie: coordinatorCookie,
				origin: ORIGIN,
				'content-type': 'text/csv'
			});
			expect(one.statusCode, one.body).toBe(200);
			const several = Buffer.from(
				'partner_code,metric_code,area,value\r\nHP,P2.01,HULL,12\r\nHCC,P2.08,HULL,3\r\n'
			);
			const res = await post(`?dryRun=false&period=${Q1}`, several, {
				cookie: coordinatorCookie,
				origin: ORIGIN,
				'content-type': 'text/csv'
			});
			expect(res.statusCode, res.body).toBe(200);
			expect(res.json()).toMatchObject({ created: 2 });
			expect(uploads()[0]).toMatchObject({ source: 'api', partner_id: null });
		});

		it('refuses a cookie-signed upload from another site, or with no origin at all (CSRF)', async () => {
			for (const origin of ['https://evil.example', undefined]) {
				const headers: Record<string, string> = {
					cookie: partnerCookie,
					'content-type': 'text/csv'
				};
				if (origin) headers.origin = origin;
				const res = await post(`?dryRun=false&period=${Q1}`, HP_FILE, headers);
				expect(expectError(res, 403, 'forbidden')).toMatch(/cross-site/);
			}
			expect(count('uploads')).toBe(0);
		});

		it('accepts a token from anywhere: the browser never attaches it by itself', async () => {
			const res = await post(`?dryRun=false&period=${Q1}`, HP_FILE, {
				...asToken(),
				origin: 'https://partner-system.example'
			});
			expect(res.statusCode).toBe(200);
			expect(count('uploads')).toBe(1);
		});

		it('refuses before reading the body: an anonymous JSON post is 401, not 415', async () => {
			const res = await post('', '{}', { 'content-type': 'application/json' });
			expectError(res, 401, 'unauthenticated');
		});
	});
});
