/**
 * What the access module reports to the audit trail (sign-ins, lockouts, break-glass,
 * denials). The server passes the audit log's batched writer in; the shape is the audit
 * record's, so no mapping happens in between.
 */
export interface SecurityAuditRecord {
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  userId: string;
  roles: string[];
  resourceType?: string;
  resourceId?: string;
  patientIds?: string[];
  query?: string;
  /** For searches and histories: what was returned ('Type/id'). */
  resultIds?: string[];
  ip?: string;
  userAgent?: string;
  requestId?: string;
  detail?: Record<string, unknown>;
}

export type SecurityAudit = (records: SecurityAuditRecord[]) => Promise<void>;

/** Where the request came from. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/** Who acted, and from where: an acting context, or the user a system step acts for. */
export interface AuditActor extends Readonly<ClientInfo> {
  readonly userId: string;
  readonly roles: readonly string[];
}

/**
 * A record of what `actor` did, naming who (user, roles), from where (address, user agent)
 * and in which request, as every record must (docs/audit-and-encryption.md). Built here
 * once, so no record of a request can leave out where it came from.
 */
export function auditRecordBy(
  actor: AuditActor,
  action: string,
  outcome: SecurityAuditRecord['outcome'],
  extra: Partial<SecurityAuditRecord> = {},
): SecurityAuditRecord {
  return {
    action,
    outcome,
    userId: actor.userId,
    roles: [...actor.roles],
    ...(actor.ip ? { ip: actor.ip } : {}),
    ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
    ...extra,
  };
}
