import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: false }),
		alias: {
			$core: 'src/core',
			$auth: 'src/auth',
			$db: 'src/db'
		}
	}
};

export default config;
