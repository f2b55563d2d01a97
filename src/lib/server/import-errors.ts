/**
 * The import service's "not that partner or quarter" refusal, recognised by name rather than
 * instanceof: the service comes from the server's build (dist/), the pages from SvelteKit's bundle,
 * so each has its own copy of the class.
 */
export function isImportTargetError(
	err: unknown
): err is Error & { target: { status: number; message: string } } {
	return err instanceof Error && err.name === 'ImportTargetError';
}
