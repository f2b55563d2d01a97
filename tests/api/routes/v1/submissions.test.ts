/**
 * The review through the API (SPEC §5): the same transitions, refusals and audit as the review
 * page, for a system that works with the API. North East Lincolnshire's 2026-27 Q2 return is
 * waiting for review in the demo data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp, signedInUser, type TestApp } from '../../../helpers/build-app.js';

const URL = '/api/v1/submissions/nelc/2026-27-q2';

describe('the submissions API', () => {
	let built: TestApp;
	let coordinator: Record<string, string>;
	let partner: Record<string, string>;

	const post = (action: string, payload: unknown, headers = coordinator) =>
		built.app.inject({
			method: 'POST',
			url: `${URL}/${action}`,
			headers: { ...headers, 'content-type': 'application/json' },
			payload: JSON.stringify(payload)
		});
	const current = async () =>
		(await built.app.inject({ method: 'GET', url: URL, headers: coordinator })).json() as {
			status: string;
			version: number;
			reason: string | null;
		};
	const audited = (action: string, outcome: string) =>
		built.services.db.$client
			.prepare(`SELECT count(*) FROM audit_log WHERE action = ? AND outcome = ?`)
			.pluck()
			.get(action, outcome) as number;

	beforeAll(async () => {
		built = await buildTestApp({ seed: 'demo' });
		const origin = built.services.config.origin;
		coordinator = { cookie: (await signedInUser(built.services, 'coordinator')).cookie, origin };
		partner = {
			cookie: (await signedInUser(built.services, 'partner', { partner: 'HP' })).cookie,
			origin
		};
	});

	afterAll(async () => {
		await built.close();
	});

	it('says where a return stands, with the version to send back', async () => {
		expect(await current()).toMatchObject({ status: 'submitted', reason: null });
	});

	it('refuses to return without a reason, and audits the refusal', async () => {
		const { version } = await current();
		const res = await post('return', { version });
		expect(res.statusCode).toBe(422);
		expect(res.json().error.code).toBe('no_reason');
		expect((await current()).status).toBe('submitted');
		expect(audited('submission.return', 'refused')).toBe(1);
	});

	it('asks for the version, as a whole number', async () => {
		const res = await post('approve', {});
		expect(res.statusCode).toBe(400);
		expect(res.json().error.message).toMatch(/version/);
	});

	it('returns with a reason, then tells the second of two reviewers it was too late', async () => {
		const { version } = await current();
		const first = await post('return', { version, reason: 'P4.02 looks doubled: please check.' });
		expect(first.statusCode).toBe(200);
		expect(first.json()).toMatchObject({
			status: 'returned',
			version: version + 1,
			reason: 'P4.02 looks doubled: please check.'
		});
		// The second reviewer saw the same version and approves: nothing is lost, they are told.
		const second = await post('approve', { version });
		expect(second.statusCode).toBe(409);
		expect(second.json().error.code).toBe('stale');
		expect((await current()).status).toBe('returned');
	});

	it('approves, and reopens only with a reason', async () => {
		const approved = await post('approve', { version: (await current()).version });
		expect(approved.json().status).toBe('approved');
		const noReason = await post('reopen', { version: approved.json().version });
		expect(noReason.statusCode).toBe(422);
		const reopened = await post('reopen', {
			version: approved.json().version,
			reason: 'A late correction from the council.'
		});
		expect(reopened.json()).toMatchObject({ status: 'returned' });
		expect(audited('submission.approve', 'success')).toBe(1);
	});

	it('answers an unknown action with a 404 that lists the actions', async () => {
		const res = await post('delete', { version: 1 });
		expect(res.statusCode).toBe(404);
		expect(res.json().error.message).toMatch(/approve, return, reopen/);
	});

	it('shows a partner its own return and no one else’s', async () => {
		const own = await built.app.inject({
			method: 'GET',
			url: '/api/v1/submissions/hp/2026-27-q2',
			headers: partner
		});
		expect(own.statusCode).toBe(200);
		const other = await built.app.inject({ method: 'GET', url: URL, headers: partner });
		expect(other.statusCode).toBe(404);
		const unknown = await built.app.inject({
			method: 'GET',
			url: '/api/v1/submissions/zz/2026-27-q2',
			headers: partner
		});
		expect(other.json()).toEqual({
			error: { ...unknown.json().error, message: other.json().error.message }
		});
		expect(other.json().error.message).not.toMatch(/North East/);
	});

	it('refuses a quarter it cannot read', async () => {
		const res = await built.app.inject({
			method: 'GET',
			url: '/api/v1/submissions/nelc/Q2',
			headers: coordinator
		});
		expect(res.statusCode).toBe(400);
		expect(res.json().error.code).toBe('bad_period');
	});
});
