/**
 * Reading a form action's body can fail for reasons that are the client's: the body is over
 * BODY_SIZE_LIMIT (adapter-node then errors the stream with a 413), or it claims to be a form but
 * is not one (no multipart boundary, cut short), which undici reports as a TypeError. Unhandled,
 * either is a 500 "something went wrong on our side"; these say what was wrong, as a 413 or 400.
 */
import { error } from '@sveltejs/kit';

import { describeFileTooLarge } from '$core/csv-decode';

/** Makes `request.formData()` fail with a 413 or 400 for people, for every action alike. */
export function guardFormBody(request: Request, maxUploadBytes: number): void {
	const readForm = request.formData.bind(request);
	request.formData = async () => {
		try {
			return await readForm();
		} catch (err) {
			if ((err as { status?: unknown }).status === 413)
				error(413, `The form is too large to send. ${describeFileTooLarge(null, maxUploadBytes)}`);
			error(
				400,
				'The form could not be read: it arrived incomplete or malformed. Go back, and send it again.'
			);
		}
	};
}

/**
 * Reads a small form's body, at most `maxBytes` of it: a longer one is refused with a 413 that
 * says `tooLong` before any more of it is read, so a huge field is neither held whole nor echoed
 * back. The declared length is checked first; a body sent without one is counted as it arrives.
 */
export async function readBoundedForm(
	request: Request,
	maxBytes: number,
	tooLong: string
): Promise<FormData> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > maxBytes) error(413, tooLong);
	const chunks: Uint8Array[] = [];
	let size = 0;
	if (request.body) {
		const reader = request.body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				await reader.cancel();
				error(413, tooLong);
			}
			chunks.push(value);
		}
	}
	const copy = new Request(request.url, {
		method: 'POST',
		headers: { 'content-type': request.headers.get('content-type') ?? '' },
		body: Buffer.concat(chunks)
	});
	try {
		return await copy.formData();
	} catch {
		error(
			400,
			'The form could not be read: it arrived incomplete or malformed. Go back, and send it again.'
		);
	}
}
