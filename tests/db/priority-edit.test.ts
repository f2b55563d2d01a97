import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { auditEntries } from '../helpers/audit-entries.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';

/** The coordinator's changes to the priorities: audited, refused when they would lose anything. */
describe('priority editing', () => {
	let t: TestApp;
	const actor = { userId: null, label: 'coordinator@example.org', ip: '127.0.0.1' };
	const audit = (action: string) => auditEntries(t.services.db, action);
	const priority = (number: number) =>
		t.services.framework.load().priorities.find((p) => p.number === number);
	/** Makes every audit write fail, as a full disk would. */
	const breakAuditLog = () =>
		t.services.db.$client.exec(
			`CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`
		);

	beforeEach(async () => {
		t = await buildTestApp({ seed: 'framework' });
	});
	afterEach(async () => {
		await t.close();
	});

	it('shows a changed title on the next framework load, keeps the number, and audits before and after', () => {
		const before = priority(2)!;
		t.services.framework.load();
		t.services.priorityEdit.updatePriority(
			before.id,
			{ title: 'Disrupt and prosecute organised crime', description: 'New words.' },
			actor
		);

		expect(priority(2)).toEqual({
			id: before.id,
			number: 2,
			title: 'Disrupt and prosecute organised crime',
			description: 'New words.'
		});
		expect(audit('priority.update')).toEqual([
			{
				outcome: 'success',
				before: { title: before.title, description: before.description },
				after: { title: 'Disrupt and prosecute organised crime', description: 'New words.' },
				detail: 'Changed priority 2.'
			}
		]);
	});

	it('refuses another priority’s title, changes nothing, and audits the refusal', () => {
		const second = priority(2)!;
		expect(() =>
			t.services.priorityEdit.updatePriority(
				second.id,
				{ title: priority(1)!.title.toUpperCase(), description: '' },
				actor
			)
		).toThrow(/Priority 1 already has the title/);

		expect(priority(2)).toEqual(second);
		expect(audit('priority.update')).toEqual([
			expect.objectContaining({
				outcome: 'refused',
				detail: expect.stringContaining('Priority 1 already has the title')
			})
		]);
	});

	it('adds a priority with the next number, and audits it', () => {
		const count = t.services.framework.load().priorities.length;
		const number = t.services.priorityEdit.createPriority(
			{ title: 'Learn from survivors', description: 'Lived experience shapes the plan.' },
			actor
		);

		expect(number).toBe(count + 1);
		expect(priority(number)).toMatchObject({ title: 'Learn from survivors' });
		expect(audit('priority.create')).toEqual([
			{
				outcome: 'success',
				before: null,
				after: {
					number,
					title: 'Learn from survivors',
					description: 'Lived experience shapes the plan.'
				},
				detail: `Added priority ${number}: Learn from survivors.`
			}
		]);
	});

	it('refuses a new priority with no title, adding nothing, and audits the refusal', () => {
		const count = t.services.framework.load().priorities.length;
		expect(() =>
			t.services.priorityEdit.createPriority({ title: '  ', description: '' }, actor)
		).toThrow('Enter the priority’s title.');
		expect(t.services.framework.load().priorities).toHaveLength(count);
		expect(audit('priority.create')).toEqual([
			expect.objectContaining({ outcome: 'refused', detail: 'Enter the priority’s title.' })
		]);
	});

	it('refuses to delete a priority with metrics, saying why, and audits the refusal', () => {
		const last = t.services.framework.load().priorities.at(-1)!;
		expect(() => t.services.priorityEdit.deletePriority(last.id, actor)).toThrow(
			new RegExp(`^Priority ${last.number} has \\d+ metrics, so it cannot be deleted`)
		);
		expect(priority(last.number)).toEqual(last);
		expect(audit('priority.delete')).toEqual([expect.objectContaining({ outcome: 'refused' })]);
	});

	it('deletes the last priority while it has no metrics, and refuses one before the last', () => {
		const first = t.services.priorityEdit.createPriority(
			{ title: 'Seventh', description: '' },
			actor
		);
		const second = t.services.priorityEdit.createPriority(
			{ title: 'Eighth', description: '' },
			actor
		);

		expect(() => t.services.priorityEdit.deletePriority(priority(first)!.id, actor)).toThrow(
			`Only the last priority (${second}) can be deleted, so that no priority’s number and address change.`
		);
		t.services.priorityEdit.deletePriority(priority(second)!.id, actor);

		expect(priority(second)).toBeUndefined();
		expect(priority(first)).toBeDefined();
		expect(audit('priority.delete').map((e) => e.outcome)).toEqual(['refused', 'success']);
		expect(audit('priority.delete')[1]!.before).toEqual({
			number: second,
			title: 'Eighth',
			description: ''
		});
	});

	it('refuses to delete a priority with commentary, keeping it and what was said', () => {
		const number = t.services.priorityEdit.createPriority(
			{ title: 'Learn from survivors', description: '' },
			actor
		);
		const { id } = priority(number)!;
		t.services.commentary.create(
			{ priorityId: id, period: { year: 2026, quarter: 2 }, body: 'Started.', authorUserId: null },
			{ actorLabel: actor.label }
		);

		expect(() => t.services.priorityEdit.deletePriority(id, actor)).toThrow(
			`Priority ${number} has commentary, so it cannot be deleted: past reports quote it.`
		);
		expect(priority(number)).toBeDefined();
		expect(audit('priority.delete')).toEqual([expect.objectContaining({ outcome: 'refused' })]);
	});

	it('keeps the old title when the audit entry cannot be written: the change and its record go together', () => {
		const before = priority(3)!;
		breakAuditLog();
		expect(() =>
			t.services.priorityEdit.updatePriority(
				before.id,
				{ title: 'Unrecorded title', description: '' },
				actor
			)
		).toThrow('audit log unavailable');
		expect(priority(3)).toEqual(before);
	});
});
