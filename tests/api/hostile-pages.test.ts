/**
 * Hostile requests to the pages on the built server (`node dist/server.js`, DEMO=1; run
 * `npm run build` first): the /submit form action with a body over BODY_SIZE_LIMIT, malformed
 * multipart or JSON; a file name with a path, a NUL and a direction override, as stored and as
 * downloaded; a huge query string. Each gets a 4xx with a sentence, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_DEMO_PASSWORD } from '../../src/config.js';
import { startServer, type RunningServer } from '../helpers/start-server.js';

/** Small, so that a body over the pages' limit (about 1.4 times this, plus 256 KB) is quick. */
const MAX_BYTES = 4096;

let server: RunningServer;
let cookie: string;

beforeAll(async () => {
	server = await startServer({ DEMO: '1', MAX_UPLOAD_BYTES: String(MAX_BYTES) });
	const res = await fetch(`${server.url}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: 'police@example.org', password: DEFAULT_DEMO_PASSWORD })
	});
	await res.text();
	cookie = res.headers
		.getSetCookie()
		.find((c) => c.startsWith('st_session='))!
		.split(';')[0]!;
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

interface Answer {
	status: number;
	headers: Headers;
	body: string;
}

async function post(
	path: string,
	body: BodyInit,
	headers: Record<string, string> = {}
): Promise<Answer> {
	const res = await fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { cookie, origin: server.url, accept: 'text/html', ...headers },
		body
	});
	return { status: res.status, headers: res.headers, body: await res.text() };
}

async function get(path: string): Promise<Answer> {
	const res = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie } });
	return { status: res.status, headers: res.headers, body: await res.text() };
}

/** The page's main message: the error page's paragraph under its heading. */
function pageMessage(html: string): string {
	return /<main[^>]*>[\s\S]*?<p>([^<]*)<\/p>/.exec(html)?.[1] ?? '';
}

const SOMETHING_WENT_WRONG = /went wrong on our side/;
const CUT_SHORT =
	'--hostile\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nmetric_code,value\r\n';

describe('the /submit form action, sent a hostile body', () => {
	it('answers multipart without a boundary, or cut short, with a 400 saying the form could not be read', async () => {
		for (const [type, body] of [
			['multipart/form-data', '--x\r\n'],
			['multipart/form-data; boundary=hostile', CUT_SHORT]
		] as const) {
			const res = await post('/submit?/preview', body, { 'content-type': type });
			expect(res.status, type).toBe(400);
			expect(pageMessage(res.body)).toBe(
				'The form could not be read: it arrived incomplete or malformed. Go back, and send it again.'
			);
		}
	});

	it('answers the same to the enhanced form, as JSON the page can show', async () => {
		const res = await post('/submit?/preview', CUT_SHORT, {
			'content-type': 'multipart/form-data; boundary=hostile',
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		});
		expect(res.status).toBe(400);
		expect(res.body).toMatch(/"message":"The form could not be read/);
	});

	it('answers a body over the pages’ limit with a 413 naming the upload limit', async () => {
		const form = new FormData();
		form.set('file', new Blob(['x'.repeat(300 * 1024)], { type: 'text/csv' }), 'big.csv');
		const res = await post('/submit?/preview', form);
		expect(res.status).toBe(413);
		expect(pageMessage(res.body)).toBe(
			'The form is too large to send. The file is over the upload limit of 4 KB. Split it into smaller files, for example one per quarter.'
		);
	});

	it('answers a JSON body with a 415 in words', async () => {
		const res = await post('/submit?/preview', '{"file":"x"}', {
			'content-type': 'application/json'
		});
		expect(res.status).toBe(415);
		expect(pageMessage(res.body)).toMatch(/^This form was sent in a way the page does not accept/);
		expect(res.body).not.toMatch(SOMETHING_WENT_WRONG);
	});
});

describe('a file name with a path, a NUL and a direction override', () => {
	it('is stored as its last segment without them, and downloaded under an RFC 6266-safe name', async () => {
		const form = new FormData();
		const csv = `metric_code,area,value\r\nP2.01,HULL,${Date.now() % 100_000}\r\n`;
		form.set(
			'file',
			new Blob([csv], { type: 'text/csv' }),
			'../../etc/Donn\u00e9es\u0000\u202Evsc.exe'
		);
		const res = await post('/submit?/commit&period=2026-27-q2', form);
		expect(res.status, pageMessage(res.body)).toBe(303);
		const uploadId = /submitted=(\d+)/.exec(res.headers.get('location') ?? '')?.[1];
		expect(uploadId).toBeDefined();

		const download = await get(`/submissions/uploads/${uploadId}`);
		expect(download.status).toBe(200);
		expect(download.body).toBe(csv);
		expect(download.headers.get('content-disposition')).toBe(
			`attachment; filename="Donn_esvsc.exe"; filename*=UTF-8''Donn%C3%A9esvsc.exe`
		);
	});
});

describe('a huge query string on a page', () => {
	it('of 12 KB is a 404 whose page quotes only the start of it, once', async () => {
		const res = await get(`/submit?period=${'y'.repeat(12_000)}`);
		expect(res.status).toBe(404);
		expect(pageMessage(res.body)).toBe(
			`There is no quarter "${'y'.repeat(40)}…" to submit. Choose a quarter from the list.`
		);
		// Not copied into the navigation's links either.
		expect(res.body.length).toBeLessThan(20_000);
	});

	it('of 100 KB is refused by the server with a 431 before any page runs', async () => {
		const res = await get(`/submit?period=${'y'.repeat(100_000)}`);
		expect(res.status).toBe(431);
		expect(res.body.length).toBeLessThan(1000);
	});
});

describe('a huge commentary', () => {
	let coordinator: string;
	beforeAll(async () => {
		const res = await fetch(`${server.url}/sign-in`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				email: 'coordinator@example.org',
				password: DEFAULT_DEMO_PASSWORD
			})
		});
		await res.text();
		coordinator = res.headers
			.getSetCookie()
			.find((c) => c.startsWith('st_session='))!
			.split(';')[0]!;
	});
	const save = (text: string) =>
		post('/priorities/1?/commentary', new URLSearchParams({ commentary: text }), {
			cookie: coordinator,
			'content-type': 'application/x-www-form-urlencoded'
		});

	it('of 200 KB is refused unread with a 413 that says the limit, and is not echoed back', async () => {
		const res = await save('x'.repeat(200_000));
		expect(res.status).toBe(413);
		expect(pageMessage(res.body)).toContain('Shorten it to 5,000 characters or fewer');
		expect(res.body.length).toBeLessThan(30_000);
	});

	it('a little over the limit is read, and sent back with its length to be shortened', async () => {
		const res = await save('y'.repeat(5_200));
		expect(res.status).toBe(422);
		expect(res.body).toContain('The commentary is 5,200 characters long.');
	});
});
