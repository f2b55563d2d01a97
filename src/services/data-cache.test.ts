import { describe, expect, it } from 'vitest';

import type { Framework } from '../core/framework.js';
import { createDataCache } from './data-cache.js';

/** A cache over a version the test moves itself, counting what it works out. */
function setUp(maxEntries = 10) {
	let version = 1;
	let loads = 0;
	const cache = createDataCache({
		readVersion: () => String(version),
		loadFramework: () => {
			loads += 1;
			return { strategy: { name: `load ${loads}` }, metrics: [{ id: 1 }] } as unknown as Framework;
		},
		maxEntries
	});
	let computed = 0;
	const count =
		<T>(value: T) =>
		() => {
			computed += 1;
			return value;
		};
	return {
		cache,
		count,
		change: () => (version += 1),
		loads: () => loads,
		computed: () => computed
	};
}

describe('createDataCache', () => {
	it('loads the framework once while the data version stays the same', () => {
		const t = setUp();
		const first = t.cache.framework();
		expect(t.cache.framework()).toBe(first);
		expect(t.loads()).toBe(1);
	});

	it('loads the framework again once the data version changes', () => {
		const t = setUp();
		const first = t.cache.framework();
		t.change();
		const second = t.cache.framework();
		expect(second).not.toBe(first);
		expect(second.strategy.name).toBe('load 2');
	});

	it('freezes the shared framework, so a request cannot change what the next one sees', () => {
		const t = setUp();
		const fw = t.cache.framework();
		expect(() => (fw.metrics as { id: number }[]).push({ id: 2 })).toThrow(TypeError);
		expect(() => ((fw.metrics[0] as { id: number }).id = 3)).toThrow(TypeError);
	});

	it('works a value out once per data version', () => {
		const t = setUp();
		expect(t.cache.get('a', t.count(['x']))).toEqual(['x']);
		expect(t.cache.get('a', t.count(['y']))).toEqual(['x']);
		expect(t.computed()).toBe(1);
		t.change();
		expect(t.cache.get('a', t.count(['z']))).toEqual(['z']);
		expect(t.computed()).toBe(2);
	});

	it('keeps at most maxEntries values, forgetting the least recently used first', () => {
		const t = setUp(2);
		t.cache.get('a', t.count('a1'));
		t.cache.get('b', t.count('b1'));
		t.cache.get('a', t.count('a2'));
		t.cache.get('c', t.count('c1'));
		expect(t.cache.get('a', t.count('a3'))).toBe('a1');
		expect(t.cache.get('b', t.count('b2'))).toBe('b2');
	});

	it('keeps a value derived from the current framework', () => {
		const t = setUp();
		const fw = t.cache.framework();
		t.cache.derived(fw, 'd', t.count('first'));
		expect(t.cache.derived(fw, 'd', t.count('second'))).toBe('first');
	});

	it('works out but does not keep a value derived from a framework older than the data', () => {
		const t = setUp();
		const old = t.cache.framework();
		t.change();
		expect(t.cache.derived(old, 'd', t.count('from old'))).toBe('from old');
		const current = t.cache.framework();
		expect(t.cache.derived(current, 'd', t.count('from current'))).toBe('from current');
	});

	it('does not keep a value during whose working out the data changed', () => {
		const t = setUp();
		t.cache.get('outer', () => {
			t.change();
			return t.cache.get('inner', t.count('inner'));
		});
		expect(t.cache.get('outer', t.count('again'))).toBe('again');
	});
});
