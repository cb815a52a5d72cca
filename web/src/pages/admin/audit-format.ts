/**
 * How audit rows read on screen. Times keep their seconds: in an audit trail the order of
 * events a few seconds apart matters. The locale is the user's (useFormat).
 */
import { useFormat } from '../../i18n/locale.tsx';
import type { AuditEventRow } from './admin-api.ts';

export function useInstant(): (value: string) => string {
  const { locale } = useFormat();
  const fmt = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (value) => {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : fmt.format(d);
  };
}

export function entityOf(row: AuditEventRow): string {
  if (!row.resource_type) return '';
  return row.resource_id ? `${row.resource_type}/${row.resource_id}` : row.resource_type;
}

export const OUTCOME_COLOR: Record<string, string> = { success: 'green', denied: 'orange', failure: 'red' };
