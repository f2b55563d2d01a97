import { execFile } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

interface ChromiumInstall {
	executablePath: string;
	// Only the bundled @sparticuz/chromium build needs extra environment; system browsers get none.
	env?: Record<string, string>;
}

export interface LaunchedBrowser {
	context: BrowserContext;
	close(): Promise<void>;
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const READY_MARKER = '.st-extracted';
// Extraction takes a few seconds; a lock older than this was left by a killed process.
const STALE_LOCK_MS = 2 * 60_000;
const LOCK_WAIT_MS = 3 * 60_000;
const EXTRACT_TIMEOUT_MS = 2 * 60_000;

const LAUNCH_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

let cachedInstall: Promise<ChromiumInstall> | undefined;

export async function findChromiumExecutable(): Promise<string> {
	return (await resolveChromium()).executablePath;
}

export async function launchBrowser(
	options: { javaScriptEnabled?: boolean } = {}
): Promise<LaunchedBrowser> {
	const install = await resolveChromium();
	const userDataDir = mkdtempSync(join(tmpdir(), 'st-chromium-'));
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: install.executablePath,
			headless: true,
			args: LAUNCH_ARGS,
			viewport: { width: 1280, height: 900 },
			acceptDownloads: true,
			javaScriptEnabled: options.javaScriptEnabled ?? true,
			...(install.env ? { env: { ...process.env, ...install.env } } : {})
		});
	} catch (error) {
		rmSync(userDataDir, { recursive: true, force: true });
		throw error;
	}
	return {
		context,
		async close() {
			try {
				await context.close();
			} finally {
				rmSync(userDataDir, { recursive: true, force: true });
			}
		}
	};
}

/**
 * Records uncaught exceptions and console.error output so a test can assert the array is empty;
 * plain strings keep the failure diff readable.
 */
export function collectPageErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (error) => {
		errors.push(`pageerror: ${error.stack ?? error.message}`);
	});
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const { url, lineNumber } = message.location();
		const where = url ? ` (${url}:${lineNumber + 1})` : '';
		errors.push(`console.error: ${message.text()}${where}`);
	});
	return errors;
}

function resolveChromium(): Promise<ChromiumInstall> {
	cachedInstall ??= locateChromium().catch((error: unknown) => {
		// A failed lookup must not stick: the next test should get a fresh attempt and message.
		cachedInstall = undefined;
		throw error;
	});
	return cachedInstall;
}

async function locateChromium(): Promise<ChromiumInstall> {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv && existsSync(fromEnv)) return { executablePath: fromEnv };
	if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM };
	try {
		return await extractSparticuzChromium();
	} catch (error) {
		throw new Error(
			'No Chromium found for browser tests: set CHROMIUM_PATH to a Chromium/Chrome binary, ' +
				'install Debian\'s "chromium" package, or run npm install so the @sparticuz/chromium ' +
				'devDependency is present (its bundled build failed: ' +
				`${error instanceof Error ? error.message : String(error)}).`,
			{ cause: error }
		);
	}
}

/**
 * @sparticuz/chromium targets AWS Lambda, so on an ordinary Linux box we run its executablePath()
 * in a child process with a fake Lambda environment: that makes it also unpack its Amazon Linux
 * NSS/expat libraries (which Debian only has when libnss3 is installed) without leaking AWS_* or
 * LD_LIBRARY_PATH into this process. TMPDIR points it at a directory of our own, keyed by
 * version, because its default /tmp/chromium is shared with any other project on the machine and
 * is treated as complete as soon as the file exists, which parallel test workers would race on.
 */
