import type { RequestEvent } from '@sveltejs/kit';

/** The client's address for the audit log; never throws (adapter-node may not know it). */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		return '';
	}
}
