-- _content no longer holds dates, instants and generated ids (src/fhir/search/text-rows.ts).
-- Rows written before keep those words until rebuilt: harmless to searches, but half the
-- full-text index. The server rebuilds the index in the background after this migration.
INSERT INTO hale_reindex (reason)
SELECT 'full text (_content) without dates, instants and generated ids (migration 0019)'
WHERE EXISTS (SELECT 1 FROM resource);