async function extractSparticuzChromium(): Promise<ChromiumInstall> {
	const require = createRequire(import.meta.url);
	const entry = require.resolve('@sparticuz/chromium');
	const version = readPackageVersion(entry);
	const dir = join(tmpdir(), `st-sparticuz-chromium-${version}`);
	const install = bundledInstall(dir);
	if (existsSync(join(dir, READY_MARKER))) return install;

	await withDirectoryLock(`${dir}.lock`, async () => {
		if (existsSync(join(dir, READY_MARKER))) return;
		// Whatever is there without the marker is a half-finished extraction.
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const printed = await runExtraction(dir);
		if (printed !== install.executablePath) {
			throw new Error(`@sparticuz/chromium unpacked to ${printed}, expected ${dir}`);
		}
		for (const required of ['al2023/lib/libnss3.so', 'fonts/fonts/Open_Sans', 'libGLESv2.so']) {
			if (!existsSync(join(dir, required))) {
				throw new Error(`@sparticuz/chromium did not unpack ${required} into ${dir}`);
			}
		}
		writeFileSync(join(dir, 'fonts.conf'), fontConfig(dir));
		writeFileSync(join(dir, READY_MARKER), `${version}\n`);
	});
	return install;
}

function bundledInstall(dir: string): ChromiumInstall {
	const libDir = join(dir, 'al2023', 'lib');
	const inherited = process.env.LD_LIBRARY_PATH;
	return {
		executablePath: join(dir, 'chromium'),
		env: {
			LD_LIBRARY_PATH: inherited ? `${libDir}:${inherited}` : libDir,
			// The package's own fonts.conf hard-codes /tmp/fonts; ours follows wherever dir is.
			FONTCONFIG_FILE: join(dir, 'fonts.conf'),
			FONTCONFIG_PATH: dir
		}
	};
}

/**
 * Only the bundled Open Sans, never the host's fonts, so text renders (and measures) the same on a
 * developer machine as on a CI image that has no fonts at all.
 */
function fontConfig(dir: string): string {
	const escape = (path: string) =>
		path.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return [
		'<?xml version="1.0"?>',
		'<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
		'<fontconfig>',
		`\t<dir>${escape(join(dir, 'fonts', 'fonts'))}</dir>`,
		`\t<cachedir>${escape(join(dir, 'fonts-cache'))}</cachedir>`,
		'</fontconfig>',
		''
	].join('\n');
}

function readPackageVersion(entry: string): string {
	// The package's "exports" map hides package.json, so walk up from the resolved entry point.
	for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
		const file = join(dir, 'package.json');
		if (!existsSync(file)) continue;
		const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
		if (manifest.name === '@sparticuz/chromium' && manifest.version) return manifest.version;
	}
	throw new Error(`cannot find the version of @sparticuz/chromium above ${entry}`);
}

function runExtraction(dir: string): Promise<string> {
	const script =
		"const { default: chromium } = await import('@sparticuz/chromium');" +
		'process.stdout.write(await chromium.executablePath());';
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			['--input-type=module', '--eval', script],
			{
				// Bare-specifier resolution for --eval starts at cwd, so start beside this file.
				cwd: dirname(fileURLToPath(import.meta.url)),
				env: { ...process.env, TMPDIR: dir, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
				timeout: EXTRACT_TIMEOUT_MS,
				maxBuffer: 1024 * 1024
			},
			(error, stdout, stderr) => {
				if (error) reject(new Error(`${error.message}\n${stderr}`.trim(), { cause: error }));
				else resolve(stdout.trim());
			}
		);
	});
}

/** mkdir is atomic, so it serialises extraction across vitest worker processes. */
async function withDirectoryLock(lockDir: string, work: () => Promise<void>): Promise<void> {
	const deadline = Date.now() + LOCK_WAIT_MS;
	while (!tryCreateLock(lockDir)) {
		if (lockAge(lockDir) > STALE_LOCK_MS) {
			rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	try {
		await work();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

function tryCreateLock(lockDir: string): boolean {
	try {
		mkdirSync(lockDir);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
}

function lockAge(lockDir: string): number {
	try {
		return Date.now() - statSync(lockDir).mtimeMs;
	} catch {
		// Released between our mkdir and stat: treat as free so the loop retries at once.
		return Number.POSITIVE_INFINITY;
	}
}
