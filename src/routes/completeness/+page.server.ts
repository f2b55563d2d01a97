import { error, fail, redirect } from '@sveltejs/kit';

import { can } from '$core/access';
import {
	buildCompletenessGrid,
	findExpectedPartners,
	type CompletenessState
} from '$core/completeness';
import { echoInput } from '$core/echo';
import { SECTOR_NAMES, SECTORS, type Sector } from '$core/framework';
import {
	formatPeriodLabel,
	formatPeriodProse,
	formatPeriodSlug,
	periodIndex,
	type Period
} from '$core/periods';
import { actorOf, textField } from '$lib/server/admin';
import {
	describeReminders,
	isChasable,
	pickChaseTargets,
	previewChase,
	queueChase,
	type ChaseQuarter
} from '$lib/server/chase';
import { resolveSelection } from '$lib/server/selection';
import type { Actions, PageServerLoad } from './$types';

/** Six quarters: the chosen one and the five before it, a year and a half to spot a pattern. */
const QUARTERS_SHOWN = 6;

function readSector(url: URL): Sector | null {
	const asked = url.searchParams.get('sector');
	if (!asked) return null;
	const sector = SECTORS.find((s) => s === asked);
	if (!sector)
		error(404, `There is no sector "${echoInput(asked)}". Choose a sector from the list.`);
	return sector;
}

/**
 * The grid for `?period=…&area=…&sector=…`. The partnership-wide area (the default) means every
 * partner, as on the dashboards; a local area means the partners based there.
 */
function gridFor(locals: App.Locals, url: URL) {
	const { framework, period, area, periods, areas } = resolveSelection(locals, url);
	const sector = readSector(url);
	const last = periodIndex(period);
	const quarters = periods
		.map((p) => p.period)
		.filter((p) => periodIndex(p) <= last && periodIndex(p) > last - QUARTERS_SHOWN);
	const grid = buildCompletenessGrid({
		partners: framework.partners,
		metrics: framework.metrics,
		quarters,
		submissions: locals.services.completeness.findSubmissionsBetween(quarters[0]!, period),
		now: locals.services.now(),
		deadlines: locals.services.deadlines.overrides(),
		areaCode: area.partnershipWide ? null : area.code,
		sector
	});
	const counts = grid.counts[grid.counts.length - 1]!;
	// The chosen quarter's deadline is the same for every partner.
	const chaseQuarter: ChaseQuarter = {
		period,
		deadline: counts.deadline,
		when: counts.deadlinePassed ? 'after' : 'before'
	};
	return { framework, period, area, periods, areas, sector, grid, chaseQuarter };
}

/** The filters as a query string, to come back to the same view after chasing. */
function viewQuery(view: ReturnType<typeof gridFor>): URLSearchParams {
	const query = new URLSearchParams({ period: formatPeriodSlug(view.period) });
	if (!view.area.partnershipWide) query.set('area', view.area.code);
	if (view.sector) query.set('sector', view.sector);
	return query;
}

/** What the last chase did, from `?chased=2&uncontacted=HP.HCC` after its redirect. */
function readChased(url: URL, fw: { partners: { code: string; name: string }[] }) {
	const chased = url.searchParams.get('chased');
	if (chased === null || !/^\d{1,4}$/.test(chased)) return null;
	const codes = (url.searchParams.get('uncontacted') ?? '').split('.');
	return {
		partners: Number(chased),
		uncontacted: fw.partners.filter((p) => codes.includes(p.code)).map((p) => p.name)
	};
}

/**
 * Each cell's `href` is null for someone who may not open partners' submissions (the funder), so
 * no link leads to a refusal. Chasing, its preview (`?chase=HP` or `?chase=all`) and when each
 * partner was last reminded are the coordinator's alone.
 */
