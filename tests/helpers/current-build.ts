/**
 * Tests that run the built app (dist/, build/) must not pass on yesterday's build: a fix in
 * src/db that was never built would go untested. `npm test` builds first; a single test file run
 * by hand may not have.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
	});
}

/**
 * Throws, saying what to do, unless every server-side source file under `folders` of src/ has a
 * compiled counterpart in dist/ at least as new as itself.
 */
export function assertBuildIsCurrent(folders: string[] = ['db', 'imports', 'core']): void {
	const src = join(REPO, 'src');
	const files = [
		...folders.flatMap((folder) => sourceFiles(join(src, folder))),
		join(src, 'services.ts'),
		join(src, 'config.ts')
	];
	for (const file of files) {
		const built = join(REPO, 'dist', relative(src, file).replace(/\.ts$/, '.js'));
		if (!existsSync(built) || statSync(built).mtimeMs < statSync(file).mtimeMs)
			throw new Error(
				`${relative(REPO, built)} is missing or older than ${relative(REPO, file)}: run "npm run build" before this test.`
			);
	}
}
