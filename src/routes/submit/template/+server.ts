import { templateResponse } from '$lib/server/template-download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
	templateResponse(
		locals,
		locals.principal,
		url.searchParams.get('partner'),
		url.searchParams.get('period') ?? ''
	);
