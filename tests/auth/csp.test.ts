/**
 * The pages' Content-Security-Policy (svelte.config.js). Its one exception, the hash of the
 * inline style on SvelteKit's route announcer, must match the SvelteKit installed: after an
 * upgrade that changes that style, this fails here rather than as a console error in a browser.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

import config, { SVELTEKIT_ANNOUNCER_STYLE_HASH } from '../../svelte.config.js';

const require = createRequire(import.meta.url);
const KIT_ROOT = dirname(require.resolve('@sveltejs/kit/package.json'));

describe('the pages’ CSP', () => {
	const directives = config.kit?.csp?.directives ?? {};

	it('allows scripts and styles only from the site, with nonces for SvelteKit’s own', () => {
		expect(config.kit?.csp?.mode).toBe('auto');
		expect(directives).toMatchObject({
			'default-src': ['self'],
			'script-src': ['self'],
			'style-src': ['self'],
			'img-src': ['self', 'data:'],
			'font-src': ['self'],
			'connect-src': ['self'],
			'object-src': ['none'],
			'base-uri': ['none'],
			'form-action': ['self'],
			'frame-ancestors': ['none']
		});
		expect(JSON.stringify(directives)).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
	});

	it('allows one inline style attribute, the route announcer’s, by its hash', () => {
		const source = readFileSync(join(KIT_ROOT, 'src/core/sync/write_root.js'), 'utf8');
		const style = /<div id="svelte-announcer"[^>]*\sstyle="([^"]+)"/.exec(source)?.[1];
		expect(style).toBeDefined();
		const hash = createHash('sha256').update(style!).digest('base64');
		expect(SVELTEKIT_ANNOUNCER_STYLE_HASH).toBe(hash);
		expect(directives['style-src-attr']).toEqual(['unsafe-hashes', `sha256-${hash}`]);
	});
});
