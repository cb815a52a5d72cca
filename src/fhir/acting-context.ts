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
  /** True only for system contexts that bypass policy on purpose (import, migrations, demo data). */
  readonly system: boolean;
}

/** A context for code that must act as the system; the purpose says why, and ends up in the audit. */
export function systemContext(purpose: string, requestId = `sys-${purpose}`): ActingContext {
  return Object.freeze({ userId: `system:${purpose}`, roles: ['system'], purpose, requestId, system: true });
}
