/**
 * Running one chart action: busy while it runs, the server's refusal turned into field
 * errors or a message, and the record refreshed after it succeeds.
 */
import { useState } from 'react';
import { applyServerErrors } from '../../../../components/server-errors.ts';
import { useRefreshPatient } from '../chart-queries.ts';

interface SettableForm {
  setFieldError: (path: string, error: string) => void;
  getValues: () => unknown;
}

export function useAction(form?: SettableForm) {
  const refresh = useRefreshPatient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  /** Runs the action, then refreshes the patients it touched; `ok` says whether it was done. */
  async function run<T>(patientIds: string[], action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    setBusy(true);
    setError(undefined);
    try {
      const result = await action();
      await Promise.all(patientIds.map(refresh));
      return { ok: true, value: result };
    } catch (err) {
      setError(form ? applyServerErrors(form, err) : err instanceof Error ? err.message : 'Something went wrong; try again.');
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, clearError: () => setError(undefined), run };
}
