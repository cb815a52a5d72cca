/**
 * Who is acting. Every store call takes one so that access policy and audit
 * can live in the store (see docs/architecture.md). Until accounts exist, the
 * HTTP edge builds an anonymous context and tools build a named system context.
 */
export interface ActingContext {
  /** Stable user id, or 'system:<purpose>' for internal callers. */
  readonly userId: string;
  readonly roles: readonly string[];
  /** The Patient this user is (or is a proxy of), for patient-facing roles. */
  readonly patientId?: string;
  readonly purpose?: string;
  readonly breakGlass?: boolean;
  readonly requestId: string;
  /** The Practitioner a clinician account is linked to (care-relationship checks). */
  readonly practitionerId?: string;
  /** The Organization an account belongs to (insurers see only claims sent to it). */
  readonly organizationId?: string;
  /** Where the request came from, for the audit trail. */
  readonly ip?: string;
  readonly userAgent?: string;
  /** True only for system contexts that bypass policy on purpose (import, migrations, demo data). */
  readonly system: boolean;
  /**
   * For a system context that does one step of a user's request the role table alone would
   * not allow (check-in opening the Encounter, a patient booking in the portal): the user it
   * acts for. Policy is still bypassed, but the store audits the writes under this user's
   * account, roles and address, naming the purpose.
   */
  readonly onBehalfOf?: { readonly userId: string; readonly roles: readonly string[]; readonly ip?: string; readonly userAgent?: string };
}

/** A context for code that must act as the system; the purpose says why, and ends up in the audit. */
export function systemContext(purpose: string, requestId = `sys-${purpose}`): ActingContext {
  return Object.freeze({ userId: `system:${purpose}`, roles: ['system'], purpose, requestId, system: true });
}

/**
 * A system context for one step of `caller`'s request: the request id is the caller's, and
 * the writes are audited as the caller's (with this purpose), so the trail shows who asked.
 */
export function systemContextFor(purpose: string, caller: ActingContext): ActingContext {
  const who = caller.onBehalfOf ?? caller;
  return Object.freeze({
    ...systemContext(purpose, caller.requestId),
    ...(caller.patientId ? { patientId: caller.patientId } : {}),
    onBehalfOf: Object.freeze({
      userId: who.userId,
      roles: [...who.roles],
      ...(who.ip ? { ip: who.ip } : {}),
      ...(who.userAgent ? { userAgent: who.userAgent } : {}),
    }),
  });
}
