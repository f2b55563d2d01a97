/**
 * One demo user per role (DEMO=1), so a new installation can be tried at once. They share one
 * password: DEMO_PASSWORD, or a published default; never use DEMO on a live installation.
 */
import { eq } from 'drizzle-orm';

import type { Role } from '../core/framework.js';
import type { Db } from '../db/client.js';
import { appMeta, partners } from '../db/schema.js';
import type { UsersRepository } from '../db/users.js';
import { hashPassword } from './passwords.js';

export const DEMO_USERS: {
	email: string;
	displayName: string;
	role: Role;
	partnerCode?: string;
}[] = [
	{ email: 'coordinator@example.org', displayName: 'Partnership coordinator', role: 'coordinator' },
	{ email: 'funder@example.org', displayName: 'PCC performance analyst', role: 'funder' },
	{
		email: 'police@example.org',
		displayName: 'Police data lead',
		role: 'partner',
		partnerCode: 'HP'
	},
	{
		email: 'hull@example.org',
		displayName: 'Hull City Council data lead',
		role: 'partner',
		partnerCode: 'HCC'
	},
	{ email: 'board@example.org', displayName: 'Board member', role: 'viewer' }
];

const DEMO_USERS_KEY = 'demo_users_created_at';

/** Creates the demo users once; returns them, or an empty list when they were there already. */
export async function seedDemoUsers(
	db: Db,
	users: UsersRepository,
	password: string
): Promise<typeof DEMO_USERS> {
	if (db.select().from(appMeta).where(eq(appMeta.key, DEMO_USERS_KEY)).all().length) return [];
	const hash = await hashPassword(password);
	const partnerIds = new Map(
		db
			.select({ id: partners.id, code: partners.code })
			.from(partners)
			.all()
			.map((p) => [p.code, p.id])
	);
	const created = DEMO_USERS.filter((u) => !u.partnerCode || partnerIds.has(u.partnerCode));
	db.transaction(() => {
		for (const u of created) {
			if (users.findByEmail(u.email)) continue;
			const user = users.create({
				email: u.email,
				displayName: u.displayName,
				role: u.role,
				partnerId: u.partnerCode ? partnerIds.get(u.partnerCode)! : null
			});
			users.setPasswordHash(user.id, hash);
		}
		db.insert(appMeta).values({ key: DEMO_USERS_KEY, value: new Date().toISOString() }).run();
	});
	return created;
}

export function hasDemoUsers(db: Db): boolean {
	return db.select().from(appMeta).where(eq(appMeta.key, DEMO_USERS_KEY)).all().length > 0;
}

export function describeDemoUsers(password: string): string {
	const lines = DEMO_USERS.map(
		(u) => `  ${u.email.padEnd(26)} ${u.role}${u.partnerCode ? ` (${u.partnerCode})` : ''}`
	);
	return `Demo users (password "${password}"):\n${lines.join('\n')}`;
}
