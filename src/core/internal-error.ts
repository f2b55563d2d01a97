/**
 * What a person is told when the fault is ours, in the API and on the pages alike. The detail
 * stays in the log, under the request id quoted here.
 */
export function internalErrorMessage(requestId: string): string {
	return `Something went wrong on our side. Try again; if it keeps happening, tell the partnership coordinator and quote reference ${requestId}.`;
}
