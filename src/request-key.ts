/**
 * Where the server leaves this request's id and logger for the pages (src/api/app.ts), so a page's
 * error is logged on the request's own JSON log line and shown with its reference. Its own module,
 * free of runtime imports, like services-key.ts.
 */
export const REQUEST_KEY = Symbol.for('strategy-tracker.request');

export interface RequestContext {
	/** The id in every log line of this request and in its X-Request-Id header. */
	id: string;
	log: { error(obj: object, msg?: string): void };
}
