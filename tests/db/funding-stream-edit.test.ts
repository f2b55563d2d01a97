import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FundingStreamAttributes } from '../../src/core/funding-stream-edit.js';
import { auditEntries } from '../helpers/audit-entries.js';
import { buildTestApp, type TestApp } from '../helpers/build-app.js';

/** The coordinator's changes to the funding streams: each audited, refusals too. */
describe('funding stream editing', () => {
	let t: TestApp;
	const actor = { userId: null, label: 'coordinator@example.org', ip: '127.0.0.1' };
	const audit = (action: string) => auditEntries(t.services.db, action);
	const stream = (code: string) =>
		t.services.framework.load().fundingStreams.find((s) => s.code === code);
	const metricId = (code: string) =>
		t.services.framework.load().metrics.find((m) => m.code === code)!.id;
	const codesOf = (ids: number[]) =>
		t.services.framework
			.load()
			.metrics.filter((m) => ids.includes(m.id))
			.map((m) => m.code)
			.sort();
	const attributesOf = (code: string): FundingStreamAttributes => {
		const { id: _id, metricIds: _metricIds, ...attributes } = stream(code)!;
		return attributes;
	};
	const NEW_STREAM: FundingStreamAttributes = {
		code: 'HOME-OFFICE',
		name: 'Modern slavery prevention fund',
		funder: 'Home Office',
		amountGbp: 25000.5,
		firstYear: 2026,
		lastYear: 2027,
		description: 'Prevention work with the ports.'
	};

	beforeEach(async () => {
		t = await buildTestApp({ seed: 'framework' });
	});
	afterEach(async () => {
		await t.close();
	});

	it('adds a stream, with no metrics yet, shown on the next framework load, and audits it', () => {
		t.services.framework.load();
		const id = t.services.fundingStreamEdit.createStream(NEW_STREAM, actor);

		expect(stream('HOME-OFFICE')).toEqual({ id, ...NEW_STREAM, metricIds: [] });
		expect(audit('funding-stream.create')).toEqual([
			{
				outcome: 'success',
				before: null,
				after: NEW_STREAM,
				detail: 'Added funding stream HOME-OFFICE: Modern slavery prevention fund.'
			}
		]);
	});

	it('changes a stream’s amount and years, keeping its metrics, and audits before and after', () => {
		const before = stream('PCC-NAV')!;
		const changed = { ...attributesOf('PCC-NAV'), amountGbp: 75000, lastYear: 2026 };
		t.services.fundingStreamEdit.updateStream(before.id, changed, actor);

		expect(stream('PCC-NAV')).toEqual({ ...before, amountGbp: 75000, lastYear: 2026 });
		const [entry] = audit('funding-stream.update');
		expect(entry).toEqual({
			outcome: 'success',
			before: { ...changed, amountGbp: 60000, lastYear: 2025 },
			after: changed,
			detail: 'Changed funding stream PCC-NAV.'
		});
	});

	it('refuses another stream’s code and a last year before the first, changing nothing, and audits each refusal', () => {
		const before = stream('PCC-NAV')!;
		expect(() =>
			t.services.fundingStreamEdit.updateStream(
				before.id,
				{ ...attributesOf('PCC-NAV'), code: 'PCC-COORD' },
				actor
			)
		).toThrow('Another funding stream already has the code PCC-COORD.');
		expect(() =>
			t.services.fundingStreamEdit.updateStream(
				before.id,
				{ ...attributesOf('PCC-NAV'), firstYear: 2026, lastYear: 2024 },
				actor
			)
		).toThrow('The last year (2024-25) is before the first (2026-27).');

		expect(stream('PCC-NAV')).toEqual(before);
		expect(audit('funding-stream.update').map((e) => e.outcome)).toEqual(['refused', 'refused']);
	});

	it('refuses a new stream with a negative amount, adding nothing, and audits the refusal', () => {
		const count = t.services.framework.load().fundingStreams.length;
		expect(() =>
			t.services.fundingStreamEdit.createStream({ ...NEW_STREAM, amountGbp: -1 }, actor)
		).toThrow('The amount must be a sum of money of £0 or more (got -1).');
		expect(t.services.framework.load().fundingStreams).toHaveLength(count);
		expect(audit('funding-stream.create')).toEqual([
			expect.objectContaining({ outcome: 'refused' })
		]);
	});

	it('links and unlinks metrics, leaving their figures alone, and audits which codes changed', () => {
		const nav = stream('PCC-NAV')!;
		const kept = nav.metricIds.filter((id) => codesOf([id])[0] !== 'P4.04');
		t.services.fundingStreamEdit.setStreamMetrics(nav.id, [...kept, metricId('P1.01')], actor);

		expect(codesOf(stream('PCC-NAV')!.metricIds)).toEqual(['P1.01', 'P1.06', 'P1.07']);
		expect(
			t.services.framework.load().metrics.find((m) => m.code === 'P1.01')!.fundingStreamIds
		).toContain(nav.id);
		expect(audit('funding-stream.metrics')).toEqual([
			{
				outcome: 'success',
				before: { metrics: ['P1.06', 'P1.07', 'P4.04'] },
				after: { metrics: ['P1.01', 'P1.06', 'P1.07'] },
				detail: 'PCC-NAV: linked P1.01; unlinked P4.04.'
			}
		]);
	});

	it('refuses a metric id that does not exist, keeping the links, and audits the refusal', () => {
		const nav = stream('PCC-NAV')!;
		expect(() =>
			t.services.fundingStreamEdit.setStreamMetrics(nav.id, [...nav.metricIds, 99999], actor)
		).toThrow('There is no metric with id 99999. Tick metrics from the list.');
		expect(codesOf(stream('PCC-NAV')!.metricIds)).toEqual(['P1.06', 'P1.07', 'P4.04']);
		expect(audit('funding-stream.metrics')).toEqual([
			expect.objectContaining({ outcome: 'refused' })
		]);
	});

	it('keeps the links when the audit entry cannot be written: the change and its record go together', () => {
		const nav = stream('PCC-NAV')!;
		t.services.db.$client.exec(
			`CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`
		);
		expect(() => t.services.fundingStreamEdit.setStreamMetrics(nav.id, [], actor)).toThrow(
			'audit log unavailable'
		);
		expect(codesOf(stream('PCC-NAV')!.metricIds)).toEqual(['P1.06', 'P1.07', 'P4.04']);
	});
});
