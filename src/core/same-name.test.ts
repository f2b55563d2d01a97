import { describe, expect, it } from 'vitest';

import { isSameName } from './same-name.js';

describe('isSameName', () => {
	it('treats names differing only in case and spacing as the same', () => {
		expect(isSameName(' Disrupt  organised Crime', 'disrupt organised crime ')).toBe(true);
	});

	it('tells different words apart', () => {
		expect(isSameName('Disrupt organised crime', 'Disrupt organised criminals')).toBe(false);
	});
});
