/**
 * The session cookie. Behind HTTPS it is `__Host-` prefixed and Secure (ASVS 3.3.1–3.3.4); on a
 * plain-http development or test address the browser would refuse both, so it is neither there.
 * Always HttpOnly and SameSite=Lax.
 */
export function sessionCookieName(origin: string): string {
	return origin.startsWith('https://') ? '__Host-st_session' : 'st_session';
}

export interface SessionCookieOptions {
	path: '/';
	httpOnly: true;
	sameSite: 'lax';
	secure: boolean;
	maxAge?: number;
}

export function sessionCookieOptions(origin: string): SessionCookieOptions {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure: origin.startsWith('https://') };
}
