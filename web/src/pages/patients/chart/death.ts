/**
 * The chart summary's `deceased` is false, or an object with the date-time (null when only
 * "deceased: yes" is recorded). Read once here, so no screen mistakes one form for another.
 */
import type { ChartSummary } from './chart-api.ts';

export function deathOf(patient: ChartSummary['patient']): { dateTime: string | null } | undefined {
  const d = patient.deceased;
  if (typeof d === 'object' && d !== null) return { dateTime: d.dateTime ?? null };
  return d ? { dateTime: null } : undefined;
}
