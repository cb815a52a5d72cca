-- The current version's content is kept once, in `resource`: its history row holds NULL
-- until a newer version supersedes it, when the write copies the old content across
-- (src/fhir/store/write-statement.ts). History reads take a NULL from `resource`.
-- Rows written before this migration keep their copy; both forms read the same.
ALTER TABLE resource_history ALTER COLUMN content DROP NOT NULL;
