import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * SHA-256 of the `style` attribute on SvelteKit's `#svelte-announcer` ("position: absolute; left: 0;
 * …"), which tells screen readers the new page title after a client-side navigation.
 */
export const SVELTEKIT_ANNOUNCER_STYLE_HASH = 'S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: false }),
		// The pages' Content-Security-Policy (ASVS 3.4.3). SvelteKit adds a fresh nonce for its inline
		// bootstrap script to each server-rendered page, so no script needs 'unsafe-inline'. Helmet
		// sets the other security headers but no CSP for pages (src/api/plugins/security-headers.ts).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// No 'unsafe-inline' for styles either. One inline style attribute remains, on the
				// route announcer SvelteKit itself adds to every page (sveltejs/kit#11993), and only it is
				// allowed, by its hash. tests/auth/csp.test.ts checks the hash against SvelteKit's source.
				'style-src-attr': ['unsafe-hashes', `sha256-${SVELTEKIT_ANNOUNCER_STYLE_HASH}`],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		alias: {
			$core: 'src/core',
			$auth: 'src/auth',
			$db: 'src/db'
		}
	}
};

export default config;
