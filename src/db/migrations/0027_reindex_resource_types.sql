-- A reindex request can name the resource types it is about (NULL: every type). Marking an
-- element sensitive, or unmarking it, concerns one type: its pass encrypts the values already
-- stored and rebuilds that type's index rows, instead of going through the whole store.
ALTER TABLE hale_reindex ADD COLUMN resource_types text[];
