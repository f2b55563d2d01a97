/**
 * Checking a chosen file in the browser, before it is sent: the same validation the server runs
 * (src/core/validate-import.ts), so what the partner sees at once is what the server will say.
 * Runs in a worker so a large file does not freeze the page.
 */
import type { Framework } from '$core/framework';
import type { Period } from '$core/periods';

export interface BrowserCheckContext {
	framework: Framework;
	partnerId: number | null;
	period: Period;
	lockedKeys: string[];
	today: string;
	maxBytes: number;
	uploaderIsPartner: boolean;
}

export interface BrowserCheckResult {
	rows: number;
	figures: number;
	skipped: number;
	errors: { row: number | null; message: string }[];
	/** Every problem found; `errors` lists the first of them. */
	errorCount: number;
	warnings: { row: number | null; message: string }[];
}

export function checkInWorker(bytes: ArrayBuffer, context: BrowserCheckContext) {
	return new Promise<BrowserCheckResult>((resolve, reject) => {
		const worker = new Worker(new URL('./check-file.worker.ts', import.meta.url), {
			type: 'module'
		});
		worker.onmessage = (event: MessageEvent<BrowserCheckResult>) => {
			resolve(event.data);
			worker.terminate();
		};
		worker.onerror = (event) => {
			reject(new Error(event.message || 'The file could not be checked in the browser.'));
			worker.terminate();
		};
		worker.postMessage({ bytes, context }, [bytes]);
	});
}
