/**
 * Hostile requests to the API (issue 7): bodies over the limit, malformed multipart, path tricks
 * in file names, huge and odd query strings, bad JSON, a client that trickles its upload, an
 * address too long for the server. Each gets a bounded answer in the API's JSON shape with a
 * sentence for a person: never a 500, never a hang. Most go through `app.inject`; what only a
 * real socket shows (timeouts, Node's header limit) goes to the app listening on 127.0.0.1.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
	buildTestApp,
	createTestApiToken,
	signedInUser,
	type TestApp
} from '../helpers/build-app.js';

const MAX_BYTES = 4096;
const ORIGIN = 'http://localhost:3000';
const Q1 = '2025-26-q1';
const CSV = 'metric_code,area,value\r\nP2.01,HULL,12\r\n';

/** A multipart body written out by hand, so that every byte of it is the test's choice. */
function multipart(parts: string[], boundary = 'hostile-boundary'): string {
	return parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('') + `--${boundary}--\r\n`;
}

function filePart(fileName: string, content = CSV): string {
	return `Content-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}`;
}

function expectRefusal(res: LightMyRequestResponse | RawAnswer, status: number): string {
	const statusCode = 'statusCode' in res ? res.statusCode : res.status;
	const body = 'body' in res ? res.body : '';
	expect(statusCode, body).toBe(status);
	const parsed = JSON.parse(body) as { error: { code: string; message: string } };
	// A sentence for a person: no internal error names, bounded whatever the request held.
	expect(parsed.error.message).toMatch(/^\S.+\.$/);
	expect(parsed.error.message).not.toMatch(/FST_|Error:|content-type is set/);
	expect(body.length).toBeLessThan(1000);
	return parsed.error.message;
}

