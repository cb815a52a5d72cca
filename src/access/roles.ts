/** The roles an account can hold. 'auditor' (privacy officer) reads the audit trail and the break-glass queue. */
export const ROLES = ['admin', 'doctor', 'nurse', 'receptionist', 'billing', 'pharmacist', 'lab', 'insurer', 'patient', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles whose access to patient data follows a care relationship (or break-glass). */
export const CLINICIAN_ROLES: readonly Role[] = ['doctor', 'nurse'];
