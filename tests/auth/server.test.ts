/**
 * Access control, CSRF and security headers on the built server (`node dist/server.js`, DEMO=1),
 * where SvelteKit's production checks are on: its origin check is skipped under `vite dev`.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SIGN_IN_FAILED } from '../../src/auth/auth-service.js';
import { DEFAULT_DEMO_PASSWORD } from '../../src/config.js';
import { startServer, type RunningServer } from '../helpers/start-server.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

interface Answer {
	status: number;
	headers: Headers;
	body: string;
}

/**
 * A request whose answer is read to the end before it returns: a half-read body keeps its
 * connection busy, and the server would then wait for it when asked to stop.
 */
async function request(path: string, init: RequestInit = {}): Promise<Answer> {
	const res = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
	return { status: res.status, headers: res.headers, body: await res.text() };
}

function get(path: string, headers: Record<string, string> = {}) {
	return request(path, { headers });
}

/** Posts the sign-in form as a browser on this site would. */
function postSignIn(email: string, password: string, origin = server.url) {
	return request('/sign-in', {
		method: 'POST',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password })
	});
}

/** The session cookie of a demo user, signed in through the real form. */
async function sessionCookieOf(email: string): Promise<string> {
	const res = await postSignIn(email, DEFAULT_DEMO_PASSWORD);
	expect(res.status).toBe(303);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('st_session='));
	expect(cookie).toMatch(/; HttpOnly; SameSite=Lax$/);
	return cookie!.split(';')[0]!;
}

/** The audit log as the server wrote it. */
function auditEntries(): {
	action: string;
	outcome: string;
	actor_label: string;
	detail: string;
}[] {
	const db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
	try {
		return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as ReturnType<
			typeof auditEntries
		>;
	} finally {
		db.close();
	}
}

describe('pages on the real server', () => {
	it('sends an anonymous visitor from the overview to sign in', async () => {
		const res = await get('/');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/sign-in');
	});

	it('gives anonymous data requests neither a 200 nor a figure', async () => {
		for (const path of ['/__data.json', '/priorities/1/__data.json', '/admin/users/__data.json']) {
			const { status, body } = await get(path);
			expect(status, path).not.toBe(200);
			expect(status, path).toBe(401);
			expect(JSON.parse(body), path).toEqual({ message: 'Sign in to continue.' });
			expect(body).not.toMatch(/\d|P\d\.\d\d|Humber|victim/i);
		}
	});

	it('refuses a partner user every admin page, data request and form action, and audits it', async () => {
		const cookie = await sessionCookieOf('police@example.org');
		expect((await get('/', { cookie })).status).toBe(200);
		const paths = [
			'/admin',
			'/admin/users',
			'/admin/users/new',
			'/admin/users/1',
			'/admin/tokens',
			'/admin/links',
			'/admin/audit',
			'/admin/users/__data.json'
		];
		for (const path of paths) {
			const res = await get(path, { cookie });
			expect(res.status, path).toBe(403);
			expect(res.body).not.toContain('coordinator@example.org');
		}
		const action = await request('/admin/users/new', {
			method: 'POST',
			headers: {
				cookie,
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ email: 'mallory@example.org', role: 'coordinator' })
		});
		expect(action.status).toBe(403);
		const refused = auditEntries().filter(
			(e) => e.action === 'access.page' && e.actor_label === 'police@example.org'
		);
		expect(refused.map((e) => e.detail)).toContain('POST /admin/users/new');
		expect(refused.length).toBeGreaterThanOrEqual(paths.length + 1);
		expect(refused.every((e) => e.outcome === 'refused')).toBe(true);
	});

	it('refuses a cross-site form post to sign in, sets no cookie, and audits it', async () => {
		const res = await postSignIn(
			'coordinator@example.org',
			DEFAULT_DEMO_PASSWORD,
			'http://evil.example'
		);
		expect(res.status).toBe(403);
		expect(res.body).toBe('Cross-site POST form submissions are forbidden');
		expect(res.headers.getSetCookie()).toEqual([]);
		expect(auditEntries().at(-1)).toMatchObject({
			action: 'access.page',
			outcome: 'refused',
			detail: 'POST /sign-in: cross-site form post from http://evil.example'
		});
	});

	it('sends a nonce-based CSP and the other security headers with every page', async () => {
		const cookie = await sessionCookieOf('coordinator@example.org');
		for (const [path, headers] of [
			['/sign-in', {}],
			['/', { cookie }],
			['/priorities/1', { cookie }]
		] as const) {
			const res = await get(path, headers);
			expect(res.status, path).toBe(200);
			const csp = res.headers.get('content-security-policy') ?? '';
			const nonce = /script-src 'self' 'nonce-([\w+/=]+)'/.exec(csp)?.[1];
			expect(nonce, `${path}: ${csp}`).toBeDefined();
			for (const directive of [
				"default-src 'self'",
				"style-src 'self'",
				"object-src 'none'",
				"base-uri 'none'",
				"form-action 'self'",
				"frame-ancestors 'none'",
				"img-src 'self' data:"
			])
				expect(csp, path).toContain(directive);
			expect(csp).not.toContain('unsafe-inline');
			expect(csp).not.toContain('unsafe-eval');
			expect(res.body).toContain(`<script nonce="${nonce}">`);
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('referrer-policy')).toBe('same-origin');
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('strict-transport-security')).toBe(
				'max-age=31536000; includeSubDomains'
			);
			expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
			expect(res.headers.get('cache-control')).toBe('no-store');
		}
	});

	it('renders pages with no inline style the CSP would block', async () => {
		const cookie = await sessionCookieOf('coordinator@example.org');
		const paths = [
			'/',
			'/priorities/1',
			'/priorities/6',
			'/admin',
			'/admin/users',
			'/admin/users/new',
			'/admin/tokens',
			'/admin/links',
			'/admin/audit'
		];
		for (const path of paths) {
			const { status, body } = await get(path, { cookie });
			expect(status, path).toBe(200);
			expect(body, path).not.toMatch(/<[^>]+\sstyle=/);
			expect(body, path).not.toMatch(/<style(?![^>]*\snonce=)/);
		}
		expect((await get('/sign-in')).body).not.toMatch(/<[^>]+\sstyle=/);
	});
});

