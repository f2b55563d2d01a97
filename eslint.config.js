import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'dist/',
			'.svelte-kit/',
			'data/',
			'node_modules/',
			'test-results/',
			'migrations/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// The app is always served from the root of its host, so links need no base path.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// The domain core stays free of frameworks, so both the pages and the API can use it.
		files: ['src/core/**/*.ts'],
		ignores: ['src/core/**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['svelte', 'svelte/*', '@sveltejs/*', '$app/*', '$lib/*'],
							message: 'src/core is framework-free.'
						},
						{
							group: ['fastify', '@fastify/*', 'drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'],
							message: 'src/core is framework-free.'
						},
						{ group: ['node:*', 'fs', 'path'], message: 'src/core has no I/O: pass data in.' }
					]
				}
			]
		}
	},
	{
		// Pages reach the database only through the services handed over by the server.
		files: ['src/routes/**', 'src/lib/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'**/db/client*',
								'**/db/schema*',
								'$db/client*',
								'$db/schema*',
								'better-sqlite3',
								'drizzle-orm',
								'drizzle-orm/*'
							],
							message: 'Use the services from locals, not the database.'
						},
						{ group: ['fastify', '@fastify/*'], message: 'Pages do not import the API server.' }
					]
				}
			]
		}
	}
);
