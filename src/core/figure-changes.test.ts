import { describe, expect, it } from 'vitest';
import {
	classifyFigureChange,
	figureKeyString,
	type FigureChange,
	type FigureState
} from './figure-changes.js';

const STORED: FigureState = { kind: 'value', value: 41, comment: '' };

describe('classifyFigureChange', () => {
	it('creates a figure that is not stored yet', () => {
		expect(classifyFigureChange(undefined, STORED)).toEqual({ type: 'created' });
		expect(classifyFigureChange(undefined, { kind: 'nil', value: 0, comment: '' })).toEqual({
			type: 'created'
		});
	});

	it.each<[string, FigureState]>([
		['the same number', { kind: 'value', value: 41, comment: '' }],
		['the same nil return', { kind: 'nil', value: 0, comment: 'None this quarter' }],
		['the same not collected', { kind: 'not_collected', value: null, comment: '' }]
	])('leaves %s unchanged', (_case, state) => {
		expect(classifyFigureChange(state, { ...state })).toEqual({ type: 'unchanged' });
	});

	it.each<[string, FigureState, FigureState]>([
		['a new number', STORED, { kind: 'value', value: 44, comment: '' }],
		['a number replaced by a nil return', STORED, { kind: 'nil', value: 0, comment: '' }],
		[
			'a 0 replaced by a nil return (same value, different meaning)',
			{ kind: 'value', value: 0, comment: '' },
			{ kind: 'nil', value: 0, comment: '' }
		],
		[
			'a number replaced by not collected',
			STORED,
			{ kind: 'not_collected', value: null, comment: '' }
		],
		[
			'not collected replaced by a number',
			{ kind: 'not_collected', value: null, comment: '' },
			STORED
		],
		['a comment added', STORED, { kind: 'value', value: 41, comment: 'Late return from Hull' }],
		[
			'a comment changed',
			{ kind: 'value', value: 41, comment: 'Provisional' },
			{ kind: 'value', value: 41, comment: 'Final' }
		],
		[
			'a comment removed',
			{ kind: 'value', value: 41, comment: 'Provisional' },
			{ kind: 'value', value: 41, comment: '' }
		]
	])('updates %s and keeps the figure as it was before', (_case, before, incoming) => {
		const change: FigureChange = classifyFigureChange(before, incoming);
		expect(change).toEqual({ type: 'updated', before });
	});

	it('treats a comment-only change as an update, keeping the old comment', () => {
		const before: FigureState = { kind: 'value', value: 12, comment: 'Provisional' };
		const change = classifyFigureChange(before, { ...before, comment: 'Revised after audit' });
		expect(change.type).toBe('updated');
		expect(change.type === 'updated' && change.before.comment).toBe('Provisional');
	});
});

describe('figureKeyString', () => {
	it('joins every part of the key, so figures differing in any one part differ', () => {
		const key = { metricId: 3, partnerId: 14, areaCode: 'HULL', year: 2025, quarter: 2 };
		expect(figureKeyString(key)).toBe('3|14|HULL|2025|2');
		const variants = [
			{ ...key, metricId: 4 },
			{ ...key, partnerId: 15 },
			{ ...key, areaCode: 'ERY' },
			{ ...key, year: 2024 },
			{ ...key, quarter: 3 }
		].map(figureKeyString);
		expect(new Set([figureKeyString(key), ...variants]).size).toBe(6);
	});
});