describe('the API on the real server', () => {
	it('answers with no-store and a CSP that allows nothing', async () => {
		const res = await get('/api/v1/health');
		expect(res.status).toBe(200);
		expect(JSON.parse(res.body)).toEqual({ status: 'ok', database: 'ok' });
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.headers.get('content-security-policy')).toBe(
			"default-src 'none'; frame-ancestors 'none'"
		);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('takes the session cookie of the sign-in form, but not from another site for a change', async () => {
		const cookie = await sessionCookieOf('board@example.org');
		expect((await get('/api/v1/framework', { cookie })).status).toBe(200);
		expect((await get('/api/v1/framework')).status).toBe(401);
		const crossSite = await request('/api/v1/framework', {
			method: 'POST',
			headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' },
			body: '{}'
		});
		expect(crossSite.status).toBe(403);
		expect(JSON.parse(crossSite.body).error.message).toMatch(/cross-site request/);
		expect(auditEntries().at(-1)).toMatchObject({
			action: 'access.api',
			outcome: 'refused',
			actor_label: 'board@example.org',
			detail: 'POST /api/v1/framework: cross-site request'
		});
	});
});

describe('sign-in on the real server', () => {
	/** The error the form shows, found by the sentence every failure shares. */
	const formError = (html: string) =>
		/<[^>]*>([^<]*(?:not right|too many attempts)[^<]*)</i.exec(html)?.[1]?.trim();

	it('says the same about an unknown email as about a wrong password', async () => {
		const unknown = await postSignIn('nobody@example.org', 'a long wrong password');
		const wrong = await postSignIn('coordinator@example.org', 'a long wrong password');
		expect(unknown.status).toBe(401);
		expect(wrong.status).toBe(401);
		const [a, b] = [unknown.body, wrong.body];
		expect(formError(a)).toBe(SIGN_IN_FAILED);
		expect(formError(b)).toBe(SIGN_IN_FAILED);
		// The pages differ only by the email typed and the nonce.
		const normalise = (html: string, email: string) =>
			html.replaceAll(email, 'EMAIL').replace(/nonce="[^"]+"/g, 'nonce=""');
		expect(normalise(a, 'nobody@example.org')).toBe(normalise(b, 'coordinator@example.org'));
		const failures = auditEntries().filter(
			(e) => e.action === 'auth.sign-in' && e.outcome === 'failure'
		);
		expect(failures.map((e) => e.detail)).toEqual(
			expect.arrayContaining(['unknown email', 'wrong password'])
		);
	});

	it('throttles the sixth failed sign-in for one account within a minute with 429', async () => {
		for (let i = 0; i < 5; i++) {
			const res = await postSignIn('funder@example.org', `wrong password number ${i}`);
			expect(res.status, `attempt ${i + 1}`).toBe(401);
		}
		const sixth = await postSignIn('funder@example.org', DEFAULT_DEMO_PASSWORD);
		expect(sixth.status).toBe(429);
		expect(formError(sixth.body)).toMatch(
			/^There have been too many attempts to sign in\. Wait \d minutes? and try again\.$/
		);
		expect(sixth.headers.getSetCookie()).toEqual([]);
		const entries = auditEntries().filter(
			(e) => e.action === 'auth.sign-in' && e.actor_label === 'funder@example.org'
		);
		expect(entries.map((e) => e.outcome)).toEqual([
			'failure',
			'failure',
			'failure',
			'failure',
			'failure',
			'refused'
		]);
		// The real server waits longer after each failure (0, 0, 0.25, 0.5, 1 s …): allow for it.
	}, 60_000);
});
