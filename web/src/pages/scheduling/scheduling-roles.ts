/**
 * Who may do what on the scheduling screens, mirroring the server's role table (scheduling
 * is written by admin, doctors, nurses and reception, read by billing; Encounters, so
 * starting and completing a visit, are clinicians' work). The server still decides.
 */
import type { Role } from '../../api/auth.ts';
import { useSession } from '../../auth/session-context.tsx';

export const SCHEDULE_WRITERS: readonly Role[] = ['admin', 'doctor', 'nurse', 'receptionist'];
export const VISIT_CLINICIANS: readonly Role[] = ['admin', 'doctor', 'nurse'];
export const AVAILABILITY_EDITORS: readonly Role[] = ['admin', 'receptionist'];

export function useSchedulingRoles() {
  const { hasRole } = useSession();
  return {
    canWrite: hasRole(...SCHEDULE_WRITERS),
    isClinician: hasRole(...VISIT_CLINICIANS),
    canEditAvailability: hasRole(...AVAILABILITY_EDITORS),
  };
}
