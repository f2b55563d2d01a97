import { DEFAULT_MAX_ROWS, validateImportFile } from '$core/validate-import';
import type { BrowserCheckContext, BrowserCheckResult } from './check-file';

self.onmessage = (event: MessageEvent<{ bytes: ArrayBuffer; context: BrowserCheckContext }>) => {
	const { bytes, context } = event.data;
	const locked = new Set(context.lockedKeys);
	const partner = context.framework.partners.find((p) => p.id === context.partnerId) ?? null;
	const result = validateImportFile(new Uint8Array(bytes), context.maxBytes, {
		framework: context.framework,
		partner,
		period: context.period,
		uploaderIsPartner: context.uploaderIsPartner,
		today: new Date(context.today),
		isLocked: (partnerId, p) => locked.has(`${partnerId}|${p.year}|${p.quarter}`),
		maxRows: DEFAULT_MAX_ROWS
	});
	const answer: BrowserCheckResult = {
		rows: result.rows,
		figures: result.figures.length,
		skipped: result.skipped,
		errors: result.errors.map((e) => ({ row: e.row, message: e.message })),
		errorCount: result.errorCount,
		warnings: result.warnings.map((w) => ({ row: w.row, message: w.message }))
	};
	self.postMessage(answer);
};
