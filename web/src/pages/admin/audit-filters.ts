/**
 * The audit log's filters, three ways: as the page's URL query (readable, so a filtered view
 * is a link and the back button steps through searches), as the form's values, and as the
 * server's search parameters (src/audit/audit-search.ts). Dates are picked as days in the
 * user's own time zone and sent as exact instants, so "from 3 March" means the user's
 * 3 March, not the UTC one.
 */

export interface AuditFilters {
  /** YYYY-MM-DD, the first day included. */
  from: string;
  /** YYYY-MM-DD, the last day included. */
  to: string;
  user: string;
  patient: string;
  action: string;
  outcome: string;
  /** A resource type, or type/id. */
  entity: string;
}

export const FILTER_KEYS: (keyof AuditFilters)[] = ['from', 'to', 'user', 'patient', 'action', 'outcome', 'entity'];

export const NO_FILTERS: AuditFilters = { from: '', to: '', user: '', patient: '', action: '', outcome: '', entity: '' };

/** Our action names (src/audit and src/access), for suggestions; the field also takes any other. */
export const KNOWN_ACTIONS = [
  'read',
  'vread',
  'search',
  'history',
  'create',
  'update',
  'patch',
  'delete',
  'transaction',
  'export',
  'print',
  'deny',
  'break-glass',
  'login',
  'login-failed',
  'logout',
  'account',
  'account-locked',
  'password-change',
  'mfa-enabled',
  'session-revoked',
];

export const OUTCOMES = [
  { value: 'success', label: 'Success' },
  { value: 'denied', label: 'Denied' },
  { value: 'failure', label: 'Failure' },
];

export const PAGE_SIZES = ['25', '50', '100'];

/** The page's own view settings, kept in the URL beside the filters. */
export interface AuditView {
  offset: number;
  count: number;
  oldestFirst: boolean;
  /** The event whose details are open. */
  event?: string;
}

export function filtersFromUrl(params: URLSearchParams): AuditFilters {
  const f = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) f[key] = params.get(key)?.trim() ?? '';
  return f;
}

export function viewFromUrl(params: URLSearchParams): AuditView {
  const count = Number(params.get('count'));
  return {
    offset: Math.max(0, Math.floor(Number(params.get('offset')) || 0)),
    count: PAGE_SIZES.includes(String(count)) ? count : 25,
    oldestFirst: params.get('order') === 'oldest',
    ...(params.get('event') ? { event: params.get('event')! } : {}),
  };
}

/** The page URL for these filters: empty ones left out, paging back to the start. */
export function urlFor(filters: AuditFilters, view: Partial<AuditView> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key].trim()) p.set(key, filters[key].trim());
  if (view.count && view.count !== 25) p.set('count', String(view.count));
  if (view.oldestFirst) p.set('order', 'oldest');
  if (view.offset) p.set('offset', String(view.offset));
  if (view.event) p.set('event', view.event);
  return p;
}

/** The user's calendar day (YYYY-MM-DD) an instant falls on, for a "from" filter. */
export function localDay(instant: string): string {
  const d = new Date(instant);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight at the start of a YYYY-MM-DD day, as an instant. */
function localDayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The server's search parameters; without paging for the CSV export, which takes every row. */
export function serverQuery(filters: AuditFilters, view?: AuditView): URLSearchParams {
  const q = new URLSearchParams();
  if (filters.user.trim()) q.set('user', filters.user.trim());
  if (filters.patient.trim()) q.set('patient', filters.patient.trim().replace(/^Patient\//, ''));
  if (filters.action.trim()) q.set('action', filters.action.trim());
  if (filters.outcome) q.set('outcome', filters.outcome);
  if (filters.entity.trim()) q.set('entity', filters.entity.trim());
  if (filters.from) q.append('date', `ge${localDayStart(filters.from)}`);
  // "to" includes its whole day: everything before the next local midnight.
  if (filters.to) q.append('date', `lt${localDayStart(filters.to, 1)}`);
  if (view) {
    q.set('_count', String(view.count));
    q.set('_offset', String(view.offset));
    if (view.oldestFirst) q.set('_sort', 'date');
  }
  return q;
}

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = { test: (v: string) => DAY_SHAPE.test(v) && localDay(localDayStart(v)) === v };
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Mantine useForm rules: the server would refuse these values, so say so while typing. */
export const filterRules: Record<keyof AuditFilters, (value: string, values: AuditFilters) => string | null> = {
  from: (v: string) => (!v || DAY.test(v) ? null : 'A date, like 2026-03-01'),
  to: (v: string, values: AuditFilters) => {
    if (!v) return null;
    if (!DAY.test(v)) return 'A date, like 2026-03-31';
    return values.from && DAY.test(values.from) && v < values.from ? 'The end comes before the start' : null;
  },
  user: (v: string) => (v.length > 200 ? 'Too long for an account id' : null),
  outcome: (v: string) => (!v || OUTCOMES.some((o) => o.value === v) ? null : 'success, denied or failure'),
  patient: (v: string) =>
    !v.trim() ||
    v
      .trim()
      .replace(/^Patient\//, '')
      .split(',')
      .every((p) => ID.test(p.trim()))
      ? null
      : 'A Patient id (letters, digits, - and .)',
  action: (v: string) =>
    !v.trim() || /^[a-z][a-z-]*(,\s*[a-z][a-z-]*)*$/.test(v.trim())
      ? null
      : 'An action name such as read or login-failed; several separated by commas',
  entity: (v: string) =>
    !v.trim() || /^[A-Z][A-Za-z]{1,63}(\/[A-Za-z0-9\-.]{1,64})?$/.test(v.trim())
      ? null
      : 'A resource type (Observation) or type/id (Patient/123)',
};

/** What is wrong with filters that came in a link (typed by hand, or cut short), field by field. */
export function filterProblems(filters: AuditFilters): string[] {
  const problems: string[] = [];
  for (const key of FILTER_KEYS) {
    const problem = filterRules[key](filters[key], filters);
    if (problem) problems.push(`${key} "${filters[key]}": ${problem}`);
  }
  return problems;
}
