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
