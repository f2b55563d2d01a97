/**
 * How much JavaScript a page makes the browser load, gzip-sized file by file as Vite's build
 * report sizes them (zlib's default level). The files are the ones the server-rendered page names
 * (its inline start-up script and its `Link: rel=modulepreload` header), then whatever those load
 * later with `import()` (chart.js, once a chart is mounted), each with its static imports, looked
 * up in Vite's client manifest, and the root error page, which SvelteKit's client loads as it
 * starts. The app entry is not followed through `import()`: its dynamic imports are the router's
 * table of every other page, loaded only on navigation. Checked against headless Chromium's
 * network log on 2026-12-01: the same files for both dashboard pages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
	file: string;
	name?: string;
	src?: string;
	imports?: string[];
	dynamicImports?: string[];
}

type Manifest = Record<string, ManifestChunk>;

export interface PageJs {
	path: string;
	/** `source` is the module the chunk was built from, or its chunk name: the file's own is a hash. */
	files: { file: string; source: string; bytes: number; gzipBytes: number }[];
	bytes: number;
	gzipBytes: number;
}

/** The SvelteKit entry whose `import()`s are every route's page code. */
const APP_ENTRY_SRC = /(^|\/)client-optimized\/app\.js$/;
/** Node 1 is the root error page; the client loads it at start, before any error happens. */
const ROOT_ERROR_NODE_SRC = /(^|\/)client-optimized\/nodes\/1\.js$/;

export function readClientManifest(root: string): { manifest: Manifest; clientDir: string } {
	const path = join(root, '.svelte-kit/output/client/.vite/manifest.json');
	if (!existsSync(path))
		throw new Error(`There is no client build manifest at ${path}. Run "npm run build" first.`);
	return {
		manifest: JSON.parse(readFileSync(path, 'utf8')) as Manifest,
		clientDir: join(root, 'build/client')
	};
}

/** `_app/immutable/…` paths named by the page: in `import("./_app/…")` and modulepreload links. */
export function scriptsNamedByPage(html: string, linkHeader: string | null): string[] {
	const named = new Set<string>();
	for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) named.add(normaliseAsset(m[1]!));
	for (const m of (linkHeader ?? '').matchAll(/<([^>]+\.js)>;\s*rel="modulepreload"/g))
		named.add(normaliseAsset(m[1]!));
	return [...named];
}

function normaliseAsset(href: string): string {
	const at = href.indexOf('_app/');
	if (at < 0) throw new Error(`The page names a script outside _app/: ${href}`);
	return posix.normalize(href.slice(at));
}

export function measurePageJs(
	path: string,
	named: string[],
	manifest: Manifest,
	clientDir: string
): PageJs {
	const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
	const loaded = new Set<string>();
	const visit = (key: string) => {
		const chunk = manifest[key];
		if (!chunk || loaded.has(chunk.file)) return;
		loaded.add(chunk.file);
		for (const dep of chunk.imports ?? []) visit(dep);
		if (!APP_ENTRY_SRC.test(chunk.src ?? ''))
			for (const dep of chunk.dynamicImports ?? []) visit(dep);
	};
	const rootError = Object.keys(manifest).find((key) => ROOT_ERROR_NODE_SRC.test(key));
	if (rootError !== undefined) visit(rootError);
	for (const file of named) {
		const key = byFile.get(file);
		if (key === undefined)
			throw new Error(
				`${path} loads ${file}, which the client manifest does not list: the build and the running server differ. Rebuild and rerun.`
			);
		visit(key);
	}
	const files = [...loaded].sort().map((file) => {
		const chunk = manifest[byFile.get(file)!]!;
		const content = readFileSync(join(clientDir, file));
		return {
			file,
			source: chunk.src ?? chunk.name ?? '',
			bytes: content.length,
			gzipBytes: gzipSync(content).length
		};
	});
	return {
		path,
		files,
		bytes: files.reduce((n, f) => n + f.bytes, 0),
		gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0)
	};
}
