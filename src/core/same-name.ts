/**
 * Whether two names are the same as people read them: case and runs of spaces do not make two
 * titles differ, so "Disrupt organised crime" and "disrupt  Organised crime" clash.
 */
export function isSameName(a: string, b: string): boolean {
	const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
	return norm(a) === norm(b);
}
