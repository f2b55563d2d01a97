/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin, type ViteDevServer } from 'vite';

/**
 * In development the Fastify API runs inside Vite's dev server, so `npm run dev` is one process on
 * one port, like production. The app is rebuilt from source on every API request whose modules
 * changed, so API edits take effect without a restart.
 */
function fastifyApiInDev(): Plugin {
	return {
		name: 'strategy-tracker:fastify-api',
		apply: 'serve',
		configureServer(server: ViteDevServer) {
			let current: { module: unknown; app: import('./src/dev-server.js').DevApp } | null = null;
			server.middlewares.use(async (req, res, next) => {
				try {
					const mod = (await server.ssrLoadModule(
						'/src/dev-server.ts'
					)) as typeof import('./src/dev-server.js');
					if (!current || current.module !== mod) {
						await current?.app.close();
						current = { module: mod, app: await mod.startDevApp() };
					}
					// POST /unsubscribe is Fastify's too (src/api/routes/unsubscribe.ts).
					const toApi =
						req.url?.startsWith('/api/') ||
						(req.method === 'POST' && /^\/unsubscribe(\?|$)/.test(req.url ?? ''));
					if (toApi) current.app.route(req, res);
					else next();
				} catch (error) {
					next(error);
				}
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), fastifyApiInDev()],
	server: { host: '127.0.0.1', port: 3000, strictPort: true },
	test: {
		expect: { requireAssertions: true },
		// Vitest's default on two cores is one worker, which ran every file in turn: two let unit
		// files run beside the browser ones (still one browser file at a time, the load test alone).
		maxWorkers: 2,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					// Guards against a hang, not speed checks: seeding the demo database on a busy
					// 2-core machine can take several seconds.
					testTimeout: 30_000,
					hookTimeout: 60_000,
					include: [
						'src/**/*.test.ts',
						'tests/db/**/*.test.ts',
						'tests/api/**/*.test.ts',
						'tests/auth/**/*.test.ts',
						'tests/cli/**/*.test.ts',
						'tests/imports/**/*.test.ts',
						'tests/crash/**/*.test.ts',
						'tests/mail/**/*.test.ts',
						'tests/fixtures/**/*.test.ts'
					]
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					environment: 'node',
					include: ['tests/browser/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					name: 'load',
					environment: 'node',
					include: ['tests/load/**/*.test.ts'],
					testTimeout: 60_000,
					// The load test's own hook holds the server under load for LOAD_SECONDS.
					hookTimeout: 600_000,
					fileParallelism: false,
					// After the other projects, alone: a load test sharing two cores with the browser
					// tests would measure them, and slow them past their timeouts.
					sequence: { groupOrder: 1 }
				}
			}
		]
	}
});
