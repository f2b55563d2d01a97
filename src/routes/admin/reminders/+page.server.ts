import { fail, redirect, type RequestEvent } from '@sveltejs/kit';

import { describeReminderSchedule, parseReminderSchedule } from '$core/mail/reminder-schedule';
import { actorOf, parseId, textField, type FieldError } from '$lib/server/admin';
import { MAX_NAME_LENGTH } from '$lib/server/user-form';
import type { Actions, PageServerLoad } from './$types';

/** What the last action did, from `?done=…` (and `&partner=` for the partner it was about). */
const DONE_STATES = ['schedule', 'paused', 'resumed', 'added', 'removed'] as const;

/** The auth service's rule for a user's address (createUser), so a contact passes the same one. */
const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Active partners by name: one that has left the partnership is sent no reminders. */
function activePartners(locals: App.Locals) {
	return locals
		.framework()
		.partners.filter((p) => p.active)
		.map((p) => ({ id: p.id, name: p.name }))
		.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

export const load: PageServerLoad = ({ locals, url }) => {
	const settings = locals.services.mail.settings;
	const schedule = settings.schedule();
	const paused = settings.pausedPartners();
	// dataContacts gives the addresses as mail sees them; the ids to remove one come from here.
	const contactIds = new Map(
		settings.allContacts().map((c) => [`${c.partnerId}>${c.email}`, c.id])
	);
	const partners = activePartners(locals).map((p) => ({
		...p,
		paused: paused.has(p.id),
		contacts: settings.dataContacts(p.id).map((c) => ({
			address: c.address,
			name: c.name,
			account: c.userId !== null,
			contactId: c.userId === null ? (contactIds.get(`${p.id}>${c.address}`) ?? null) : null
		}))
	}));
	const partnerId = parseId(url.searchParams.get('partner') ?? '');
	return {
		sends: locals.services.mail.sends,
		described: describeReminderSchedule(schedule),
		schedule: {
			atClose: schedule.atClose,
			daysBeforeDeadline: schedule.daysBeforeDeadline.join(', '),
			daysAfterDeadline: schedule.daysAfterDeadline.join(', '),
			thenEveryDays: schedule.thenEveryDays === null ? '' : String(schedule.thenEveryDays)
		},
		partners,
		done: DONE_STATES.find((d) => d === url.searchParams.get('done')) ?? null,
		donePartner: partners.find((p) => p.id === partnerId)?.name ?? null
	};
};

/** The partner a form names, or null when it is not an active partner (any more). */
function partnerFrom(locals: App.Locals, form: FormData) {
	const id = parseId(form.get('partner'));
	return activePartners(locals).find((p) => p.id === id) ?? null;
}

const partnerGone = () =>
	fail(404, {
		form: 'partners' as const,
		errors: [
			{
				field: 'partners',
				message: 'That partner is not in the partnership any more. Choose one from the list below.'
			}
		]
	});

async function setPaused(event: RequestEvent, paused: boolean) {
	const partner = partnerFrom(event.locals, await event.request.formData());
	if (!partner) return partnerGone();
	event.locals.services.mail.settings.setPaused(partner.id, paused, actorOf(event));
	redirect(303, `/admin/reminders?done=${paused ? 'paused' : 'resumed'}&partner=${partner.id}`);
}

export const actions: Actions = {
	schedule: async (event) => {
		const form = await event.request.formData();
		const values = {
			atClose: form.get('atClose') === 'yes',
			daysBeforeDeadline: textField(form, 'daysBeforeDeadline'),
			daysAfterDeadline: textField(form, 'daysAfterDeadline'),
			thenEveryDays: textField(form, 'thenEveryDays')
		};
		const parsed = parseReminderSchedule(values);
		if (!parsed.ok)
			return fail(422, {
				form: 'schedule' as const,
				values,
				errors: [{ field: parsed.field, message: parsed.message }]
			});
		event.locals.services.mail.settings.setSchedule(parsed.schedule, actorOf(event));
		redirect(303, '/admin/reminders?done=schedule');
	},

	pause: (event) => setPaused(event, true),
	resume: (event) => setPaused(event, false),

	add: async (event) => {
		const form = await event.request.formData();
		const values = {
			contactPartner: textField(form, 'partner'),
			contactEmail: textField(form, 'contactEmail'),
			contactName: textField(form, 'contactName')
		};
		const partner = partnerFrom(event.locals, form);
		const email = values.contactEmail.toLowerCase();
		const errors: FieldError[] = [];
		if (!partner)
			errors.push({ field: 'contactPartner', message: 'Choose the partner the address is for.' });
		if (!EMAIL_FORMAT.test(email))
			errors.push({
				field: 'contactEmail',
				message: 'Enter an email address in the right format, like name@example.org.'
			});
		else if (partner) {
			const known = event.locals.services.mail.settings
				.dataContacts(partner.id)
				.find((c) => c.address.toLowerCase() === email);
			if (known)
				errors.push({
					field: 'contactEmail',
					message: `${email} already gets ${partner.name}'s mail, ${known.userId === null ? 'as a contact address' : 'as a user of the tracker'}. Enter another address.`
				});
		}
		if (values.contactName.length > MAX_NAME_LENGTH)
			errors.push({
				field: 'contactName',
				message: `Name must be ${MAX_NAME_LENGTH} characters or fewer.`
			});
		if (errors.length || !partner) return fail(422, { form: 'add' as const, values, errors });
		event.locals.services.mail.settings.addContact(
			{ partnerId: partner.id, email, name: values.contactName },
			actorOf(event)
		);
		redirect(303, `/admin/reminders?done=added&partner=${partner.id}`);
	},

	remove: async (event) => {
		const id = parseId((await event.request.formData()).get('id'));
		const settings = event.locals.services.mail.settings;
		const contact = settings.allContacts().find((c) => c.id === id);
		if (!contact)
			return fail(404, {
				form: 'partners' as const,
				errors: [
					{
						field: 'partners',
						message: 'That address is not a contact any more. Check the list below.'
					}
				]
			});
		settings.removeContact(contact.id, actorOf(event));
		redirect(303, `/admin/reminders?done=removed&partner=${contact.partnerId}`);
	}
};
