-- The versioned FHIR resource store and its search index tables.
-- Content is kept as text, not jsonb: reads send the stored JSON as it is
-- (no re-serialisation, key order preserved); search never looks inside the
-- JSON, it uses the sp_* tables filled at write time. See docs/architecture.md.

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;

-- Current version of every resource (one row per type/id, deleted ones kept as tombstones).
CREATE TABLE resource (
  resource_type text NOT NULL,
  id            text NOT NULL,
  version_id    bigint NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  content       text NOT NULL,
  PRIMARY KEY (resource_type, id)
);
CREATE INDEX resource_last_updated_idx ON resource (resource_type, last_updated);

-- Every version ever written, including deletions (content is the last live JSON for a delete).
CREATE TABLE resource_history (
  resource_type text NOT NULL,
  id            text NOT NULL,
  version_id    bigint NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  method        text NOT NULL, -- POST, PUT, PATCH, DELETE
  content       text NOT NULL,
  PRIMARY KEY (resource_type, id, version_id)
);
CREATE INDEX resource_history_type_time_idx ON resource_history (resource_type, last_updated);
CREATE INDEX resource_history_time_idx ON resource_history (last_updated);

-- Search index tables: one row per extracted value. (resource_type, resource_id) rows are
-- replaced on every write of that resource and removed on delete.
CREATE TABLE sp_token (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  system        text,          -- NULL when the value has no system
  code          text,          -- the code / value / identifier value (exact, case preserved)
  text_value    text           -- display / text, lower-cased and unaccented, for :text
);
CREATE INDEX sp_token_value_idx ON sp_token (resource_type, param, code, system);
CREATE INDEX sp_token_resource_idx ON sp_token (resource_type, resource_id);

CREATE TABLE sp_string (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  value         text NOT NULL,  -- normalised: lower-case, accents removed
  raw           text NOT NULL   -- as written, for :exact
);
CREATE INDEX sp_string_value_idx ON sp_string (resource_type, param, value text_pattern_ops);
CREATE INDEX sp_string_resource_idx ON sp_string (resource_type, resource_id);

CREATE TABLE sp_date (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  low           timestamptz,    -- start of the period the value covers (NULL = open)
  high          timestamptz     -- end of the period the value covers (NULL = open)
);
CREATE INDEX sp_date_low_idx ON sp_date (resource_type, param, low);
CREATE INDEX sp_date_high_idx ON sp_date (resource_type, param, high);
CREATE INDEX sp_date_resource_idx ON sp_date (resource_type, resource_id);

CREATE TABLE sp_reference (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  target_type   text,           -- NULL for an absolute URL outside this server
  target_id     text,
  url           text            -- the reference as written when it is not Type/id
);
CREATE INDEX sp_reference_target_idx ON sp_reference (resource_type, param, target_id, target_type);
CREATE INDEX sp_reference_resource_idx ON sp_reference (resource_type, resource_id);
CREATE INDEX sp_reference_reverse_idx ON sp_reference (target_type, target_id);

CREATE TABLE sp_number (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  value         numeric NOT NULL
);
CREATE INDEX sp_number_value_idx ON sp_number (resource_type, param, value);
CREATE INDEX sp_number_resource_idx ON sp_number (resource_type, resource_id);

CREATE TABLE sp_quantity (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  value         numeric NOT NULL,
  system        text,
  code          text,
  unit          text
);
CREATE INDEX sp_quantity_value_idx ON sp_quantity (resource_type, param, value);
CREATE INDEX sp_quantity_resource_idx ON sp_quantity (resource_type, resource_id);

CREATE TABLE sp_uri (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  value         text NOT NULL
);
CREATE INDEX sp_uri_value_idx ON sp_uri (resource_type, param, value text_pattern_ops);
CREATE INDEX sp_uri_resource_idx ON sp_uri (resource_type, resource_id);
