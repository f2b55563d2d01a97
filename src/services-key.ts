/**
 * Where the server leaves its services for the pages: on the request (production, src/api/app.ts)
 * or on globalThis (development, src/dev-server.ts). Its own module, free of imports, so the
 * SvelteKit bundle can read it without pulling in the database.
 */
export const SERVICES_KEY = Symbol.for('strategy-tracker.services');
