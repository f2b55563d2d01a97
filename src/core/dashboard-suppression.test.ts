import { describe, expect, it } from 'vitest';

import type { Principal } from './access.js';
import { buildOverview, buildPriorityView } from './dashboard.js';
import {
	decideSuppression,
	suppressionReaderFor,
	suppressOverview,
	suppressPriorityView,
	type SuppressionDecisions
} from './dashboard-suppression.js';
import type { Area, Framework, Metric } from './framework.js';
import type { Period, QuarterNumber } from './periods.js';
import type { DatedFigure } from './progress.js';

const p = (year: number, quarter: QuarterNumber): Period => ({ year, quarter });

const area = (code: string, population: number, partnershipWide = false): Area => ({
	code,
	name: code,
	population,
	populationSource: '',
	partnershipWide
});
const HULL = area('HULL', 10_000);
const ERY = area('ERY', 20_000);
const NEL = area('NEL', 40_000);
const HUMBER = area('HUMBER', 70_000, true);

function metric(overrides: Partial<Metric> & Pick<Metric, 'id' | 'code'>): Metric {
	return {
		priorityId: 10,
		priorityNumber: 1,
		name: overrides.code,
		unit: 'count',
		direction: 'monitor',
		partnerAggregation: 'sum',
		periodAggregation: 'sum',
		amberTolerance: 0.1,
		sensitive: true,
		leadPartnerId: null,
		definition: '',
		countingRule: '',
		dataSource: '',
		owner: '',
		caveats: '',
		status: 'active',
		reporters: [
			{ partnerId: 1, areaCode: 'HULL' },
			{ partnerId: 2, areaCode: 'ERY' },
			{ partnerId: 3, areaCode: 'NEL' }
		],
		targets: [],
		baselines: [],
		fundingStreamIds: [],
		...overrides
	};
}

// S1 (sensitive, monitored): Hull 3, East Riding 10, North East Lincs 12 in Q1 (Humber 25); a
// small Humber baseline of 3.
// S2 (sensitive, target 8 a year, so 2 a quarter): 1 + 0 + 0 in Q1, the year to date 1: on track,
// which with a target of 2 would give the hidden 1 away; a Humber baseline of 6.
// N1: the same figures as S1, not sensitive.
const FRAMEWORK: Framework = {
	strategy: {
		id: 1,
		name: 'Test',
		partnership: 'Test',
		description: '',
		startsOn: '2025-04-01',
		endsOn: '2028-03-31'
	},
	areas: [HULL, ERY, NEL, HUMBER],
	priorities: [{ id: 10, number: 1, title: 'Support victims', description: '' }],
	partners: [],
	metrics: [
		metric({ id: 1, code: 'S1', baselines: [{ areaCode: 'HUMBER', year: 2024, value: 3 }] }),
		metric({
			id: 2,
			code: 'S2',
			direction: 'decrease',
			targets: [{ year: 2025, quarter: 0, areaCode: 'HUMBER', value: 8 }],
			baselines: [{ areaCode: 'HUMBER', year: 2024, value: 6 }]
		}),
		metric({ id: 3, code: 'N1', sensitive: false })
	],
	fundingStreams: []
};

const AREA_OF = ['', 'HULL', 'ERY', 'NEL'];
function fig(metricId: number, quarter: number, values: [number, number, number]): DatedFigure[] {
	return values.map((value, i) => ({
		metricId,
		year: 2025,
		quarter,
		partnerId: i + 1,
		areaCode: AREA_OF[i + 1]!,
		kind: value === 0 ? 'nil' : 'value',
		value
	}));
}

const FIGURES: DatedFigure[] = [
	...fig(1, 1, [3, 10, 12]),
	...fig(1, 2, [20, 10, 12]),
	...fig(1, 3, [15, 10, 12]),
	...fig(2, 1, [1, 0, 0]),
	...fig(2, 2, [6, 0, 0]),
	...fig(3, 1, [3, 10, 12]),
	...fig(3, 2, [20, 10, 12])
];
const PERIODS = [p(2025, 1), p(2025, 2), p(2025, 3)];

const user = (role: 'coordinator' | 'funder' | 'viewer'): Principal => ({
	kind: 'user',
	userId: 1,
	role,
	partnerId: null,
	label: role
});

function decisionsFor(principal: Principal, threshold = 5): SuppressionDecisions {
	return decideSuppression({
		framework: FRAMEWORK,
		figures: FIGURES,
		periods: PERIODS,
		reader: suppressionReaderFor(principal, threshold)
	});
}

