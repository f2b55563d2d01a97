export {
	formatFigure,
	formatNumber,
	formatRatePer10000,
	NOT_AVAILABLE,
	unitHeading
} from '$core/format';

import type { SubmissionStatus } from '$core/framework';

/** A submission's status as the pages say it, with the tag colour that goes with it. */
export const SUBMISSION_STATUS_TEXT: Record<SubmissionStatus, { text: string; tag: string }> = {
	not_started: { text: 'Not started', tag: 'tag--grey' },
	submitted: { text: 'Submitted', tag: '' },
	approved: { text: 'Approved', tag: 'tag--green' },
	returned: { text: 'Returned', tag: 'tag--red' }
};
