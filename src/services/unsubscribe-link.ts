/**
 * The link at the foot of an optional email (`/unsubscribe?user=…&kind=…&sig=…`), read the same
 * way by the page that asks "Stop these emails?" (src/routes/unsubscribe) and by the POST that
 * stops them (src/api/routes/unsubscribe.ts). Its signature is its only authority: it needs no
 * sign-in, so it works from any device the email was read on.
 */
import { isOptionalMailKind, type OptionalMailKind } from '../core/mail/message.js';
import type { Services } from '../services.js';

export interface UnsubscribeLink {
	userId: number;
	kind: OptionalMailKind;
	/** Where those emails go, so the person sees whose they are stopping. */
	address: string;
}

/**
 * The link's user and kind when its signature checks, or null. A kind that cannot be turned off
 * is refused even with a good signature: no email carries such a link, so one is forged or old.
 */
export function readUnsubscribeLink(
	services: Pick<Services, 'auth' | 'mail'>,
	query: URLSearchParams
): UnsubscribeLink | null {
	const user = query.get('user') ?? '';
	const kind = query.get('kind') ?? '';
	const sig = query.get('sig') ?? '';
	if (!/^\d{1,9}$/.test(user) || !isOptionalMailKind(kind) || !/^[\w-]{1,100}$/.test(sig))
		return null;
	const userId = Number(user);
	if (!services.mail.settings.checkUnsubscribe(userId, kind, sig)) return null;
	const found = services.auth.users.findById(userId);
	return found ? { userId, kind, address: found.email } : null;
}

/** The same three parameters, and nothing else a caller added, for a redirect to the page. */
export function unsubscribeQuery(query: URLSearchParams): string {
	const kept = new URLSearchParams();
	for (const name of ['user', 'kind', 'sig']) kept.set(name, query.get(name) ?? '');
	return kept.toString();
}

export function stopMailByLink(
	services: Pick<Services, 'mail'>,
	link: UnsubscribeLink,
	ip: string
): void {
	services.mail.settings.setOptOut(link.userId, link.kind, true, {
		userId: link.userId,
		label: 'unsubscribe link',
		ip
	});
}