function overviewFor(principal: Principal, period: Period, where: Area) {
	const overview = buildOverview(FRAMEWORK, FIGURES, period, where);
	const shown = suppressOverview(overview, decisionsFor(principal));
	const byCode = new Map(shown.priorities[0]!.metrics.map((m) => [m.metric.code, m]));
	return { shown, byCode };
}

const partnerUser = (partnerId: number): Principal => ({
	kind: 'user',
	userId: 2,
	role: 'partner',
	partnerId,
	label: 'partner'
});

describe('suppressionReaderFor', () => {
	it('adds partners’ figures to the grid only for readers who may see them', () => {
		expect(suppressionReaderFor(user('funder'), 5)).toEqual({
			policy: { applies: true, threshold: 5 },
			withReporters: true,
			ownPartnerId: null
		});
		expect(suppressionReaderFor(user('viewer'), 5).withReporters).toBe(false);
		expect(suppressionReaderFor(user('coordinator'), 5).policy.applies).toBe(false);
	});

	it('names the partner whose figures the reader knows, for partner users, tokens and links', () => {
		expect(suppressionReaderFor(partnerUser(2), 5)).toEqual({
			policy: { applies: true, threshold: 5 },
			withReporters: false,
			ownPartnerId: 2
		});
		const token: Principal = { kind: 'token', tokenId: 1, partnerId: 3, label: 't' };
		expect(suppressionReaderFor(token, 5).ownPartnerId).toBe(3);
		const link: Principal = {
			kind: 'link',
			linkId: 1,
			partnerId: 1,
			period: p(2025, 1),
			label: 'l'
		};
		expect(suppressionReaderFor(link, 5).ownPartnerId).toBe(1);
		for (const role of ['coordinator', 'funder', 'viewer'] as const)
			expect(suppressionReaderFor(user(role), 5).ownPartnerId).toBeNull();
	});
});

