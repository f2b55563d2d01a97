import { ROLES, type Role } from '$core/framework';
import { parseId, textField, type FieldError } from './admin';

/** What the coordinator typed, kept to fill the form again after an error. */
export interface UserFormValues {
	email: string;
	name: string;
	role: string;
	partner: string;
}

export const MAX_NAME_LENGTH = 100;

/**
 * Reads the name, role and partner fields shared by the add and edit forms. Only what the auth
 * service cannot know is checked here (a role and partner from the lists); the rules about users
 * themselves (email format, duplicates, partner users need a partner) stay in the service.
 */
export function readUserFields(
	form: FormData,
	partners: readonly { id: number }[]
): {
	values: UserFormValues;
	errors: FieldError[];
	role: Role | null;
	partnerId: number | null;
} {
	const values: UserFormValues = {
		email: textField(form, 'email'),
		name: textField(form, 'name'),
		role: textField(form, 'role'),
		partner: textField(form, 'partner')
	};
	const errors: FieldError[] = [];
	if (values.name.length > MAX_NAME_LENGTH)
		errors.push({
			field: 'name',
			message: `Name must be ${MAX_NAME_LENGTH} characters or fewer.`
		});
	const role = (ROLES as readonly string[]).includes(values.role) ? (values.role as Role) : null;
	if (!role) errors.push({ field: 'role', message: "Choose the user's role." });
	let partnerId: number | null = null;
	if (values.partner) {
		partnerId = parseId(values.partner);
		if (partnerId === null || !partners.some((p) => p.id === partnerId)) {
			partnerId = null;
			errors.push({ field: 'partner', message: 'Choose a partner organisation from the list.' });
		}
	}
	return { values, errors, role, partnerId };
}
