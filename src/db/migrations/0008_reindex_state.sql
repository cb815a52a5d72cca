-- Requests to re-extract the search index rows of every stored resource (src/fhir/store/reindex.ts).
-- A migration that changes what is extracted at write time (new sp_* tables, new kinds of
-- rows) inserts a row here; the server then rebuilds the index in the background after
-- its migrations, under an advisory lock, and marks the row done. `hale reindex` does the
-- same by hand. last_type/last_id: the last resource whose rows were rebuilt, so a pass
-- stopped at any point resumes after it.
CREATE TABLE hale_reindex (
  id             bigserial PRIMARY KEY,
  reason         text NOT NULL,
  requested_at   timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  last_type      text,
  last_id        text,
  resources_done bigint NOT NULL DEFAULT 0,
  done_at        timestamptz
);
CREATE INDEX hale_reindex_pending_idx ON hale_reindex (id) WHERE done_at IS NULL;

-- Resources written before 0005 have no sp_composite, sp_text, :of-type or
-- reference :identifier rows: composite, _text/_content and :of-type searches would miss them.
INSERT INTO hale_reindex (reason)
SELECT 'search index tables and row kinds added by migration 0005 (composite, _text/_content, :of-type, :identifier)'
WHERE EXISTS (SELECT 1 FROM resource);