describe('suppressOverview', () => {
	it('hides a small area figure, and the next smallest area, from the funder', () => {
		const hull = overviewFor(user('funder'), p(2025, 1), HULL).byCode.get('S1')!;
		expect(hull.progress.quarter.value).toBeNull();
		expect(hull.suppressed.quarter).toBe(true);
		// East Riding (10) goes too, so that Hull is not 25 − 10 − 12.
		const ery = overviewFor(user('funder'), p(2025, 1), ERY).byCode.get('S1')!;
		expect(ery.suppressed.quarter).toBe(true);
		expect(ery.progress.quarter.value).toBeNull();
		const nel = overviewFor(user('funder'), p(2025, 1), NEL).byCode.get('S1')!;
		expect(nel.suppressed.quarter).toBe(false);
		expect(nel.progress.quarter.value).toBe(12);
		const humber = overviewFor(user('funder'), p(2025, 1), HUMBER).byCode.get('S1')!;
		expect(humber.suppressed.quarter).toBe(false);
		expect(humber.progress.quarter.value).toBe(25);
	});

	it('shows the coordinator every figure', () => {
		const { byCode } = overviewFor(user('coordinator'), p(2025, 1), HULL);
		expect(byCode.get('S1')!.progress.quarter.value).toBe(3);
		expect(byCode.get('S1')!.suppressed).toEqual({
			quarter: false,
			yearToDate: false,
			baseline: false
		});
	});

	it('leaves metrics that are not sensitive alone', () => {
		const n1 = overviewFor(user('funder'), p(2025, 1), HULL).byCode.get('N1')!;
		expect(n1.progress.quarter.value).toBe(3);
		expect(n1.suppressed).toEqual({ quarter: false, yearToDate: false, baseline: false });
	});

	it('does not rate a hidden year to date, and rolls the priority up without it', () => {
		const coordinator = overviewFor(user('coordinator'), p(2025, 1), HUMBER);
		expect(coordinator.byCode.get('S2')!.progress.status.status).toBe('green');
		expect(coordinator.shown.priorities[0]!.counts.green).toBe(1);

		const funder = overviewFor(user('funder'), p(2025, 1), HUMBER);
		const s2 = funder.byCode.get('S2')!;
		expect(s2.suppressed).toEqual({ quarter: true, yearToDate: true, baseline: false });
		expect(s2.progress.yearToDate.value).toBeNull();
		expect(s2.progress.status).toEqual({ status: 'none', reason: 'suppressed' });
		expect(s2.progress.forecast).toBeNull();
		expect(funder.shown.priorities[0]!.counts).toEqual({ green: 0, amber: 0, red: 0, none: 3 });
		expect(funder.shown.priorities[0]!.status).toBe('none');
		// A monitored metric keeps its reason: it says nothing about the figure.
		const hull = overviewFor(user('funder'), p(2025, 1), HULL).byCode.get('S1')!;
		expect(hull.progress.status).toEqual({ status: 'none', reason: 'monitor' });
	});

	it('drops changes that would give a hidden quarter away', () => {
		// Hull S1: Q1 3 (hidden) and Q2 20, hidden with it, as the year to date at Q2 (23) is
		// shown. Q3 (15) is shown; the change from Q2 would give Q2 away.
		const hull = overviewFor(user('funder'), p(2025, 3), HULL).byCode.get('S1')!;
		expect(hull.suppressed).toEqual({ quarter: false, yearToDate: false, baseline: false });
		expect(hull.progress.quarter.value).toBe(15);
		expect(hull.progress.changeOnLastQuarter).toEqual({ kind: 'none' });
		const coordinator = overviewFor(user('coordinator'), p(2025, 3), HULL).byCode.get('S1')!;
		expect(coordinator.progress.changeOnLastQuarter).toMatchObject({ from: 20, to: 15 });
	});

	it('shows a partner its own small area figure, and hides the next area in its place', () => {
		// S1 in Q1: Hull 3 (partner 1 alone), East Riding 10 (partner 2 alone), North East Lincs 12,
		// Humber 25. The funder sees Hull and East Riding as [c]. Partner 1 knows Hull is its 3, so
		// nothing of 25 − 3 is small to it; partner 2 knows East Riding, so Hull's 3 alone would be
		// 25 − 10 − 12: North East Lincs goes instead.
		const shownTo = (reader: Principal) =>
			[HULL, ERY, NEL, HUMBER].map((where) => {
				const s1 = overviewFor(reader, p(2025, 1), where).byCode.get('S1')!;
				return s1.suppressed.quarter ? '[c]' : s1.progress.quarter.value;
			});
		expect(shownTo(user('funder'))).toEqual(['[c]', '[c]', 12, 25]);
		expect(shownTo(partnerUser(1))).toEqual([3, 10, 12, 25]);
		expect(shownTo(partnerUser(2))).toEqual(['[c]', 10, '[c]', 25]);
		const token: Principal = { kind: 'token', tokenId: 1, partnerId: 2, label: 't' };
		expect(shownTo(token)).toEqual(['[c]', 10, '[c]', 25]);
	});

	it('hides a partnership figure that less a partner’s own would be small', () => {
		// S2 in Q1: Hull 1 (partner 1), nil returns elsewhere; the Humber 1 is hidden from everyone,
		// partner 1 included: it cannot know the others' returns were nil.
		const humber = overviewFor(partnerUser(1), p(2025, 1), HUMBER).byCode.get('S2')!;
		expect(humber.suppressed).toEqual({ quarter: true, yearToDate: true, baseline: false });
		expect(humber.progress.status).toEqual({ status: 'none', reason: 'suppressed' });
		// Hull is its own: shown, and rated, as nothing about it is news to partner 1.
		const hull = overviewFor(partnerUser(1), p(2025, 1), HULL).byCode.get('S2')!;
		expect(hull.suppressed).toEqual({ quarter: false, yearToDate: false, baseline: false });
		expect(hull.progress.quarter.value).toBe(1);
	});

	it('keeps the change between two of a partner’s own small figures', () => {
		// S2 in Hull: Q1 1, Q2 6, both partner 1's. The funder's Q1 is hidden, and so the change.
		const own = overviewFor(partnerUser(1), p(2025, 2), HULL).byCode.get('S2')!;
		expect(own.progress.changeOnLastQuarter).toMatchObject({ from: 1, to: 6 });
		const funder = overviewFor(user('funder'), p(2025, 2), HULL).byCode.get('S2')!;
		expect(funder.progress.changeOnLastQuarter).toEqual({ kind: 'none' });
	});

	it('hides a rate per 10,000 residents with its figure, and no other', () => {
		// Hull (10,000 people), S1 in Q2: the quarter (20) is hidden with Q1's 3; the year to date
		// (3 + 20 = 23) is shown, and so is its rate, 23 per 10,000.
		const funder = overviewFor(user('funder'), p(2025, 2), HULL).byCode.get('S1')!;
		expect(funder.suppressed).toMatchObject({ quarter: true, yearToDate: false });
		expect(funder.progress.ratePer10000).toEqual({ quarter: null, yearToDate: 23 });
		const coordinator = overviewFor(user('coordinator'), p(2025, 2), HULL).byCode.get('S1')!;
		expect(coordinator.progress.ratePer10000).toEqual({ quarter: 20, yearToDate: 23 });
		// Q1: the quarter and the year to date are the same hidden 3.
		const q1 = overviewFor(user('funder'), p(2025, 1), HULL).byCode.get('S1')!;
		expect(q1.progress.ratePer10000).toEqual({ quarter: null, yearToDate: null });
		// North East Lincs (40,000 people), 12 in Q1, shown: 3 per 10,000.
		const nel = overviewFor(user('funder'), p(2025, 1), NEL).byCode.get('S1')!;
		expect(nel.progress.ratePer10000).toEqual({ quarter: 3, yearToDate: 3 });
	});

	it('hides a small baseline and the change on it, but shows them to the coordinator', () => {
		// S1 at the Humber in Q1: 25, a year-end forecast of 100, against a baseline of 3.
		const funder = overviewFor(user('funder'), p(2025, 1), HUMBER).byCode.get('S1')!;
		expect(funder.suppressed).toEqual({ quarter: false, yearToDate: false, baseline: true });
		expect(funder.progress.baseline).toMatchObject({ value: null, change: { kind: 'none' } });
		const coordinator = overviewFor(user('coordinator'), p(2025, 1), HUMBER).byCode.get('S1')!;
		expect(coordinator.suppressed.baseline).toBe(false);
		expect(coordinator.progress.baseline).toMatchObject({
			value: 3,
			change: { kind: 'compared', from: 3, to: 100, difference: 97 }
		});
	});

	it('drops the change on a baseline when the year to date is hidden', () => {
		// S2 at the Humber in Q1: the year to date 1 is hidden; its forecast, 4, would be the change's
		// end. The baseline, 6, is shown.
		const funder = overviewFor(user('funder'), p(2025, 1), HUMBER).byCode.get('S2')!;
		expect(funder.progress.baseline).toMatchObject({ value: 6, change: { kind: 'none' } });
		const coordinator = overviewFor(user('coordinator'), p(2025, 1), HUMBER).byCode.get('S2')!;
		expect(coordinator.progress.baseline?.change).toEqual({
			kind: 'too-small',
			from: 6,
			to: 4,
			difference: -2
		});
	});

	it('gives a council area no partnership-wide baseline', () => {
		const hull = overviewFor(user('coordinator'), p(2025, 1), HULL).byCode.get('S1')!;
		expect(hull.progress.baseline).toBeNull();
	});

	it('hides by the configured threshold', () => {
		const overview = buildOverview(FRAMEWORK, FIGURES, p(2025, 1), HULL);
		const shown = suppressOverview(overview, decisionsFor(user('funder'), 3));
		// Hull's 3 is not under a threshold of 3.
		expect(shown.priorities[0]!.metrics[0]!.progress.quarter.value).toBe(3);
	});
});

