import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const RUN_OPTIONS: RunOptions = {
	runOnly: {
		type: 'tag',
		values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']
	}
};
const MAX_TARGETS = 3;
// Violations on <html> would otherwise paste the whole document into the failure.
const MAX_HTML_CHARS = 200;

interface Violation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: { target: string; html: string }[];
	nodeCount: number;
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page and throws one readable error listing every violation.
 * The source goes in through page.evaluate rather than addScriptTag because evaluation over the
 * DevTools protocol is not subject to the page's Content-Security-Policy, which will forbid
 * inline scripts.
 */
export async function expectNoAxeViolations(page: Page, context?: string): Promise<void> {
	axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
	// Checks for run() rather than the name: an element with id="axe" also appears as window.axe.
	const loaded = await page.evaluate(
		() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function'
	);
	if (!loaded) await page.evaluate(axeSource);

	const violations = await page.evaluate(
		async ({ options, maxTargets }) => {
			const { axe } = window as unknown as {
				axe: { run(context: Document, options: RunOptions): Promise<AxeResults> };
			};
			const results = await axe.run(document, options);
			// Shrink in the page: full results carry every passing check and are slow to serialise.
			return results.violations.map((violation) => ({
				id: violation.id,
				impact: violation.impact ?? null,
				help: violation.help,
				helpUrl: violation.helpUrl,
				nodeCount: violation.nodes.length,
				nodes: violation.nodes.slice(0, maxTargets).map((node) => ({
					// Parts are frames; nested arrays step into shadow roots.
					target: node.target
						.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part))
						.join(' >> '),
					html: node.html
				}))
			}));
		},
		{ options: RUN_OPTIONS, maxTargets: MAX_TARGETS }
	);

	if (violations.length > 0) throw new Error(formatViolations(violations, page.url(), context));
}

function formatViolations(violations: Violation[], url: string, context?: string): string {
	const heading = `${violations.length} accessibility violation(s) on ${context ?? url}`;
	const lines = [context ? `${heading} (${url})` : heading];
	for (const violation of violations) {
		lines.push(
			'',
			`- ${violation.id} [${violation.impact ?? 'unknown impact'}]: ${violation.help}`
		);
		lines.push(`  ${violation.helpUrl}`);
		for (const node of violation.nodes) {
			lines.push(`    ${node.target}`, `      ${snippet(node.html)}`);
		}
		const hidden = violation.nodeCount - violation.nodes.length;
		if (hidden > 0) lines.push(`    ...and ${hidden} more element(s)`);
	}
	return lines.join('\n');
}

function snippet(html: string): string {
	const flat = html.replace(/\s+/g, ' ').trim();
	return flat.length > MAX_HTML_CHARS ? `${flat.slice(0, MAX_HTML_CHARS)}…` : flat;
}
