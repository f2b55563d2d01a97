/**
 * `strategy-tracker disclosure-audit [--period LABEL] [--role ROLE] [--json]`: every hidden
 * figure a reader could narrow to fewer than three possible values from what the app shows it
 * (core/disclosure/audit-readers.ts). Exit 0 when there is none, 1 when there is one.
 */
import {
	AUDIT_ROLES,
	describeFinding,
	type AuditRole,
	type DisclosureAuditResult
} from '../core/disclosure/audit-readers.js';
import type { Framework } from '../core/framework.js';
import { formatPeriodLabel, parsePeriodLabel, type Period } from '../core/periods.js';

export interface DisclosureAuditOptions {
	period?: string;
	role?: string;
	json?: boolean;
}

export const DISCLOSURE_AUDIT_HELP = `Usage: strategy-tracker disclosure-audit [--period LABEL] [--role ROLE] [--json]

Works out, for every reader who is shown [c] (the funder, a board member, and each partner as
itself) and every sensitive metric, how far each hidden figure can be narrowed from everything
that reader can see: pages, exports, reports and the API. Prints every figure narrowed to fewer
than three possible values, with the true figure (this is for the coordinator's eyes).

  --period LABEL   only figures of this quarter and its year to date, e.g. 2025-26 Q2
  --role ROLE      only readers of this role: ${AUDIT_ROLES.join(', ')}
  --json           print the result as JSON

Exit codes: 0 nothing can be narrowed too far, 1 something can, 2 a usage mistake.
`;

/** The options read, or a sentence saying what is wrong with them. */
export function readDisclosureAuditOptions(
	options: DisclosureAuditOptions
):
	| { ok: true; roles: AuditRole[]; only?: Period[]; json: boolean }
	| { ok: false; message: string } {
	let roles: AuditRole[] = [...AUDIT_ROLES];
	if (options.role !== undefined) {
		const role = options.role.trim().toLowerCase();
		const found = AUDIT_ROLES.find((r) => r === role);
		if (!found)
			return {
				ok: false,
				message: `"${options.role}" is not a role the audit reads as: use ${AUDIT_ROLES.join(', ')}. The coordinator sees every figure, so there is nothing to audit for it.`
			};
		roles = [found];
	}
	let only: Period[] | undefined;
	if (options.period !== undefined) {
		const read = parsePeriodLabel(options.period);
		if (!read.ok) return { ok: false, message: read.message };
		only = [read.period];
	}
	return { ok: true, roles, only, json: Boolean(options.json) };
}

/** The result as the command prints it. */
export function formatDisclosureAudit(
	framework: Pick<Framework, 'strategy'>,
	result: DisclosureAuditResult,
	only: Period[] | undefined,
	json: boolean
): string {
	if (json) return `${JSON.stringify(result, (_, v) => (v === Infinity ? null : v), 2)}\n`;
	const scope = only ? ` for ${only.map(formatPeriodLabel).join(', ')}` : '';
	const checked = `${result.readers} reader${result.readers === 1 ? '' : 's'}, ${result.metrics} sensitive metric${result.metrics === 1 ? '' : 's'}, ${result.grids} reader-by-metric tables, in ${result.milliseconds} ms`;
	if (result.passed)
		return `Disclosure check${scope}: passed. No hidden figure of ${framework.strategy.name} can be narrowed to fewer than 3 possible values (${checked}).\n`;
	const lines = result.findings.map((f) => `- ${describeFinding(f)}`);
	return `Disclosure check${scope}: FAILED. ${result.findings.length} hidden figure${result.findings.length === 1 ? '' : 's'} can be narrowed to fewer than 3 possible values (${checked}):\n${lines.join('\n')}\nDo not circulate these figures. Report this as a fault: the app should have hidden more.\n`;
}
