/**
 * The API and the services for `npm run dev`: loaded by the Vite plugin in vite.config.ts, so the
 * pages (through globalThis) and /api/v1 share one database, as in production.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { buildApp } from './api/app.js';
import { readConfig } from './config.js';
import { seedDemoUsers } from './auth/demo-users.js';
import { seedDatabase } from './db/seed.js';
import { createServices } from './services.js';
import { SERVICES_KEY } from './services-key.js';

export interface DevApp {
	route(req: IncomingMessage, res: ServerResponse): void;
	close(): Promise<void>;
}

export async function startDevApp(): Promise<DevApp> {
	const read = readConfig({ DEMO: '1', ...process.env });
	for (const warning of read.warnings) console.warn(`Warning: ${warning}`);
	if (!read.ok) throw new Error(`The configuration has problems:\n- ${read.problems.join('\n- ')}`);
	const services = createServices(read.config);
	seedDatabase(services.db, { fixturesDir: read.config.fixturesDir, demo: read.config.demo });
	if (read.config.demo)
		await seedDemoUsers(services.db, services.auth.users, read.config.demoPassword);
	(globalThis as Record<symbol, unknown>)[SERVICES_KEY] = services;
	const app = await buildApp({ services, logger: { level: read.config.logLevel } });
	await app.ready();
	return {
		route: (req, res) => app.routing(req, res),
		async close() {
			await app.close();
			services.close();
		}
	};
}
