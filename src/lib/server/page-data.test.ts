import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Principal } from '$core/access';
import { suppressionReaderFor } from '$core/dashboard-suppression';
import { buildTestApp, type TestApp } from '../../../tests/helpers/build-app';
import { cachedPageData } from './page-data';
import { resolveSelection } from './selection';

const principal = (role: 'coordinator' | 'funder'): Principal => ({
	kind: 'user',
	userId: 1,
	role,
	partnerId: null,
	label: role
});

describe('cachedPageData', () => {
	let test: TestApp;
	let computed: string[];

	beforeEach(async () => {
		test = await buildTestApp({ seed: 'framework' });
		computed = [];
	});

	afterEach(async () => {
		await test.close();
	});

	/** The page's data as a load function asks for it, noting each time it is worked out. */
	function load(role: 'coordinator' | 'funder', query = '') {
		const services = test.services;
		const locals = {
			services,
			principal: principal(role),
			user: null,
			framework: () => services.framework.load()
		} as App.Locals;
		const selection = resolveSelection(locals, new URL(`http://127.0.0.1/${query}`));
		const reader = suppressionReaderFor(locals.principal, services.config.suppressionThreshold);
		return cachedPageData(locals, 'overview', selection, reader, () => {
			computed.push(`${role} ${query}`);
			return { area: selection.area.code };
		});
	}

	it('works a page out once for the same reader and selection, until the data changes', () => {
		const first = load('funder');
		expect(load('funder')).toBe(first);
		expect(computed).toEqual(['funder ']);

		test.services.audit({ actorUserId: null, actorLabel: 'test', ip: '', action: 'test.write' });
		expect(load('funder')).not.toBe(first);
		expect(computed).toEqual(['funder ', 'funder ']);
	});

	it('keeps readers, quarters and areas apart', () => {
		load('coordinator');
		load('funder');
		load('funder', '?area=HULL');
		load('funder', '?period=2025-26-q1');
		load('funder', '?period=2025-26-q1');
		expect(computed).toEqual([
			'coordinator ',
			'funder ',
			'funder ?area=HULL',
			'funder ?period=2025-26-q1'
		]);
		expect(load('funder', '?area=HULL')).toEqual({ area: 'HULL' });
	});
});
