import { describe, expect, it } from 'vitest';

import { redactSecrets, renderMail, type MailContent } from './message.js';
import { receiptMail } from './messages.js';

const CTX = {
	partnership: 'Humber Modern Slavery Partnership',
	origin: 'https://tracker.example.org'
};

function content(overrides: Partial<MailContent> = {}): MailContent {
	return {
		kind: 'digest',
		subject: 'Subject',
		paragraphs: ['First <b>paragraph</b> & more.'],
		action: { label: 'Open it', url: 'https://tracker.example.org/review?a=1&b=2' },
		reason: 'You get this because you are a coordinator.',
		secrets: [],
		...overrides
	};
}

describe('an email', () => {
	it('has the same words in its plain text and its HTML, with the HTML escaped', () => {
		const mail = renderMail(content(), { partnership: CTX.partnership, unsubscribeUrl: null });
		expect(mail.text).toContain('First <b>paragraph</b> & more.');
		expect(mail.html).toContain('First &lt;b&gt;paragraph&lt;/b&gt; &amp; more.');
		expect(mail.html).toContain('href="https://tracker.example.org/review?a=1&amp;b=2"');
		expect(mail.text).toContain('Open it:\nhttps://tracker.example.org/review?a=1&b=2');
		expect(mail.text).toContain('You get this because you are a coordinator.');
		expect(mail.text).not.toContain('stop these messages');
	});

	it('says how to stop a message that is not essential', () => {
		const mail = renderMail(content(), {
			partnership: CTX.partnership,
			unsubscribeUrl: 'https://tracker.example.org/unsubscribe?x'
		});
		expect(mail.text).toContain(
			'You can stop these messages: https://tracker.example.org/unsubscribe?x'
		);
		expect(mail.html).toContain('Stop these messages</a>');
	});

	it('loses its one-time links once sent', () => {
		const link = 'https://tracker.example.org/set-password/abc123';
		expect(redactSecrets(`Set it: ${link}\n${link}`, [link])).toBe(
			'Set it: [one-time link removed]\n[one-time link removed]'
		);
	});

	it('gives a receipt the counts of figures received, never the figures', () => {
		const receipt = receiptMail(CTX, {
			partnerName: 'Humberside Police',
			partnerCode: 'HP',
			period: { year: 2026, quarter: 2 },
			uploadId: 41,
			counts: { created: 1, updated: 2, unchanged: 0 },
			at: '2026-10-20T10:00:00Z'
		});
		expect(receipt.paragraphs[0]).toBe(
			"We received Humberside Police's figures for 2026-27 Q2 on 20 October 2026, reference upload 41: 1 new figure, 2 changed figures and 0 unchanged figures."
		);
		expect(receipt.action.url).toBe('https://tracker.example.org/submissions/hp/2026-27-q2');
	});
});
