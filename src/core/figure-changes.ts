/**
 * What an incoming figure does to the stored one: creates it, updates it (old → new) or leaves it
 * unchanged. One rule for the preview and the commit, so they always give the same summary.
 */
import type { FigureKind } from './framework.js';

export interface FigureKey {
	metricId: number;
	partnerId: number;
	areaCode: string;
	year: number;
	quarter: number;
}

export interface FigureState {
	kind: FigureKind;
	/** Null for not_collected; 0 for a nil return; otherwise the figure in the metric's unit. */
	value: number | null;
	comment: string;
}

export type FigureChange =
	{ type: 'created' } | { type: 'updated'; before: FigureState } | { type: 'unchanged' };

export function figureKeyString(k: FigureKey): string {
	return `${k.metricId}|${k.partnerId}|${k.areaCode}|${k.year}|${k.quarter}`;
}

/** Shared by every figure they describe: a large file plans 100,000 of them. */
export const CREATED: FigureChange = Object.freeze({ type: 'created' });
const UNCHANGED: FigureChange = Object.freeze({ type: 'unchanged' });

export function classifyFigureChange(
	existing: FigureState | undefined,
	incoming: FigureState
): FigureChange {
	if (!existing) return CREATED;
	const same =
		existing.kind === incoming.kind &&
		existing.value === incoming.value &&
		existing.comment === incoming.comment;
	return same ? UNCHANGED : { type: 'updated', before: existing };
}
