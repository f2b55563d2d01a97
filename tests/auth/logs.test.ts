/**
 * The built server's JSON log (ASVS 16.2.5, 16.3): real requests that carry every kind of secret,
 * then the log read back. No password, token, cookie, link secret or submitted figure may appear
 * in it, and every line about a request carries that request's id, the one sent back to the caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import {
	createTestApiToken,
	createTestUser,
	partnerIdOf,
	TEST_ACTOR,
	TEST_PASSWORD
} from '../helpers/build-app.js';
import { startServer, type RunningServer } from '../helpers/start-server.js';

const WRONG_PASSWORD = 'osprey lantern by the estuary';
const NEW_PASSWORD = 'heron ledger across the wolds';
/** A figure and a comment no log line could contain by chance. */
const FIGURE = 73910;
const COMMENT = 'kestrel quarry note';
/** Lines the process writes about itself rather than about a request. */
const PROCESS_LINES = [
	'framework loaded',
	'Strategy Tracker is ready',
	'Mail is not configured (SMTP_URL is not set): messages wait in Admin → Outbox, with their links to copy.'
];

type LogLine = Record<string, unknown> & { msg?: string; reqId?: string };

let server: RunningServer;
let services: Services;
/** What must never be logged, by what it is. */
const secrets: Record<string, string> = {
	'the password': TEST_PASSWORD,
	'a mistyped password': WRONG_PASSWORD,
	'a new password': NEW_PASSWORD,
	'a comment sent with a figure': COMMENT
};
/** The X-Request-Id of every answer, by what was asked. */
const answered: Record<string, string> = {};

async function send(label: string, path: string, init: RequestInit = {}): Promise<Response> {
	const res = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
	await res.arrayBuffer();
	answered[label] = res.headers.get('x-request-id') ?? '';
	return res;
}

function postForm(label: string, path: string, fields: Record<string, string>, cookie = '') {
	return send(label, path, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields)
	});
}

function logLines(): LogLine[] {
	return server
		.output()
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => {
			try {
				return JSON.parse(line) as LogLine;
			} catch {
				throw new Error(`A log line is not JSON: ${line}`);
			}
		});
}

/** Every string and number in a log line, wherever it is nested, but the line's id and time. */
function valuesOf(value: unknown, key = ''): (string | number)[] {
	if (key === 'reqId' || key === 'time') return [];
	if (typeof value === 'string' || typeof value === 'number') return [value];
	if (value && typeof value === 'object')
		return Object.entries(value).flatMap(([k, v]) => valuesOf(v, k));
	return [];
}

