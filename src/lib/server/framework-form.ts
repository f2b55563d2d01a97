/** Reading the framework editing forms, and turning the editor's refusals into field errors. */
import type { MetricForm } from '$core/framework-edit';
import type { FieldError } from './admin';
import { textField } from './admin';

export function readMetricForm(form: FormData): MetricForm {
	return {
		code: textField(form, 'code'),
		name: textField(form, 'name'),
		priorityId: textField(form, 'priorityId'),
		unit: textField(form, 'unit'),
		direction: textField(form, 'direction'),
		partnerAggregation: textField(form, 'partnerAggregation'),
		periodAggregation: textField(form, 'periodAggregation'),
		amberTolerancePercent: textField(form, 'amberTolerancePercent'),
		sensitive: form.get('sensitive') === 'yes',
		leadPartnerId: textField(form, 'leadPartnerId'),
		definition: textField(form, 'definition'),
		countingRule: textField(form, 'countingRule'),
		dataSource: textField(form, 'dataSource'),
		owner: textField(form, 'owner'),
		caveats: textField(form, 'caveats')
	};
}

/**
 * By name, not instanceof: the services come from the server's own build (dist/), the pages from
 * SvelteKit's bundle (build/), so each has its own copy of the class.
 */
function isFrameworkEditError(err: unknown): err is Error & { field: string } {
	return (
		err instanceof Error &&
		err.name === 'FrameworkEditError' &&
		typeof (err as { field?: unknown }).field === 'string'
	);
}

/**
 * Runs an edit; a refusal becomes an error on `field` (or on the field `field` picks from the
 * refusal's own), anything else is a bug and is rethrown.
 */
export function attemptEdit<T>(
	work: () => T,
	field: string | ((refusedField: string) => string)
): { ok: true; value: T } | { ok: false; error: FieldError } {
	try {
		return { ok: true, value: work() };
	} catch (err) {
		if (isFrameworkEditError(err))
			return {
				ok: false,
				error: {
					field: typeof field === 'string' ? field : field(err.field),
					message: err.message
				}
			};
		throw err;
	}
}
