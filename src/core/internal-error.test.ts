import { describe, expect, it } from 'vitest';

import { internalErrorMessage } from './internal-error.js';

describe('internalErrorMessage', () => {
	it('asks the person to quote the reference, and says nothing of the fault', () => {
		const message = internalErrorMessage('3f0c2a1e-reference');
		expect(message).toBe(
			'Something went wrong on our side. Try again; if it keeps happening, tell the partnership coordinator and quote reference 3f0c2a1e-reference.'
		);
	});
});