describe('hostile requests through app.inject', () => {
	let built: TestApp;
	let token: string;
	let coordinatorCookie: string;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework', env: { MAX_UPLOAD_BYTES: String(MAX_BYTES) } });
		token = createTestApiToken(built.services, 'HP').authorization;
		coordinatorCookie = (await signedInUser(built.services, 'coordinator')).cookie;
	});

	afterAll(async () => {
		await built.close();
	});

	// Each test's writes are rolled back; the import's own transaction nests as a savepoint.
	beforeEach(() => {
		built.services.db.$client.exec('BEGIN');
	});

	afterEach(() => {
		built.services.db.$client.exec('ROLLBACK');
	});

	const upload = (query: string, payload: string | Buffer, type: string) =>
		built.app.inject({
			method: 'POST',
			url: `/api/v1/imports${query}`,
			headers: { authorization: token, 'content-type': type },
			payload
		});
	const form = (payload: string) => upload(`?period=${Q1}&dryRun=false`, payload, FORM_TYPE);
	const FORM_TYPE = 'multipart/form-data; boundary=hostile-boundary';
	const storedNames = () =>
		built.services.db.$client
			.prepare('SELECT file_name FROM uploads ORDER BY id')
			.pluck()
			.all() as (string | null)[];

	describe('an upload body', () => {
		it('one byte over MAX_UPLOAD_BYTES is refused with 413, raw or in a form, and nothing is stored', async () => {
			const over = Buffer.alloc(MAX_BYTES + 1, '\n');
			Buffer.from(CSV).copy(over);
			for (const res of [
				await upload(`?period=${Q1}&dryRun=false`, over, 'text/csv'),
				await form(multipart([filePart('figures.csv', over.toString())]))
			])
				expect(expectRefusal(res, 413)).toMatch(/over the upload limit of 4 KB/);
			expect(storedNames()).toEqual([]);
		});

		it('multipart without a boundary is a 400 saying the form could not be read', async () => {
			const res = await upload(
				`?period=${Q1}`,
				multipart([filePart('figures.csv')]),
				'multipart/form-data'
			);
			expect(expectRefusal(res, 400)).toBe(
				'The form data could not be read: it is incomplete or malformed. Send it again.'
			);
		});

		it('a part with thousands of headers is a 400, not a crash', async () => {
			const headers = Array.from({ length: 3000 }, (_, i) => `X-Padding-${i}: x`).join('\r\n');
			const res = await form(multipart([`${headers}\r\n${filePart('figures.csv')}`]));
			expectRefusal(res, 400);
		});

		it('CSV-looking JSON labelled text/csv is read as a CSV and refused as one, with a summary', async () => {
			const res = await upload(`?period=${Q1}`, '{"metric_code":"P2.01","value":12}', 'text/csv');
			expect(res.statusCode).toBe(422);
			expect((res.json() as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
		});
	});

	describe("an uploaded file's name", () => {
		it.each([
			['../../etc/passwd', 'passwd'],
			['..\\..\\x.csv', 'x.csv'],
			['C:\\Users\\ana\\figures.csv', 'figures.csv'],
			['fig\u0000ures.csv', 'figures.csv'],
			['figures\u202Evsc.exe', 'figuresvsc.exe'],
			['\u2067figures.csv\u2069', 'figures.csv']
		])('%j is stored as %j: its last segment, without control characters', async (sent, kept) => {
			const res = await form(multipart([filePart(sent)]));
			expect(res.statusCode, res.body).toBe(200);
			expect(storedNames()).toEqual([kept]);
		});

		it('of 4,000 characters is stored cut to 255', async () => {
			const res = await form(multipart([filePart(`${'n'.repeat(4000)}.csv`)]));
			expect(res.statusCode, res.body).toBe(200);
			expect(storedNames()).toEqual(['n'.repeat(255)]);
		});

		it('that is only a path is stored as no name at all', async () => {
			const res = await form(multipart([filePart('../../')]));
			expect(res.statusCode, res.body).toBe(200);
			expect(storedNames()).toEqual([null]);
		});
	});

	describe('a query string', () => {
		const values = (query: string) =>
			built.app.inject({
				method: 'GET',
				url: `/api/v1/values?${query}`,
				headers: { authorization: token }
			});

		it('of 100 KB gets a 400 that quotes only the start of it', async () => {
			for (const query of [`metric=${'x'.repeat(100_000)}`, `${'y'.repeat(100_000)}=1`]) {
				expect(expectRefusal(await values(query), 400)).toMatch(/"(x|y){40}…"/);
			}
		});

		it('naming a parameter twice is refused rather than one of the two picked', async () => {
			expect(expectRefusal(await values('period=2025-26-q1&period=2025-26-q2'), 400)).toBe(
				'Give period once in the address, not several times.'
			);
		});

		it.each(['period[a][b]=1', '__proto__[x]=1', 'constructor[prototype][x]=1'])(
			'with the nested or prototype-shaped parameter %s is a 400 naming it',
			async (query) => {
				expect(expectRefusal(await values(query), 400)).toContain(
					`Unknown query parameter "${query.split('=')[0]}"`
				);
			}
		);

		it('with 5,000 unknown parameters names three of them, not all', async () => {
			const query = Array.from({ length: 5000 }, (_, i) => `p${i}=1`).join('&');
			expect(expectRefusal(await values(query), 400)).toMatch(
				/^Unknown query parameter "p0", "p1", "p2" and 4997 more\./
			);
		});
	});

	describe('a JSON body', () => {
		const review = (payload: string, type = 'application/json') =>
			built.app.inject({
				method: 'POST',
				url: `/api/v1/submissions/HP/${Q1}/approve`,
				headers: { cookie: coordinatorCookie, origin: ORIGIN, 'content-type': type },
				payload
			});

		it.each([
			['cut short', '{"version":'],
			['carrying __proto__', '{"__proto__":{"admin":true},"version":1}'],
			['carrying constructor.prototype', '{"constructor":{"prototype":{"admin":true}}}']
		])('%s is a 400 saying it is not valid JSON', async (_, payload) => {
			expect(expectRefusal(await review(payload), 400)).toBe(
				'The body is not valid JSON. Send a JSON object, for example {"version": 3}.'
			);
		});

		it('that is empty but labelled JSON is a 400 that says so', async () => {
			expect(expectRefusal(await review(''), 400)).toMatch(/^The body is empty/);
		});

		it('nested thousands deep is read and refused as the wrong shape', async () => {
			const deep = '['.repeat(2000) + ']'.repeat(2000);
			expect(expectRefusal(await review(deep), 400)).toMatch(/^Send the version/);
		});

		it('over the body limit is a 413 in words', async () => {
			const big = JSON.stringify({ version: 1, reason: 'x'.repeat(MAX_BYTES) });
			expect(expectRefusal(await review(big), 413)).toBe(
				'The body of this request is larger than the API accepts.'
			);
		});

		it('sent as text/plain is not taken for JSON', async () => {
			expect(expectRefusal(await review('{"version":1}', 'text/plain'), 400)).toMatch(
				/^Send the version/
			);
		});
	});
});

