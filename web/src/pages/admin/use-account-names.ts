/**
 * Account ids turned into usernames where the reader may see the account list (admins).
 * The audit trail stores ids; an auditor cannot list accounts, so they keep seeing ids.
 */
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../auth/session-context.tsx';
import { listUsers, type AdminUser } from './admin-api.ts';

export function useAccounts(): { accounts: AdminUser[] | undefined; byId: Map<string, AdminUser> } {
  const { hasRole } = useSession();
  const isAdmin = hasRole('admin');
  // Same key as the Users page, so one list serves both and a change there shows here.
  const users = useQuery({ queryKey: ['admin', 'users', 'list'], queryFn: ({ signal }) => listUsers(signal), enabled: isAdmin });
  const accounts = isAdmin ? users.data : undefined;
  return { accounts, byId: new Map((accounts ?? []).map((u) => [u.id, u])) };
}
