/**
 * POST /unsubscribe, as a mail client sends RFC 8058's one-click unsubscribe: from its own
 * servers, with no cookie, no Origin and no CSRF token. Only the link's signature decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { User } from '../../src/db/users.js';
import { auditEntries } from '../helpers/audit-entries.js';
import { buildTestApp, createTestUser, type TestApp } from '../helpers/build-app.js';

describe('POST /unsubscribe', () => {
	let test: TestApp;
	let coordinator: User;

	beforeAll(async () => {
		test = await buildTestApp({ seed: 'framework' });
		coordinator = await createTestUser(test.services, 'coordinator');
	});

	afterAll(async () => {
		await test?.close();
	});

	const settings = () => test.services.mail.settings;
	const oneClick = (query: string) =>
		test.app.inject({
			method: 'POST',
			url: `/unsubscribe?${query}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			payload: 'List-Unsubscribe=One-Click'
		});

	it('stops the kind for a one-click POST with a good signature, and audits it', async () => {
		const sig = settings().unsubscribeSignature(coordinator.id, 'digest');
		const res = await oneClick(`user=${coordinator.id}&kind=digest&sig=${sig}`);
		expect(res.statusCode).toBe(200);
		expect(res.body).toBe('Stopped: you will no longer get these emails (Weekly digest).');
		expect(settings().optOutsOf(coordinator.id).has('digest')).toBe(true);
		expect(auditEntries(test.services.db, 'mail.opt-out').at(-1)?.after).toEqual({
			kind: 'digest'
		});
	});

	it('refuses a forged signature and stores nothing', async () => {
		const sig = settings().unsubscribeSignature(coordinator.id, 'digest');
		const res = await oneClick(`user=${coordinator.id}&kind=report-issued&sig=${sig}`);
		expect(res.statusCode).toBe(404);
		expect(res.body).toContain('not valid');
		expect(settings().optOutsOf(coordinator.id).has('report-issued')).toBe(false);
	});

	it('refuses a kind that cannot be turned off, even signed', async () => {
		const sig = settings().unsubscribeSignature(coordinator.id, 'receipt');
		const res = await oneClick(`user=${coordinator.id}&kind=receipt&sig=${sig}`);
		expect(res.statusCode).toBe(404);
		expect(settings().optOutsOf(coordinator.id).has('receipt')).toBe(false);
	});

	it('sends the page’s own button back to the page, keeping only the link’s parameters', async () => {
		const sig = settings().unsubscribeSignature(coordinator.id, 'report-issued');
		const res = await test.app.inject({
			method: 'POST',
			url: `/unsubscribe?user=${coordinator.id}&kind=report-issued&sig=${sig}&next=//evil.example`,
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://x.example' },
			payload: ''
		});
		expect(res.statusCode).toBe(303);
		expect(res.headers.location).toBe(
			`/unsubscribe?user=${coordinator.id}&kind=report-issued&sig=${sig}`
		);
		expect(settings().optOutsOf(coordinator.id).has('report-issued')).toBe(true);
	});
});
