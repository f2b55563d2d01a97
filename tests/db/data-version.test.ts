import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { createDataVersion } from '../../src/db/data-version.js';
import { createUsersRepository } from '../../src/db/users.js';
import { tempDatabasePath, type TempDatabasePath } from '../helpers/build-app.js';

describe('createDataVersion', () => {
	let database: TempDatabasePath;
	let db: Db;
	let other: Db;
	let version: () => string;

	const insertArea = (on: Db, code: string) =>
		on.$client
			.prepare(
				`insert into areas (code, name, population, population_source, partnership_wide, sort_order)
				values (?, ?, 1, 'test', 0, 0)`
			)
			.run(code, code);

	beforeEach(() => {
		database = tempDatabasePath();
		db = openDatabase(database.path);
		other = openDatabase(database.path);
		version = createDataVersion(db);
	});

	afterEach(() => {
		closeDatabase(other);
		closeDatabase(db);
		database.remove();
	});

	it('stays the same while the data is only read', () => {
		const before = version();
		db.$client.prepare('select count(*) from areas').get();
		other.$client.prepare('select count(*) from areas').get();
		expect(version()).toBe(before);
	});

	it('changes after a write on its own connection', () => {
		const before = version();
		insertArea(db, 'A1');
		expect(version()).not.toBe(before);
	});

	it('stays the same when a session is only marked as used, so signed-in people do not empty the caches', () => {
		const users = createUsersRepository(db);
		const user = users.create({
			email: 'coordinator@example.org',
			displayName: 'Coordinator',
			role: 'coordinator',
			partnerId: null
		});
		users.createSession({
			idHash: 'session-hash',
			userId: user.id,
			at: '2026-11-23T09:00:00Z',
			expiresAt: '2026-11-24T09:00:00Z',
			ip: '127.0.0.1',
			userAgent: 'test'
		});
		const before = version();
		users.touchSession('session-hash', '2026-11-23T09:05:00Z');
		expect(version()).toBe(before);
		insertArea(db, 'A3');
		expect(version()).not.toBe(before);
	});

	it('changes after a commit on another connection to the same file', () => {
		const before = version();
		insertArea(other, 'A2');
		expect(version()).not.toBe(before);
	});
});