interface RawAnswer {
	status: number;
	body: string;
	/** Milliseconds from the first byte sent to the connection's close. */
	elapsed: number;
}

/**
 * Sends `head` on a fresh socket, then `drip` one byte every `everyMs` until the server closes the
 * connection, and reads whatever the server answers. Gives up (and fails the test) after `giveUpMs`.
 */
function rawRequest(
	port: number,
	head: string,
	options: { drip?: string; everyMs?: number; giveUpMs?: number } = {}
): Promise<RawAnswer> {
	const { drip = '', everyMs = 100, giveUpMs = 8000 } = options;
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const socket = connect(port, '127.0.0.1');
		let received = '';
		let sent = 0;
		const timer = setInterval(() => {
			if (sent < drip.length && !socket.destroyed) socket.write(drip[sent++]!);
		}, everyMs);
		const giveUp = setTimeout(() => {
			socket.destroy();
			reject(new Error(`The server kept the connection open for ${giveUpMs} ms.`));
		}, giveUpMs);
		socket.on('data', (chunk) => (received += chunk.toString('latin1')));
		// The server may reset the socket after answering; what it sent is still in `received`.
		socket.on('error', () => {});
		socket.on('close', () => {
			clearInterval(timer);
			clearTimeout(giveUp);
			const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
			const body = received.split('\r\n\r\n').slice(1).join('\r\n\r\n');
			resolve({ status, body, elapsed: Date.now() - started });
		});
		socket.write(head);
	});
}

describe('hostile requests on a real socket', () => {
	let built: TestApp;
	let port: number;
	let token: string;

	beforeAll(async () => {
		built = await buildTestApp({
			seed: 'framework',
			env: { MAX_UPLOAD_BYTES: String(MAX_BYTES), REQUEST_TIMEOUT_SECONDS: '1' }
		});
		token = createTestApiToken(built.services, 'HP').authorization;
		await built.app.listen({ host: '127.0.0.1', port: 0 });
		port = (built.app.server.address() as AddressInfo).port;
	});

	afterAll(async () => {
		await built.close();
	});

	it('closes an upload trickled a byte every 100 ms once the request timeout passes, with a 408', async () => {
		const head =
			`POST /api/v1/imports?period=${Q1}&dryRun=false HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
			`Authorization: ${token}\r\nContent-Type: text/csv\r\nContent-Length: ${CSV.length}\r\n\r\n`;
		const answer = await rawRequest(port, head, { drip: CSV, everyMs: 100 });
		expect(answer.status).toBe(408);
		expect(expectRefusal(answer, 408)).toMatch(/^The request took too long to arrive/);
		// One second of timeout, checked every quarter second; well short of the whole body's 4 s.
		expect(answer.elapsed).toBeLessThan(3000);
		const stored = built.services.db.$client.prepare('SELECT count(*) FROM uploads').pluck().get();
		expect(stored).toBe(0);
	});

	it('answers an address of 100 KB with a 431 in the API’s shape, before routing it', async () => {
		const head = `GET /api/v1/values?metric=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
		const answer = await rawRequest(port, head);
		expect(expectRefusal(answer, 431)).toMatch(/^The address or the headers of this request/);
	});

	it('answers a 20 KB cookie with a 431, on a page address as on the API', async () => {
		const head = `GET /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: c=${'z'.repeat(20_000)}\r\n\r\n`;
		expectRefusal(await rawRequest(port, head), 431);
	});

	it('answers bytes that are not HTTP with a 400 in the API’s shape', async () => {
		const answer = await rawRequest(port, 'HELLO\u0000 there\r\n\r\n');
		expect(expectRefusal(answer, 400)).toBe(
			'The request could not be read: it is not well-formed HTTP.'
		);
	});
});
