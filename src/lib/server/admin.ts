import { error, type RequestEvent } from '@sveltejs/kit';

import type { AuthInputError } from '$auth/auth-service';
import { clientAddress } from './request';

/** One problem with what was typed, tied to the id of the field it belongs to. */
export interface FieldError {
	field: string;
	message: string;
}

/** Who is acting, for the audit log: the signed-in coordinator and their address. */
export function actorOf(event: RequestEvent): { userId: number; label: string; ip: string } {
	const user = event.locals.user;
	// hooks.server.ts has already refused anyone not signed in; this only satisfies the types.
	if (!user) error(401, 'Sign in to continue.');
	return { userId: user.id, label: user.email, ip: clientAddress(event) };
}

/**
 * By name, not instanceof: the services come from the server's own build (dist/), the pages from
 * SvelteKit's bundle (build/), so each has its own copy of the class.
 */
function isAuthInputError(err: unknown): err is AuthInputError {
	return (
		err instanceof Error &&
		err.name === 'AuthInputError' &&
		typeof (err as { field?: unknown }).field === 'string'
	);
}

/**
 * Runs a service call and turns an AuthInputError (a mistake in what the coordinator typed) into
 * a field error; anything else is a bug and is rethrown.
 */
export function attempt<T>(
	work: () => T,
	fieldFor: (field: string) => string = (field) => field
): { ok: true; value: T } | { ok: false; error: FieldError } {
	try {
		return { ok: true, value: work() };
	} catch (err) {
		if (isAuthInputError(err))
			return { ok: false, error: { field: fieldFor(err.field), message: err.message } };
		throw err;
	}
}

/** A whole-number id from the address or a form, or null. */
export function parseId(value: unknown): number | null {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!/^\d{1,9}$/.test(text)) return null;
	const id = Number(text);
	return id > 0 ? id : null;
}

/** A text field from a form, trimmed; '' when absent. */
export function textField(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}
