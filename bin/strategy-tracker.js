#!/usr/bin/env node
// The installed command runs the compiled CLI; `npm run cli` runs it from source instead.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
	process.stderr.write('strategy-tracker is not built yet. Run "npm run build" first.\n');
	process.exit(1);
}
const { runCli } = await import(pathToFileURL(cli).href);
const code = await runCli(process.argv.slice(2), {
	out: (text) => process.stdout.write(text),
	err: (text) => process.stderr.write(text),
	env: process.env
});
process.exit(code);
