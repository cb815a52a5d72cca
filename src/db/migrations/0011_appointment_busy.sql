-- The double-booking guard (docs/scheduling.md). One row per busy participant (Practitioner,
-- Location, Patient) of every Appointment whose status occupies time (pending, booked,
-- arrived, checked-in, fulfilled), written by the store in the same transaction as the
-- Appointment's version (src/fhir/store/appointment-busy.ts), like the search index rows.
-- The exclusion constraint is what stops two bookings of one person or room at overlapping
-- times, whichever path the write takes (/api/v1, /fhir/R4, a Bundle, an import) and however
-- many servers run: the second transaction fails with SQLSTATE 23P01, answered 409.
-- `resource_id WITH <>` lets the error name the appointment already holding the time.
-- An overbook override (emergency or walk-in, audited) keeps its rows but outside the constraint.
CREATE TABLE appointment_busy (
  resource_id text NOT NULL,        -- Appointment id
  actor       text NOT NULL,        -- 'Practitioner/123', 'Location/r1', 'Patient/p9'
  during      tstzrange NOT NULL,   -- [start, end)
  overbook    boolean NOT NULL DEFAULT false,
  CONSTRAINT appointment_busy_no_overlap
    EXCLUDE USING gist (actor WITH =, during WITH &&, resource_id WITH <>) WHERE (NOT overbook)
);
CREATE INDEX appointment_busy_resource_idx ON appointment_busy (resource_id);
-- Free/busy reads (slot search) see overbooked rows too, which the constraint's partial index leaves out.
CREATE INDEX appointment_busy_actor_idx ON appointment_busy USING gist (actor, during);

-- Appointments written before this migration: their rows, earliest first. Where old data
-- already overlaps, the later appointment's clashing rows are skipped (ON CONFLICT DO NOTHING)
-- and an update of it that keeps the clash is refused (cancelling it works).
INSERT INTO appointment_busy (resource_id, actor, during)
SELECT a.id, p.actor, tstzrange(a.start_at, a.end_at, '[)')
  FROM (
    SELECT r.id, c, (c->>'start')::timestamptz AS start_at, (c->>'end')::timestamptz AS end_at
      FROM resource r, LATERAL (SELECT r.content::jsonb AS c) j
     WHERE r.resource_type = 'Appointment' AND NOT r.deleted
       AND c->>'status' IN ('pending', 'booked', 'arrived', 'checked-in', 'fulfilled')
       AND c ? 'start' AND c ? 'end'
  ) a,
  LATERAL (
    SELECT DISTINCT x->'actor'->>'reference' AS actor
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a.c->'participant') = 'array' THEN a.c->'participant' ELSE '[]'::jsonb END) x
     WHERE x->'actor'->>'reference' ~ '^(Practitioner|Location|Patient)/[A-Za-z0-9.-]{1,64}$'
       AND coalesce(x->>'status', '') <> 'declined'
  ) p
 WHERE a.end_at > a.start_at
 ORDER BY a.start_at, a.id
ON CONFLICT DO NOTHING;
