/**
 * The API's authentication, authorisation and CSRF check, on routes made for the test: one per
 * kind of declaration, so each rule is seen on its own.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerApiErrorHandling } from '../../../src/api/errors.js';
import { apiAuth } from '../../../src/api/plugins/auth.js';
import { apiRateLimit } from '../../../src/api/plugins/rate-limit.js';
import { apiSecurityHeaders } from '../../../src/api/plugins/security-headers.js';
import { auditLog } from '../../../src/db/schema.js';
import {
	buildTestApp,
	createTestApiToken,
	signedInUser,
	type SignedIn,
	type TestApp
} from '../../helpers/build-app.js';

const SITE = 'http://127.0.0.1:3000';

describe('API auth plugin', () => {
	let built: TestApp;
	let app: FastifyInstance;
	let coordinator: SignedIn;
	let partner: SignedIn;
	let token: string;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'framework', env: { ORIGIN: SITE } });
		coordinator = await signedInUser(built.services, 'coordinator');
		partner = await signedInUser(built.services, 'partner');
		token = createTestApiToken(built.services).authorization;

		app = Fastify();
		registerApiErrorHandling(app);
		await app.register(
			async (api) => {
				await api.register(apiSecurityHeaders);
				await api.register(apiAuth, { services: built.services });
				await api.register(apiRateLimit, { services: built.services });
				const whoAmI = async (request: { principal: { kind: string } }) => ({
					kind: request.principal.kind
				});
				api.get('/open', { config: { public: true } }, whoAmI);
				api.get('/users', { config: { capability: 'manage-users' } }, whoAmI);
				api.post('/figures', { config: { capability: 'submit-figures' } }, whoAmI);
				api.get('/forgotten', whoAmI);
			},
			{ prefix: '/api/v1' }
		);
	});

	afterAll(async () => {
		await app?.close();
		await built.close();
	});

	const refusals = () =>
		built.services.db
			.select()
			.from(auditLog)
			.all()
			.filter((e) => e.action === 'access.api');

	it('sets the principal from a session cookie, a token, or nothing', async () => {
		const asCoordinator = await app.inject({
			url: '/api/v1/open',
			headers: { cookie: coordinator.cookie }
		});
		expect(asCoordinator.json()).toEqual({ kind: 'user' });
		const asToken = await app.inject({ url: '/api/v1/open', headers: { authorization: token } });
		expect(asToken.json()).toEqual({ kind: 'token' });
		const asNobody = await app.inject({ url: '/api/v1/open' });
		expect(asNobody.json()).toEqual({ kind: 'anonymous' });
	});

	it('lets a caller with the capability through and refuses one without it', async () => {
		const allowed = await app.inject({
			url: '/api/v1/users',
			headers: { cookie: coordinator.cookie }
		});
		expect(allowed.statusCode).toBe(200);

		const before = refusals().length;
		for (const headers of [{ cookie: partner.cookie }, { authorization: token }]) {
			const res = await app.inject({ url: '/api/v1/users', headers });
			expect(res.statusCode).toBe(403);
			expect(res.json()).toEqual({
				error: {
					code: 'forbidden',
					message:
						'You do not have access to this. If you need it, ask the partnership coordinator.'
				}
			});
		}
		const audited = refusals().slice(before);
		expect(audited).toHaveLength(2);
		expect(audited[0]).toMatchObject({
			actorUserId: partner.user.id,
			actorLabel: partner.user.email,
			outcome: 'refused',
			detail: 'GET /api/v1/users'
		});
		expect(audited[1]).toMatchObject({ actorUserId: null, outcome: 'refused' });
		expect(audited[1]!.actorLabel).toMatch(/^API token st_/);
	});

	it('asks an anonymous caller to sign in, with a 401 that names both ways', async () => {
		const before = refusals().length;
		const res = await app.inject({ url: '/api/v1/users?secret=1' });
		expect(res.statusCode).toBe(401);
		expect(res.headers['www-authenticate']).toBe('Bearer');
		expect(res.json()).toEqual({
			error: {
				code: 'unauthenticated',
				message: 'Sign in, or send an API token in the Authorization header.'
			}
		});
		expect(refusals().slice(before)).toMatchObject([
			{ actorLabel: 'anonymous', outcome: 'refused', detail: 'GET /api/v1/users' }
		]);
	});

	it('refuses every caller on a route that declares no access, the coordinator too', async () => {
		for (const headers of [{ cookie: coordinator.cookie }, { authorization: token }, {}]) {
			const res = await app.inject({ url: '/api/v1/forgotten', headers });
			expect(res.statusCode).toBe(403);
			expect(res.json().error.code).toBe('forbidden');
		}
		expect(refusals().at(-1)!.detail).toBe('GET /api/v1/forgotten: the route declares no access');
	});

	it('refuses a malformed Authorization header even beside a good cookie', async () => {
		for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'st_abc']) {
			const res = await app.inject({
				url: '/api/v1/open',
				headers: { authorization, cookie: coordinator.cookie }
			});
			expect(res.statusCode, authorization).toBe(401);
			expect(res.json().error).toEqual({
				code: 'unauthenticated',
				message: 'Send the API token in the Authorization header as "Bearer" followed by the token.'
			});
		}
		const entry = built.services.db
			.select()
			.from(auditLog)
			.all()
			.filter((e) => e.action === 'auth.api-token')
			.at(-1);
		expect(entry).toMatchObject({
			outcome: 'failure',
			detail: 'malformed Authorization header: GET /api/v1/open'
		});
	});

	describe('cross-site requests', () => {
		const post = (headers: Record<string, string>) =>
			app.inject({ method: 'POST', url: '/api/v1/figures', headers, payload: {} });

		it('accepts a cookie-signed change from the site itself, by Origin or Referer', async () => {
			expect((await post({ cookie: partner.cookie, origin: SITE })).statusCode).toBe(200);
			expect(
				(await post({ cookie: partner.cookie, referer: `${SITE}/upload?x=1` })).statusCode
			).toBe(200);
		});

		it('refuses a cookie-signed change from another site, or from nowhere said', async () => {
			const before = refusals().length;
			const crossSite: Record<string, string>[] = [
				{ origin: 'http://evil.example' },
				{ origin: 'null' },
				{ origin: `${SITE}.evil.example` },
				{ referer: 'http://evil.example/page' },
				{ origin: 'http://evil.example', referer: `${SITE}/` },
				{}
			];
			for (const headers of crossSite) {
				const res = await post({ cookie: partner.cookie, ...headers });
				expect(res.statusCode, JSON.stringify(headers)).toBe(403);
				expect(res.json().error.code).toBe('forbidden');
				expect(res.json().error.message).toMatch(/cross-site request/);
			}
			const audited = refusals().slice(before);
			expect(audited).toHaveLength(6);
			expect(audited[0]).toMatchObject({
				actorUserId: partner.user.id,
				detail: 'POST /api/v1/figures: cross-site request'
			});
		});

		it('exempts token requests, which carry no ambient credential', async () => {
			const res = await post({ authorization: token, origin: 'http://evil.example' });
			expect(res.statusCode).toBe(200);
		});

		it('leaves reads alone: a GET changes nothing', async () => {
			const res = await app.inject({
				url: '/api/v1/users',
				headers: { cookie: coordinator.cookie, origin: 'http://evil.example' }
			});
			expect(res.statusCode).toBe(200);
		});

		it('never answers with credentialed CORS headers', async () => {
			const preflight = await app.inject({
				method: 'OPTIONS',
				url: '/api/v1/figures',
				headers: {
					origin: 'http://evil.example',
					'access-control-request-method': 'POST',
					'access-control-request-headers': 'content-type'
				}
			});
			const actual = await post({ cookie: partner.cookie, origin: SITE });
			for (const res of [preflight, actual])
				for (const header of Object.keys(res.headers))
					expect(header).not.toMatch(/^access-control-/);
		});
	});

	it('checks access before reading the body', async () => {
		const res = await app.inject({
			method: 'POST',
			url: '/api/v1/figures',
			headers: { 'content-type': 'application/json' },
			payload: '{"not json'
		});
		expect(res.statusCode).toBe(401);
	});
});
