/**
 * Who may do what on the chart. It mirrors the server's role table (docs/access-control.md)
 * and the routes' own checks, so nobody is offered an action that would only answer 403;
 * the server still decides every request.
 */
import type { Role } from '../../../api/auth.ts';
import { PATIENT_WRITERS } from '../../../app/nav.ts';

/** Demographics W: edit, deactivate, reactivate, record a death, add family. */
export const STATUS_CHANGERS: readonly Role[] = PATIENT_WRITERS;

/**
 * A merge writes a Provenance and moves every resource of the record, and only admin may
 * write Provenance in the role table: a receptionist, doctor or nurse is refused with 403
 * ("may not write Provenance resources"). Widen this when the server lets the front desk merge.
 */
export const MERGERS: readonly Role[] = ['admin'];

/** POST /merge/:mergeId/undo checks for admin itself; finding the merge needs Provenance read. */
export const MERGE_UNDOERS: readonly Role[] = ['admin'];

/** The portal-access route: "a front-desk or administrator decision". */
export const PORTAL_GRANTERS: readonly Role[] = ['admin', 'receptionist'];

/** Notes (DocumentReference) R and W. */
export const DOCUMENT_READERS: readonly Role[] = ['admin', 'doctor', 'nurse'];
export const DOCUMENT_WRITERS: readonly Role[] = ['admin', 'doctor', 'nurse'];

/** Emergency access (POST /api/v1/break-glass): clinicians only (access/break-glass.ts). */
export const BREAK_GLASS_REQUESTERS: readonly Role[] = ['doctor', 'nurse'];

/** Only administrators may list accounts, which is how the Family tab learns who has portal access. */
export const ACCOUNT_READERS: readonly Role[] = ['admin'];
