/**
 * The double-booking guard's rows (docs/scheduling.md): for every Appointment version the
 * store writes, one `appointment_busy` row per busy participant (Practitioner, Location,
 * Patient), replaced in the same transaction as the version, like the search index rows.
 * The table's exclusion constraint (migration 0011) refuses two rows of one actor whose
 * times overlap, so no write path (task API, FHIR REST, Bundles, imports) and no number of
 * servers can double-book a person or a room. A violation is SQLSTATE 23P01, which
 * src/db/normalize-error.ts turns into a 409 naming who is busy and when.
 *
 * Rows are derived from the clear resource: status, start, end (or minutesDuration),
 * participant.actor.reference and participant.status.
 */
import type { Queryable } from '../../db/types.ts';
import { HaleError } from '../../errors.ts';
import type { FhirResource } from './stored-resource.ts';

/** Statuses that occupy their participants' time; cancelled, noshow, entered-in-error, proposed and waitlist do not. */
export const BUSY_STATUSES: ReadonlySet<string> = new Set(['pending', 'booked', 'arrived', 'checked-in', 'fulfilled']);

/** Participant types that can be double-booked: a person or a room. */
export const BUSY_ACTOR_TYPES: ReadonlySet<string> = new Set(['Practitioner', 'Location', 'Patient']);

/**
 * An Appointment carrying this extension (emergency or walk-in, with the reason) is outside
 * the constraint: its rows are kept, flagged, so free/busy still shows the time as taken.
 */
export const OVERBOOK_EXTENSION = 'https://hale.health/fhir/StructureDefinition/appointment-overbook';

export interface BusyRow {
  actor: string;
  /** ISO 8601 instants, [start, end). */
  start: string;
  end: string;
  overbook: boolean;
}

/** What writeVersions hands over: enough to tell an Appointment's rows. */
export interface BusyWrite {
  resourceType: string;
  id: string;
  method: string;
  resource: FhirResource;
  exists: boolean;
}

const LOCAL_REF = /^(Practitioner|Location|Patient)\/([A-Za-z0-9\-.]{1,64})$/;

/** The busy rows of one Appointment (none for a deleted one or a status that frees time). */
export function busyRowsOf(resource: FhirResource): BusyRow[] {
  const a = resource as {
    status?: unknown;
    start?: unknown;
    end?: unknown;
    minutesDuration?: unknown;
    participant?: { actor?: { reference?: unknown }; status?: unknown }[];
    extension?: { url?: unknown }[];
  };
  if (typeof a.status !== 'string' || !BUSY_STATUSES.has(a.status) || typeof a.start !== 'string') return [];
  const start = Date.parse(a.start);
  let end = typeof a.end === 'string' ? Date.parse(a.end) : NaN;
  if (Number.isNaN(end) && typeof a.minutesDuration === 'number') end = start + a.minutesDuration * 60_000;
  if (Number.isNaN(start) || Number.isNaN(end)) return [];
  if (end < start) {
    throw new HaleError('invalid-resource', 'Appointment.end is before Appointment.start', [
      { field: 'Appointment.end', message: 'must not be before start' },
    ]);
  }
  if (end === start) return [];
  const overbook = Array.isArray(a.extension) && a.extension.some((e) => e?.url === OVERBOOK_EXTENSION);
  const actors = new Set<string>();
  for (const p of Array.isArray(a.participant) ? a.participant : []) {
    const ref = p?.actor?.reference;
    if (typeof ref !== 'string' || p.status === 'declined') continue;
    const m = LOCAL_REF.exec(ref);
    if (m && BUSY_ACTOR_TYPES.has(m[1]!)) actors.add(ref);
  }
  const iso = (t: number) => new Date(t).toISOString();
  // Sorted: concurrent writers take the per-actor locks below in one order (no lock cycles).
  return [...actors].sort().map((actor) => ({ actor, start: iso(start), end: iso(end), overbook }));
}

const INSERT_ORDER = ['Practitioner', 'Location', 'Patient'];

export function hasAppointments(writes: readonly BusyWrite[]): boolean {
  return writes.some((w) => w.resourceType === 'Appointment');
}

/**
 * Replaces the busy rows of the Appointments among `writes`. Must run in the transaction of
 * the versions. Before inserting, it takes a transaction-scoped advisory lock per actor:
 * two transactions inserting overlapping rows at once would otherwise each wait for the
 * other inside the constraint check (a deadlock PostgreSQL breaks by aborting one with a
 * generic error); with the lock the second waits, then sees the first's committed row and
 * gets the exclusion violation that names who is busy.
 */
export async function writeAppointmentBusy(tx: Queryable, writes: readonly BusyWrite[]): Promise<void> {
  const appointments = writes.filter((w) => w.resourceType === 'Appointment');
  const replaced = appointments.filter((w) => w.exists).map((w) => w.id);
  if (replaced.length)
    await tx.query('DELETE FROM appointment_busy WHERE resource_id = ANY($1::text[])', [replaced], { name: 'hale_busy_delete' });
  const rows: (BusyRow & { id: string })[] = [];
  for (const w of appointments) if (w.method !== 'DELETE') for (const r of busyRowsOf(w.resource)) rows.push({ ...r, id: w.id });
  if (!rows.length) return;
  // Inserted practitioner first, then room, then patient: the first clash is the one the error names.
  rows.sort((a, b) => INSERT_ORDER.indexOf(a.actor.split('/')[0]!) - INSERT_ORDER.indexOf(b.actor.split('/')[0]!));
  const guarded = [...new Set(rows.filter((r) => !r.overbook).map((r) => r.actor))].sort();
  if (guarded.length) {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended(a, 7205)) FROM unnest($1::text[]) AS a ORDER BY a', [guarded], {
      name: 'hale_busy_lock',
    });
  }
  await tx.query(
    `INSERT INTO appointment_busy (resource_id, actor, during, overbook)
     SELECT i, a, tstzrange(s, e, '[)'), o FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::bool[]) AS x(i, a, s, e, o)`,
    [rows.map((r) => r.id), rows.map((r) => r.actor), rows.map((r) => r.start), rows.map((r) => r.end), rows.map((r) => r.overbook)],
    { name: 'hale_busy_insert' },
  );
}

export interface BusyInterval {
  actor: string;
  appointmentId: string;
  start: Date;
  end: Date;
  overbook: boolean;
}

/**
 * Free/busy: the times these actors are taken between `from` and `to`, overbooked ones
 * included. Times only, no patient data: callers (slot search) have already passed the
 * store's role check for the Schedules they ask about.
 */
export async function busyIntervals(q: Queryable, actors: readonly string[], from: Date, to: Date): Promise<BusyInterval[]> {
  if (!actors.length) return [];
  const r = await q.query<{ actor: string; resource_id: string; low: Date | string; high: Date | string; overbook: boolean }>(
    `SELECT actor, resource_id, lower(during) AS low, upper(during) AS high, overbook FROM appointment_busy
      WHERE actor = ANY($1::text[]) AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')
      ORDER BY lower(during)`,
    [actors, from.toISOString(), to.toISOString()],
    { name: 'hale_busy_read' },
  );
  return r.rows.map((row) => ({
    actor: row.actor,
    appointmentId: row.resource_id,
    start: new Date(row.low),
    end: new Date(row.high),
    overbook: row.overbook === true,
  }));
}