async function completed(reqId: string): Promise<void> {
	const deadline = Date.now() + 5_000;
	while (!logLines().some((l) => l.reqId === reqId && l.msg === 'request completed')) {
		if (Date.now() > deadline) throw new Error(`No "request completed" line for ${reqId}.`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

beforeAll(async () => {
	server = await startServer({ DEMO: '0', LOG_LEVEL: 'info' });
	// The test's own door to the same database: users, a token and links, as the CLI would make.
	const read = readConfig({ DATABASE_PATH: server.databasePath });
	if (!read.ok) throw new Error(read.problems.join(' '));
	services = createServices(read.config);

	const coordinator = await createTestUser(services, 'coordinator');
	const token = createTestApiToken(services, 'HP');
	const link = services.auth.createSubmissionLink(
		{ partnerId: partnerIdOf(services, 'HP'), period: { year: 2025, quarter: 1 }, validForDays: 7 },
		TEST_ACTOR
	);
	const invited = services.auth.createUser(
		{ email: 'invited@example.org', role: 'viewer', partnerId: null },
		TEST_ACTOR
	);
	secrets['an API token'] = token.token;
	secrets['a submission link'] = link.token;
	secrets['a set-password link'] = invited.setPasswordToken;

	await postForm('sign-in, wrong password', '/sign-in', {
		email: 'nobody@example.org',
		password: WRONG_PASSWORD
	});
	const signedIn = await postForm('sign-in', '/sign-in', {
		email: coordinator.email,
		password: TEST_PASSWORD
	});
	expect(signedIn.status).toBe(303);
	const cookie = signedIn.headers
		.getSetCookie()
		.find((c) => c.startsWith('st_session='))!
		.split(';')[0]!;
	secrets['the session cookie'] = cookie.split('=')[1]!;

	expect((await send('overview page', '/', { headers: { cookie } })).status).toBe(200);
	const bearer = { authorization: token.authorization };
	const upload = await send('upload', '/api/v1/imports?period=2025-26-q1&dryRun=false', {
		method: 'POST',
		headers: { ...bearer, 'content-type': 'text/csv' },
		body: `metric_code,area,value,comment\r\nP2.01,HULL,${FIGURE},${COMMENT}\r\n`
	});
	expect(upload.status).toBe(200);
	const values = await send('values', '/api/v1/values?period=2025-26-q1&partner=HP', {
		headers: bearer
	});
	expect(values.status).toBe(200);
	await send('bad token', '/api/v1/framework', {
		headers: { authorization: `Bearer ${token.token}x` }
	});
	expect((await send('link page', `/link/${link.token}`)).status).toBe(200);
	expect((await send('link template', `/link/${link.token}/template`)).status).toBe(200);
	expect(
		(await send('set-password page', `/set-password/${invited.setPasswordToken}`)).status
	).toBe(200);
	const set = await postForm('set password', `/set-password/${invited.setPasswordToken}`, {
		password: NEW_PASSWORD,
		confirm: NEW_PASSWORD
	});
	expect(set.status).toBe(303);
	await completed(answered['set password']!);
}, 90_000);

afterAll(async () => {
	services?.close();
	await server?.stop();
});

describe('the server log', () => {
	it('is one JSON object a line', () => {
		expect(logLines().length).toBeGreaterThan(Object.keys(answered).length * 2);
	});

	it('holds no password, token, cookie, link secret or submitted comment', () => {
		const everything = logLines().flatMap((line) => valuesOf(line));
		for (const [what, secret] of Object.entries(secrets)) {
			expect(secret.length, what).toBeGreaterThan(8);
			const found = everything.filter((v) => typeof v === 'string' && v.includes(secret));
			expect(found, `${what} is in the log`).toEqual([]);
		}
	});

	it('holds no submitted figure, as a number or within text', () => {
		const everything = logLines().flatMap((line) => valuesOf(line));
		const found = everything.filter((v) =>
			typeof v === 'number' ? v === FIGURE : v.includes(String(FIGURE))
		);
		expect(found).toEqual([]);
	});

	it('logs the paths of one-time links with their secret replaced, and no query string', () => {
		const urls = logLines().flatMap((l) => {
			const req = l.req as { url?: string } | undefined;
			return req?.url ? [req.url] : [];
		});
		expect(urls).toContain('/link/[secret]');
		expect(urls).toContain('/link/[secret]/template');
		expect(urls).toContain('/set-password/[secret]');
		expect(urls).toContain('/api/v1/values');
		expect(urls.filter((u) => u.includes('?'))).toEqual([]);
	});

	it('gives every line about a request its id, the one the caller was sent', () => {
		const lines = logLines();
		for (const line of lines)
			if (!PROCESS_LINES.includes(line.msg ?? '') && !/^Server listening/.test(line.msg ?? ''))
				expect(line.reqId, JSON.stringify(line)).toEqual(expect.any(String));
		for (const [label, id] of Object.entries(answered)) {
			expect(id, label).toMatch(/^[0-9a-f-]{36}$/);
			const own = lines.filter((l) => l.reqId === id).map((l) => l.msg);
			expect(own, label).toContain('incoming request');
			expect(own, label).toContain('request completed');
		}
	});
});