export const load: PageServerLoad = ({ locals, url }) => {
	const view = gridFor(locals, url);
	const { framework, period, area, periods, areas, sector, grid } = view;
	const canChase = can(locals.principal, 'review-submissions');
	const reminded = canChase ? describeReminders(locals.services, period) : null;
	const asked = canChase ? url.searchParams.get('chase') : null;
	const picked = asked ? pickChaseTargets(grid.rows, asked, formatPeriodLabel(period)) : null;
	const expected = findExpectedPartners(framework.partners, framework.metrics);
	const areaNames = new Map(framework.areas.map((a) => [a.code, a.name]));
	const linkCells = can(locals.principal, 'view-submissions');
	const hrefOf = (code: string, p: Period) =>
		linkCells ? `/submissions/${code.toLowerCase()}/${formatPeriodSlug(p)}` : null;
	const latest = grid.rows.map((r) => ({ row: r, cell: r.cells[r.cells.length - 1]! }));
	const latestIn = (state: CompletenessState) =>
		latest
			.filter((l) => l.cell.state === state)
			.map((l) => ({ name: l.row.partner.name, href: hrefOf(l.row.partner.code, period) }));

	return {
		period: {
			slug: formatPeriodSlug(period),
			label: formatPeriodLabel(period),
			prose: formatPeriodProse(period)
		},
		area: { code: area.code, name: area.name, partnershipWide: area.partnershipWide },
		sector: sector ? { code: sector, name: SECTOR_NAMES[sector] } : null,
		periods: periods.map(({ slug, label }) => ({ slug, label })),
		areas: areas.map((a) => ({ code: a.code, name: a.name, partnershipWide: a.partnershipWide })),
		// Only the sectors someone is expected from, so no choice leads to an empty grid by design.
		sectors: SECTORS.filter((s) => expected.some((p) => p.sector === s)).map((s) => ({
			code: s,
			name: SECTOR_NAMES[s]
		})),
		expectedAnywhere: expected.length,
		linkCells,
		canChase,
		/** The filters, for the chase links and the confirmation form to keep them. */
		view: Object.fromEntries(viewQuery(view)),
		mailSends: locals.services.mail.sends,
		confirmChase:
			picked && 'targets' in picked
				? previewChase(locals.services, framework, picked.targets, view.chaseQuarter)
				: null,
		errors: picked && 'problem' in picked ? [picked.problem] : [],
		chased: canChase ? readChased(url, framework) : null,
		quarters: grid.counts.map((c) => ({
			slug: formatPeriodSlug(c.period),
			label: formatPeriodLabel(c.period),
			deadline: c.deadline,
			deadlinePassed: c.deadlinePassed,
			expected: c.expected,
			onTime: c.onTime,
			late: c.late,
			missing: c.states.missing,
			notYetDue: c.states['not-yet-due'],
			approved: c.states.approved,
			returned: c.states.returned,
			waiting: c.states['submitted-on-time'] + c.states['submitted-late']
		})),
		rows: grid.rows.map((r) => ({
			code: r.partner.code,
			name: r.partner.name,
			sector: SECTOR_NAMES[r.partner.sector],
			area: areaNames.get(r.partner.areaCode) ?? r.partner.areaCode,
			chasable: canChase && isChasable(r),
			reminded: reminded ? (reminded.get(r.partner.id) ?? 'Not reminded') : null,
			cells: r.cells.map((c) => ({
				slug: formatPeriodSlug(c.period),
				label: formatPeriodLabel(c.period),
				state: c.state,
				late: c.late,
				href: hrefOf(r.partner.code, c.period)
			}))
		})),
		/** Nothing sent for the chosen quarter and its deadline has passed: chase these. */
		chase: latestIn('missing'),
		/** Nothing sent yet for the chosen quarter, but it is not due yet. */
		notYetSent: latestIn('not-yet-due'),
		/** Returns sent back with a reason, in any quarter shown, latest quarter first. */
		returned: grid.rows
			.flatMap((r) =>
				r.cells
					.filter((c) => c.state === 'returned')
					.map((c) => ({
						name: r.partner.name,
						quarter: formatPeriodLabel(c.period),
						index: periodIndex(c.period),
						reason: c.reason ?? '',
						href: hrefOf(r.partner.code, c.period)
					}))
			)
			.sort((a, b) => b.index - a.index || a.name.localeCompare(b.name, 'en-GB'))
			.map(({ index: _index, ...rest }) => rest)
	};
};

export const actions: Actions = {
	/** Queues the chase the preview showed, for the partners it named, then shows the banner. */
	chase: async (event) => {
		if (!can(event.locals.principal, 'review-submissions'))
			error(403, 'Only the coordinator can chase partners.');
		const form = await event.request.formData();
		const url = new URL(event.url);
		url.search = '';
		for (const name of ['period', 'area', 'sector']) {
			const value = textField(form, name);
			if (value) url.searchParams.set(name, value);
		}
		const view = gridFor(event.locals, url);
		const picked = pickChaseTargets(
			view.grid.rows,
			textField(form, 'chase'),
			formatPeriodLabel(view.period)
		);
		if ('problem' in picked) return fail(409, { errors: [picked.problem] });
		const { reached, noContacts } = queueChase(
			event.locals.services,
			view.framework,
			picked.targets,
			view.chaseQuarter,
			textField(form, 'token'),
			actorOf(event)
		);
		const query = viewQuery(view);
		query.set('chased', String(reached.length));
		if (noContacts.length) query.set('uncontacted', noContacts.map((t) => t.code).join('.'));
		redirect(303, `/completeness?${query}`);
	}
};
