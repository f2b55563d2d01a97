/**
 * Every page against every kind of principal, through the one access table (core/access.ts).
 * The expected decisions are written out, so changing who may open a page is a deliberate edit
 * here as well as there; and every page in src/routes must be in the table.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { decidePageAccess, PAGE_ACCESS, type PageDecision } from '../../src/core/access.js';
import type { Principal } from '../../src/core/access.js';

const ROUTES_DIR = fileURLToPath(new URL('../../src/routes/', import.meta.url));

const PRINCIPALS = {
	anonymous: { kind: 'anonymous' },
	coordinator: { kind: 'user', userId: 1, role: 'coordinator', partnerId: null, label: 'c' },
	funder: { kind: 'user', userId: 2, role: 'funder', partnerId: null, label: 'f' },
	partner: { kind: 'user', userId: 3, role: 'partner', partnerId: 7, label: 'p' },
	viewer: { kind: 'user', userId: 4, role: 'viewer', partnerId: null, label: 'v' },
	token: { kind: 'token', tokenId: 1, partnerId: 7, label: 'API token st_abc…' },
	link: {
		kind: 'link',
		linkId: 1,
		partnerId: 7,
		period: { year: 2025, quarter: 1 },
		label: 'submission link 1'
	}
} satisfies Record<string, Principal>;
type Who = keyof typeof PRINCIPALS;
const WHO = Object.keys(PRINCIPALS) as Who[];

const A: PageDecision = 'allow';
const S: PageDecision = 'sign-in';
const F: PageDecision = 'forbidden';

/* prettier-ignore */
const EXPECTED: Record<string, [PageDecision, PageDecision, PageDecision, PageDecision, PageDecision, PageDecision, PageDecision]> = {
	//                        anonymous coordinator funder partner viewer token link
	'/sign-in':               [A,        A,          A,     A,      A,     A,    A],
	'/set-password/[token]':  [A,        A,          A,     A,      A,     A,    A],
	'/sign-out':              [S,        A,          A,     A,      A,     S,    S],
	'/unsubscribe':           [A,        A,          A,     A,      A,     A,    A],
	'/account/email':         [S,        A,          A,     A,      A,     S,    S],
	'/':                      [S,        A,          A,     A,      A,     S,    S],
	'/priorities/[number]':   [S,        A,          A,     A,      A,     S,    S],
	'/metrics/[code]':        [S,        A,          A,     A,      A,     S,    S],
	'/submit':                [S,        A,          F,     A,      F,     S,    S],
	'/submit/form':           [S,        A,          F,     A,      F,     S,    S],
	'/submit/template':       [S,        A,          F,     A,      F,     S,    S],
	'/submissions':           [S,        A,          F,     A,      F,     S,    S],
	'/submissions/[partner]/[period]': [S, A,        F,     A,      F,     S,    S],
	'/submissions/uploads/[id]': [S,     A,          F,     A,      F,     S,    S],
	'/completeness':          [S,        A,          A,     F,      F,     S,    S],
	'/review':                [S,        A,          F,     F,      F,     S,    S],
	'/review/[partner]/[period]': [S,    A,          F,     F,      F,     S,    S],
	'/funded-outcomes':       [S,        A,          A,     F,      F,     S,    S],
	'/reports':               [S,        A,          A,     F,      A,     S,    S],
	'/reports/[period]':      [S,        A,          A,     F,      A,     S,    S],
	'/reports/[period]/issued/[id]': [S,  A,          A,     F,      A,     S,    S],
	'/link/[token]':          [A,        A,          A,     A,      A,     A,    A],
	'/link/[token]/template': [A,        A,          A,     A,      A,     A,    A],
	'/admin':                 [S,        A,          F,     F,      F,     S,    S],
	'/admin/users':           [S,        A,          F,     F,      F,     S,    S],
	'/admin/users/new':       [S,        A,          F,     F,      F,     S,    S],
	'/admin/users/[id]':      [S,        A,          F,     F,      F,     S,    S],
	'/admin/tokens':          [S,        A,          F,     F,      F,     S,    S],
	'/admin/links':           [S,        A,          F,     F,      F,     S,    S],
	'/admin/outbox':          [S,        A,          F,     F,      F,     S,    S],
	'/admin/reminders':       [S,        A,          F,     F,      F,     S,    S],
	'/admin/audit':           [S,        A,          F,     F,      F,     S,    S],
	'/admin/backup':          [S,        A,          F,     F,      F,     S,    S],
	'/admin/framework':       [S,        A,          F,     F,      F,     S,    S],
	'/admin/framework/metrics/new': [S, A,          F,     F,      F,     S,    S],
	'/admin/framework/metrics/[code]': [S, A,        F,     F,      F,     S,    S],
	'/admin/framework/priorities/new': [S, A,        F,     F,      F,     S,    S],
	'/admin/framework/priorities/[number]': [S, A,   F,     F,      F,     S,    S],
	'/admin/framework/funding-streams': [S, A,       F,     F,      F,     S,    S],
	'/admin/framework/funding-streams/new': [S, A,   F,     F,      F,     S,    S],
	'/admin/framework/funding-streams/[id]': [S, A,  F,     F,      F,     S,    S]
};

/** Route ids as SvelteKit writes them ('/priorities/[number]') of every page and endpoint. */
function routeIdsInSource(dir = ROUTES_DIR): string[] {
	const ids: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) ids.push(...routeIdsInSource(path));
		else if (/^\+(page(\.server)?|server)\.(ts|js)$|^\+page\.svelte$/.test(entry.name))
			ids.push(`/${relative(ROUTES_DIR, dir).split(sep).join('/')}`);
	}
	return [...new Set(ids)].sort();
}

describe('page access', () => {
	it('has an expected row for every route in the access table, and no other', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PAGE_ACCESS).sort());
	});

	const cases = Object.entries(EXPECTED).flatMap(([route, row]) =>
		WHO.map((who, i) => ({ route, who, decision: row[i]! }))
	);

	it.each(cases)('$route for $who: $decision', ({ route, who, decision }) => {
		expect(decidePageAccess(PRINCIPALS[who], route)).toBe(decision);
	});

	it('refuses a route missing from the table, and answers no route at all with not-found', () => {
		for (const who of WHO) {
			expect(decidePageAccess(PRINCIPALS[who], '/admin/new-unlisted-page')).toBe('forbidden');
			expect(decidePageAccess(PRINCIPALS[who], null)).toBe('not-found');
		}
	});

	it('finds every page and endpoint under src/routes in the access table', () => {
		const ids = routeIdsInSource();
		expect(ids).toContain('/');
		expect(ids).toContain('/priorities/[number]');
		expect(ids.filter((id) => !(id in PAGE_ACCESS))).toEqual([]);
	});

	it('lists no route in the table that has no page', () => {
		const ids = routeIdsInSource();
		expect(Object.keys(PAGE_ACCESS).filter((id) => !ids.includes(id))).toEqual([]);
	});
});
