/**
 * The audit side of the coordinator's framework edits (metrics, priorities, funding streams):
 * who made a change, the fields of its audit entry, and a refusal recorded before it is thrown.
 */
import { appendAudit } from './audit.js';
import type { Db } from './client.js';

/** Who is making the change, for the audit log. */
export interface EditActor {
	userId: number | null;
	label: string;
	ip: string;
}

/** A change refused because of what was asked, not a fault: the message is for the coordinator. */
export class FrameworkEditError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
		this.name = 'FrameworkEditError';
	}
}

/** The entity a change is about; no id yet when it is being created. */
type Entity = { id: number | null } | null;

/**
 * Typed out, not inferred, so a call to `refuse` ends the caller's control flow for TypeScript:
 * it only narrows through a `never` call on a value whose type is declared.
 */
export interface EditAudit {
	entry(
		actor: EditActor,
		action: string,
		entity: Entity
	): {
		actorUserId: number | null;
		actorLabel: string;
		ip: string;
		action: string;
		entityType: string;
		entityId: number | undefined;
	};
	refuse(actor: EditActor, action: string, entity: Entity, error: FrameworkEditError): never;
}

export function createEditAudit(db: Db, entityType: string): EditAudit {
	/** The fields every audit entry of a change shares; the caller adds before, after and detail. */
	function entry(actor: EditActor, action: string, entity: Entity) {
		return {
			actorUserId: actor.userId,
			actorLabel: actor.label,
			ip: actor.ip,
			action,
			entityType,
			entityId: entity?.id ?? undefined
		};
	}

	/** Records the refusal in the audit log, then throws it for the form to show. */
	function refuse(
		actor: EditActor,
		action: string,
		entity: Entity,
		error: FrameworkEditError
	): never {
		appendAudit(db, {
			...entry(actor, action, entity),
			outcome: 'refused',
			detail: error.message
		});
		throw error;
	}

	return { entry, refuse };
}
