/**
 * What the pages would otherwise work out from the database again on every request (the
 * framework, the dashboards' aggregates, the suppression decisions), kept until the data changes.
 *
 * Why no request is ever answered from stale data: every entry belongs to one data version
 * (db/data-version.ts), read before the entry is worked out and read again on every look-up. An
 * entry is worked out synchronously (better-sqlite3 never yields) from data at least as new as
 * the version it is filed under, so a write committed at any point, by this process or another,
 * changes the version that the next look-up reads, and that look-up starts afresh.
 */
import type { Framework } from '../core/framework.js';

export interface DataCacheOptions {
	/** The data version (db/data-version.ts). */
	readVersion: () => string;
	loadFramework: () => Framework;
	/** Entries kept besides the framework; the least recently used goes first. */
	maxEntries: number;
}

export interface DataCache {
	/** The framework as it is now. Every request shares it, so it is frozen. */
	framework(): Framework;
	/** A value worked out from the database alone, as it is now. */
	get<T>(key: string, compute: () => T): T;
	/**
	 * A value worked out from `framework` and the database. A request holds on to the framework
	 * it started with; when that is no longer the current one, the value is worked out afresh and
	 * not kept, so nothing is filed under a version that its framework does not belong to.
	 */
	derived<T>(framework: Framework, key: string, compute: () => T): T;
}

export function createDataCache(options: DataCacheOptions): DataCache {
	const { readVersion, loadFramework, maxEntries } = options;
	let version: string | undefined;
	let framework: Framework | undefined;
	const entries = new Map<string, unknown>();

	/** Forgets everything once the data has changed since the last look-up. */
	function sync(): void {
		const now = readVersion();
		if (now === version) return;
		version = now;
		framework = undefined;
		entries.clear();
	}

	function cached<T>(key: string, compute: () => T): T {
		if (entries.has(key)) {
			const value = entries.get(key) as T;
			// Moved to the back of the Map's order: the front is the least recently used.
			entries.delete(key);
			entries.set(key, value);
			return value;
		}
		const filedUnder = version;
		const value = deepFreeze(compute());
		// A look-up inside `compute` found the data changed: the value may mix two versions.
		if (version !== filedUnder) return value;
		entries.set(key, value);
		if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
		return value;
	}

	return {
		framework() {
			sync();
			framework ??= deepFreeze(loadFramework());
			return framework;
		},
		get(key, compute) {
			sync();
			return cached(key, compute);
		},
		derived(fw, key, compute) {
			sync();
			return fw === framework ? cached(key, compute) : compute();
		}
	};
}

/**
 * Freezes plain objects and arrays all the way down, so that code that would change a shared
 * value fails at once instead of changing what other requests see. Sets, Maps and functions are
 * left as they are: what holds them keeps them behind read-only types.
 */
function deepFreeze<T>(value: T): T {
	if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
	if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return value;
	Object.freeze(value);
	for (const child of Object.values(value)) deepFreeze(child);
	return value;
}
