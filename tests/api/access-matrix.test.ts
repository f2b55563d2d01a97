/**
 * Every API route against every kind of caller (SPEC §1, ASVS 8.2.1): the expected status is
 * written out, so a change to who may call what has to be made here on purpose.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Role } from '../../src/core/framework.js';
import {
	buildTestApp,
	createTestApiToken,
	signedInUser,
	type TestApp
} from '../helpers/build-app.js';

type Caller = Role | 'token' | 'anonymous';
const CALLERS: Caller[] = ['coordinator', 'funder', 'partner', 'viewer', 'token', 'anonymous'];

/** `METHOD path` → caller → status. HEAD is Fastify's automatic twin of each GET. */
const EXPECTED: Record<string, Record<Caller, number>> = {
	'GET /api/v1/health': {
		coordinator: 200,
		funder: 200,
		partner: 200,
		viewer: 200,
		token: 200,
		anonymous: 200
	},
	// Ready once the framework is loaded, as here; what it says is in routes/v1/ready.test.ts.
	'GET /api/v1/ready': {
		coordinator: 200,
		funder: 200,
		partner: 200,
		viewer: 200,
		token: 200,
		anonymous: 200
	},
	'GET /api/v1/framework': {
		coordinator: 200,
		funder: 200,
		partner: 200,
		viewer: 200,
		token: 200,
		anonymous: 401
	},
	// The coordinator names the partner; the partner user and the token are HP's own.
	'POST /api/v1/imports': {
		coordinator: 200,
		funder: 403,
		partner: 200,
		viewer: 403,
		token: 200,
		anonymous: 401
	},
	'GET /api/v1/templates': {
		coordinator: 200,
		funder: 403,
		partner: 200,
		viewer: 403,
		token: 200,
		anonymous: 401
	},
	// Partnership-level figures, suppressed by role: everyone who reads the dashboards.
	'GET /api/v1/progress': {
		coordinator: 200,
		funder: 200,
		partner: 200,
		viewer: 200,
		token: 200,
		anonymous: 401
	},
	// Figures partner by partner: a partner and its token get their own; a board member none.
	'GET /api/v1/values': {
		coordinator: 200,
		funder: 200,
		partner: 200,
		viewer: 403,
		token: 200,
		anonymous: 401
	},
	// The values, as a download: the same readers as /values.
	'GET /api/v1/export.csv': {
		coordinator: 200,
		funder: 200,
		partner: 200,
		viewer: 403,
		token: 200,
		anonymous: 401
	},
	'GET /api/v1/export.json': {
		coordinator: 200,
		funder: 200,
		partner: 200,
		viewer: 403,
		token: 200,
		anonymous: 401
	},
	// A partner's return: the partner and its token see their own (HP); funders and the board none.
	'GET /api/v1/submissions/:partner/:period': {
		coordinator: 200,
		funder: 403,
		partner: 200,
		viewer: 403,
		token: 200,
		anonymous: 401
	},
	// Reviewing is the coordinator's alone; here there is nothing sent to approve, hence 409.
	'POST /api/v1/submissions/:partner/:period/:action': {
		coordinator: 409,
		funder: 403,
		partner: 403,
		viewer: 403,
		token: 403,
		anonymous: 401
	}
};

/** What a route needs to succeed when allowed: its query, body and the type of its answer. */
const REQUESTS: Record<
	string,
	{ url?: string; query?: string; payload?: string; contentType?: string; okType?: RegExp }
