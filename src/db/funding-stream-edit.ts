/**
 * Changing the funding streams (issue 6 item 6): add one, change its funder, name, amount, years
 * and description, and choose the metrics that evidence it. Each change is one transaction with
 * its audit entry (before and after); each refusal is audited too. No figure hangs on a stream,
 * so linking and unlinking metrics changes only what the funded-outcomes view shows.
 */
import { asc, eq, inArray } from 'drizzle-orm';

import { checkFundingStream, type FundingStreamAttributes } from '../core/funding-stream-edit.js';
import { appendAudit } from './audit.js';
import type { Db } from './client.js';
import {
	createEditAudit,
	FrameworkEditError,
	type EditActor,
	type EditAudit
} from './edit-audit.js';
import { fundingStreamMetrics, fundingStreams, metrics } from './schema.js';

type StreamRow = typeof fundingStreams.$inferSelect;

export function createFundingStreamEditor(db: Db) {
	const audit: EditAudit = createEditAudit(db, 'funding-stream');

	function findStream(streamId: number): StreamRow {
		const stream = db.select().from(fundingStreams).where(eq(fundingStreams.id, streamId)).get();
		if (!stream)
			throw new FrameworkEditError(
				'stream',
				`There is no funding stream with id ${streamId}. Choose one from the list.`
			);
		return stream;
	}

	/** The code and name must still be free when they are saved, whoever saved another meanwhile. */
	function checkAttributes(
		attributes: FundingStreamAttributes,
		stream: StreamRow | null,
		action: string,
		actor: EditActor
	): void {
		const streams = db
			.select({ id: fundingStreams.id, code: fundingStreams.code, name: fundingStreams.name })
			.from(fundingStreams)
			.all();
		const [first] = checkFundingStream(attributes, { streamId: stream?.id ?? null, streams });
		if (first)
			audit.refuse(actor, action, stream, new FrameworkEditError(first.field, first.message));
	}

	function linkedCodes(streamId: number): string[] {
		return db
			.select({ code: metrics.code })
			.from(fundingStreamMetrics)
			.innerJoin(metrics, eq(metrics.id, fundingStreamMetrics.metricId))
			.where(eq(fundingStreamMetrics.fundingStreamId, streamId))
			.orderBy(asc(metrics.code))
			.all()
			.map((m) => m.code);
	}

	/** Adds a stream, with no metrics yet; returns its id. */
	function createStream(attributes: FundingStreamAttributes, actor: EditActor): number {
		checkAttributes(attributes, null, 'funding-stream.create', actor);
		return db.transaction((tx) => {
			const row = tx.insert(fundingStreams).values(attributes).returning().get();
			appendAudit(tx, {
				...audit.entry(actor, 'funding-stream.create', row),
				after: attributes,
				detail: `Added funding stream ${row.code}: ${row.name}.`
			});
			return row.id;
		});
	}

	function updateStream(
		streamId: number,
		attributes: FundingStreamAttributes,
		actor: EditActor
	): void {
		const stream = findStream(streamId);
		checkAttributes(attributes, stream, 'funding-stream.update', actor);
		db.transaction((tx) => {
			tx.update(fundingStreams).set(attributes).where(eq(fundingStreams.id, streamId)).run();
			const before = Object.fromEntries(
				Object.keys(attributes).map((k) => [k, stream[k as keyof FundingStreamAttributes]])
			);
			appendAudit(tx, {
				...audit.entry(actor, 'funding-stream.update', stream),
				before,
				after: attributes,
				detail: `Changed funding stream ${stream.code}${attributes.code === stream.code ? '' : ` (now ${attributes.code})`}.`
			});
		});
	}

	/** Replaces the metrics that evidence a stream; an id that is not a metric is refused. */
	function setStreamMetrics(streamId: number, metricIds: number[], actor: EditActor): void {
		const stream = findStream(streamId);
		const wanted = [...new Set(metricIds)];
		const known = wanted.length
			? db
					.select({ id: metrics.id })
					.from(metrics)
					.where(inArray(metrics.id, wanted))
					.all()
					.map((m) => m.id)
			: [];
		const unknown = wanted.filter((id) => !known.includes(id));
		if (unknown.length)
			audit.refuse(
				actor,
				'funding-stream.metrics',
				stream,
				new FrameworkEditError(
					'metrics',
					`There is no metric with id ${unknown.join(', ')}. Tick metrics from the list.`
				)
			);
		db.transaction((tx) => {
			const before = linkedCodes(streamId);
			tx.delete(fundingStreamMetrics)
				.where(eq(fundingStreamMetrics.fundingStreamId, streamId))
				.run();
			if (wanted.length)
				tx.insert(fundingStreamMetrics)
					.values(wanted.map((metricId) => ({ fundingStreamId: streamId, metricId })))
					.run();
			const after = linkedCodes(streamId);
			appendAudit(tx, {
				...audit.entry(actor, 'funding-stream.metrics', stream),
				before: { metrics: before },
				after: { metrics: after },
				detail: describeLinkChange(stream.code, before, after)
			});
		});
	}

	return { createStream, updateStream, setStreamMetrics };
}

/** "PCC-NAV: linked P1.08; unlinked P4.04." for the audit log. */
function describeLinkChange(code: string, before: string[], after: string[]): string {
	const linked = after.filter((c) => !before.includes(c));
	const unlinked = before.filter((c) => !after.includes(c));
	const parts = [
		linked.length ? `linked ${linked.join(', ')}` : '',
		unlinked.length ? `unlinked ${unlinked.join(', ')}` : ''
	].filter(Boolean);
	return `${code}: ${parts.length ? parts.join('; ') : 'metrics unchanged'}.`;
}

export type FundingStreamEditor = ReturnType<typeof createFundingStreamEditor>;
