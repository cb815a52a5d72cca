/**
 * Who is signed in, for the whole app. The server is the authority: the app asks
 * /auth/me on start and after each step (sign-in, password change, MFA), and drops back
 * to the sign-in page when the session is gone (logged out elsewhere, idle, revoked).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchMe, signOut, type Me, type Role } from '../api/auth.ts';
import { ApiError, onSignedOut } from '../api/http.ts';

interface SessionValue {
  me: Me | undefined;
  loading: boolean;
  /** Why the last session ended, to say so on the sign-in page. */
  endedBecause: string | undefined;
  reload: () => Promise<void>;
  logOff: (reason?: string) => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export const ME_KEY = ['auth', 'me'] as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [endedBecause, setEndedBecause] = useState<string>();
  const query = useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await fetchMe(signal);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });

  const me = query.data ?? undefined;
  const hadSession = useRef(false);
  hadSession.current = !!me;

  useEffect(
    () =>
      onSignedOut((reason) => {
        // Only a session that existed can end; the first check of a fresh visit is not news.
        if (!hadSession.current) return;
        setEndedBecause(reason);
        client.setQueryData(ME_KEY, null);
        // Nothing of the last user's data may stay in memory for the next one.
        client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      }),
    [client],
  );

  const reload = useCallback(async () => {
    setEndedBecause(undefined);
    await client.invalidateQueries({ queryKey: ME_KEY });
    await client.refetchQueries({ queryKey: ME_KEY });
  }, [client]);

  const logOff = useCallback(
    async (reason?: string) => {
      try {
        await signOut();
      } catch {
        // Already gone on the server: the local state is what is left to clear.
      }
      setEndedBecause(reason);
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
    [client],
  );

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading: query.isPending,
      endedBecause,
      reload,
      logOff,
      hasRole: (...roles) => !!me && me.user.roles.some((r) => roles.includes(r)),
    }),
    [me, query.isPending, endedBecause, reload, logOff],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** For pages that only render once signed in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
