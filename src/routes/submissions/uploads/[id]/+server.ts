import { error } from '@sveltejs/kit';

import { canActForPartner } from '$core/access';
import { attachmentDisposition } from '$core/upload-file-name';
import type { RequestHandler } from './$types';

/** The original file exactly as received, to whoever may see every partner it holds figures for. */
export const GET: RequestHandler = ({ locals, params }) => {
	const id = /^\d{1,12}$/.test(params.id) ? Number(params.id) : null;
	const history = locals.services.history;
	const upload = id === null ? null : history.findUploadFile(id);
	const partners = upload ? history.partnersOfUpload(upload.id) : [];
	const allowed =
		upload?.content &&
		partners.length > 0 &&
		partners.every((p) => canActForPartner(locals.principal, p, 'view-submissions'));
	if (!upload || !allowed)
		error(404, 'Page not found. Check the address, or go to your submissions.');
	return new Response(new Uint8Array(upload.content!), {
		headers: {
			// Served as a download of bytes, never rendered: the file came from outside.
			'content-type': 'application/octet-stream',
			'content-disposition': attachmentDisposition(upload.fileName ?? `upload-${upload.id}.csv`),
			'x-content-type-options': 'nosniff',
			'x-sha256': upload.sha256
		}
	});
};
