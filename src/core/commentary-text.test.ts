import { describe, expect, it } from 'vitest';

import { checkCommentary, parseCommentary } from './commentary-text.js';

describe('parseCommentary', () => {
	it('splits paragraphs on blank lines and joins wrapped lines', () => {
		expect(parseCommentary('Referrals rose.\nMostly in Hull.\n\nTraining is behind.')).toEqual([
			{ kind: 'paragraph', text: 'Referrals rose. Mostly in Hull.' },
			{ kind: 'paragraph', text: 'Training is behind.' }
		]);
	});

	it('reads lines starting with "- " as a list, even straight after a paragraph', () => {
		expect(
			parseCommentary('Actions:\r\n- chase ERYC\n- rerun the survey\n  in March\n\nDone.')
		).toEqual([
			{ kind: 'paragraph', text: 'Actions:' },
			{ kind: 'list', items: ['chase ERYC', 'rerun the survey in March'] },
			{ kind: 'paragraph', text: 'Done.' }
		]);
	});

	it('keeps markup as text, for the page to show as typed', () => {
		expect(parseCommentary('<script>alert(1)</script>')).toEqual([
			{ kind: 'paragraph', text: '<script>alert(1)</script>' }
		]);
	});

	it('does not read a negative number as a list item', () => {
		expect(parseCommentary('-5% on last quarter')).toEqual([
			{ kind: 'paragraph', text: '-5% on last quarter' }
		]);
	});
});

describe('checkCommentary', () => {
	it('refuses an empty commentary and one over 5,000 characters, saying what to do', () => {
		expect(checkCommentary('  \n ')).toBe(
			'Enter the commentary. Write a few sentences on how the priority is going this quarter.'
		);
		expect(checkCommentary('x'.repeat(5001))).toBe(
			'The commentary is 5,001 characters long. Shorten it to 5,000 characters or fewer.'
		);
		expect(checkCommentary('Fine.')).toBeNull();
	});
});
