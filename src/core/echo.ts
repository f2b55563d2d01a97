/**
 * What a message may quote of a person's input. An address or form field can be thousands of
 * characters long; quoting all of it would make every refusal as large as the request, and the
 * first few dozen characters are enough to recognise what was typed.
 */

export const MAX_ECHO_LENGTH = 40;

/** The text, trimmed, cut to `max` characters with "…" when it was longer. */
export function echoInput(text: string, max = MAX_ECHO_LENGTH): string {
	const trimmed = text.trim();
	const characters = Array.from(trimmed);
	return characters.length > max ? `${characters.slice(0, max).join('')}…` : trimmed;
}
