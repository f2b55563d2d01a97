import { describe, expect, it } from 'vitest';

import { echoInput, MAX_ECHO_LENGTH } from './echo.js';

describe('echoInput', () => {
	it('quotes short input whole, trimmed', () => {
		expect(echoInput('  2025-26-q9 ')).toBe('2025-26-q9');
	});

	it('cuts long input to the first characters and marks the cut', () => {
		expect(echoInput('x'.repeat(100_000))).toBe(`${'x'.repeat(MAX_ECHO_LENGTH)}…`);
	});

	it('counts characters, so an emoji is never cut in half', () => {
		expect(echoInput('😀'.repeat(5), 3)).toBe('😀😀😀…');
	});
});
