/** Reading the priority form, shared by the pages that add and change a priority. */
import type { PriorityForm } from '$core/priority-edit';
import { textField } from './admin';

export function readPriorityForm(form: FormData): PriorityForm {
	return { title: textField(form, 'title'), description: textField(form, 'description') };
}
