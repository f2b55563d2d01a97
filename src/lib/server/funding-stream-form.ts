/** Reading the funding stream form, shared by the pages that add and change a stream. */
import type { FundingStreamForm } from '$core/funding-stream-edit';
import { textField } from './admin';

export function readFundingStreamForm(form: FormData): FundingStreamForm {
	return {
		code: textField(form, 'code'),
		name: textField(form, 'name'),
		funder: textField(form, 'funder'),
		amount: textField(form, 'amount'),
		firstYear: textField(form, 'firstYear'),
		lastYear: textField(form, 'lastYear'),
		description: textField(form, 'description')
	};
}