> = {
	// A dry run (the default), so the same file can be sent by every caller and nothing is stored.
	'POST /api/v1/imports': {
		query: '?partner=HP&period=2025-26-q1',
		payload: 'metric_code,area,value\r\nP2.01,HULL,12\r\n',
		contentType: 'text/csv'
	},
	'GET /api/v1/templates': { query: '?partner=HP&period=2025-26-q1', okType: /^text\/csv/ },
	'GET /api/v1/progress': { query: '?period=2025-26-q1' },
	'GET /api/v1/values': { query: '?partner=HP&period=2025-26-q1' },
	'GET /api/v1/export.csv': { query: '?partner=HP&period=2025-26-q1', okType: /^text\/csv/ },
	'GET /api/v1/export.json': { query: '?partner=HP&period=2025-26-q1' },
	'GET /api/v1/submissions/:partner/:period': { url: '/api/v1/submissions/hp/2025-26-q1' },
	'POST /api/v1/submissions/:partner/:period/:action': {
		url: '/api/v1/submissions/hp/2025-26-q1/approve',
		payload: '{"version":0}',
		contentType: 'application/json'
	}
};

/**
 * Paths of the routes in Fastify's own listing, e.g. `GET /api/v1/framework`. The listing is a
 * tree: a route under another (`/:action` under `/submissions/:partner/:period`) continues its
 * parent's path, one level of indentation deeper.
 */
function registeredApiRoutes(built: TestApp): string[] {
	const routes: string[] = [];
	const parents: string[] = [];
	for (const line of built.app.printRoutes({ commonPrefix: false }).split('\n')) {
		const match = /── (\S+)(?: \(([^)]+)\))?$/.exec(line);
		if (!match) continue;
		const depth = Math.floor(line.indexOf('── ') / 4);
		const path = (parents[depth - 1] ?? '') + match[1]!;
		parents[depth] = path;
		parents.length = depth + 1;
		if (!path.startsWith('/api/v1/') || !match[2]) continue;
		for (const method of match[2].split(', '))
			if (method !== 'HEAD') routes.push(`${method} ${path}`);
	}
	return routes.sort();
}

describe('API access matrix', () => {
	let built: TestApp;
	const headers = {} as Record<Caller, Record<string, string>>;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework' });
		// With the site's own Origin, as its pages send: a cookie-signed POST without it is
		// refused as cross-site (plugins/auth.ts), which is not what this table is about.
		for (const role of ['coordinator', 'funder', 'partner', 'viewer'] as const)
			headers[role] = {
				cookie: (await signedInUser(built.services, role)).cookie,
				origin: built.services.config.origin
			};
		headers.token = { authorization: createTestApiToken(built.services, 'HP').authorization };
		headers.anonymous = {};
		await built.app.ready();
	});

	afterAll(async () => {
		await built.close();
	});

	it('lists every API route in the table, so none goes untested', () => {
		const routes = registeredApiRoutes(built);
		expect(routes.length).toBeGreaterThan(0);
		expect(routes).toEqual(Object.keys(EXPECTED).sort());
	});

	const cases = Object.entries(EXPECTED).flatMap(([route, byCaller]) =>
		CALLERS.map((caller) => ({ route, caller, status: byCaller[caller] }))
	);

	it.each(cases)('$route as $caller → $status', async ({ route, caller, status }) => {
		const [method, path] = route.split(' ') as ['GET' | 'POST', string];
		const request = REQUESTS[route] ?? {};
		const url = (request.url ?? path) + (request.query ?? '');
		for (const m of method === 'GET' ? (['GET', 'HEAD'] as const) : [method]) {
			const res: LightMyRequestResponse = await built.app.inject({
				method: m,
				url,
				headers: {
					...headers[caller],
					...(request.contentType ? { 'content-type': request.contentType } : {})
				},
				...(request.payload === undefined ? {} : { payload: request.payload })
			});
			expect(res.statusCode, `${m} ${url}`).toBe(status);
			if (m === 'HEAD') continue;
			expect(res.headers['content-type']).toMatch(
				status === 200 && request.okType ? request.okType : /^application\/json/
			);
			if (status === 401)
				expect(res.json()).toEqual({
					error: {
						code: 'unauthenticated',
						message: 'Sign in, or send an API token in the Authorization header.'
					}
				});
			if (status === 403) expect(res.json().error.code).toBe('forbidden');
			if (status === 409) expect(res.json().error.code).toBe('nothing_sent');
		}
	});
});
