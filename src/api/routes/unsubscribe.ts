/**
 * `POST /unsubscribe?user=…&kind=…&sig=…`: stops one kind of optional email, for the button on the
 * page that asks first and for RFC 8058's one-click unsubscribe.
 * @see https://www.rfc-editor.org/rfc/rfc8058
 *
 * Answered here rather than by SvelteKit: a mail client posts `List-Unsubscribe=One-Click` from
 * its own servers, with no cookie and no Origin header, and SvelteKit refuses every form post
 * whose Origin is not the site's (`csrf.checkOrigin`) before any hook of ours runs. No CSRF token
 * is needed: the link's signature is the authority, and a forger would need the link itself. The
 * page that asks "Stop these emails?" stays in SvelteKit (src/routes/unsubscribe).
 */
import type { FastifyInstance } from 'fastify';

import { MAIL_KIND_NAMES } from '../../core/mail/message.js';
import type { Services } from '../../services.js';
import {
	readUnsubscribeLink,
	stopMailByLink,
	unsubscribeQuery
} from '../../services/unsubscribe-link.js';

const NOT_VALID =
	'This link to stop emails is not valid. You can choose which emails you get after signing in, under Email settings (/account/email).';

export async function unsubscribeRoutes(app: FastifyInstance, opts: { services: Services }) {
	// Mail clients send the one-click body urlencoded or as multipart, and the page's button sends
	// an empty form: only the query says what to stop, so the body is read as text whatever it is.
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) =>
		done(null, body)
	);

	app.post('/unsubscribe', async (request, reply) => {
		reply.header('cache-control', 'no-store');
		const query = new URLSearchParams(request.url.split('?')[1] ?? '');
		const oneClick = typeof request.body === 'string' && request.body.includes('One-Click');
		const link = readUnsubscribeLink(opts.services, query);
		if (link) stopMailByLink(opts.services, link, request.ip);
		// A person pressed the page's button: back to the page, which says what is now stopped (or
		// that the link is not valid), in the site's own layout.
		if (!oneClick) return reply.redirect(`/unsubscribe?${unsubscribeQuery(query)}`, 303);
		reply.type('text/plain; charset=utf-8');
		if (!link) return reply.code(404).send(NOT_VALID);
		return reply.send(
			`Stopped: you will no longer get these emails (${MAIL_KIND_NAMES[link.kind]}).`
		);
	});
}
