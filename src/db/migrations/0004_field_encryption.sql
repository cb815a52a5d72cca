-- Field encryption: the elements an admin marked sensitive (on top of the built-in ones),
-- and key rotations with their progress, so an interrupted rotation resumes where it stopped.
-- The keys themselves never enter the database (see src/crypto/key-file.ts).

CREATE TABLE field_encryption_rule (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_type text NOT NULL,
  path          text NOT NULL UNIQUE, -- e.g. Patient.telecom.value (starts with resource_type)
  created_by    text NOT NULL,        -- ActingContext.userId
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE field_key_rotation (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  from_kids       text[] NOT NULL,   -- values under these kids are re-encrypted ...
  to_kid          text NOT NULL,     -- ... with this one
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  rows_total      bigint NOT NULL DEFAULT 0,
  rows_done       bigint NOT NULL DEFAULT 0,
  -- Keyset position of the last committed batch: resource rows first, then resource_history.
  last_table      text NOT NULL DEFAULT 'resource' CHECK (last_table IN ('resource', 'resource_history')),
  last_key_type   text,
  last_key_id     text,
  last_key_version bigint,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'abandoned'))
);
-- At most one rotation runs at a time: a second start fails on this index instead of racing.
CREATE UNIQUE INDEX field_key_rotation_one_running ON field_key_rotation ((true)) WHERE status = 'running';
