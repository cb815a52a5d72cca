/**
 * The signed-in app: the router with every page. Loaded only after sign-in, so the sign-in
 * page carries none of it.
 */
import { useMemo } from 'react';
import { RouterProvider } from 'react-router';
import { createRouter } from './routes.tsx';

export default function SignedInApp({ userId }: { userId: string }) {
  // One router per signed-in user, so nothing of the previous user's navigation survives.
  const router = useMemo(() => createRouter(), [userId]);
  return <RouterProvider router={router} />;
}