describe('suppressPriorityView', () => {
	it('leaves gaps in the series where the figure is hidden, the same as on the overview', () => {
		const view = buildPriorityView(
			FRAMEWORK,
			FRAMEWORK.priorities[0]!,
			FIGURES,
			PERIODS,
			p(2025, 3),
			HULL
		);
		for (const reader of [user('funder'), user('viewer')]) {
			const shown = suppressPriorityView(view, decisionsFor(reader));
			const s1 = shown.metrics.find((m) => m.metric.code === 'S1')!;
			// Q1 (3) is small; Q2 (20) is hidden with it, as the year to date at Q2 is shown.
			expect(s1.series.map((pt) => [pt.actual, pt.suppressed])).toEqual([
				[null, true],
				[null, true],
				[15, false]
			]);
			expect(s1.suppressed).toEqual({ quarter: false, yearToDate: false, baseline: false });
			expect(s1.progress.yearToDate.value).toBe(38);
			// The priority's own list is the same metrics as shown.
			expect(shown.priority.metrics.find((m) => m.metric.code === 'S1')!.suppressed).toEqual(
				s1.suppressed
			);
		}
		const overviewQ2 = overviewFor(user('funder'), p(2025, 2), HULL).byCode.get('S1')!;
		expect(overviewQ2.suppressed.quarter).toBe(true);

		// Partner 1 knows every Hull figure: its own.
		const partner = suppressPriorityView(view, decisionsFor(partnerUser(1)));
		const own = partner.metrics.find((m) => m.metric.code === 'S1')!;
		expect(own.series.map((pt) => [pt.actual, pt.suppressed])).toEqual([
			[3, false],
			[20, false],
			[15, false]
		]);

		const coordinator = suppressPriorityView(view, decisionsFor(user('coordinator')));
		const all = coordinator.metrics.find((m) => m.metric.code === 'S1')!;
		expect(all.series.map((pt) => pt.actual)).toEqual([3, 20, 15]);
		expect(all.series.every((pt) => !pt.suppressed)).toBe(true);
	});
});
