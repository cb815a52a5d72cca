-- `phonetic` has the same expression as `name` on Patient, Practitioner, RelatedPerson and
-- Person, so its search rows were a copy of `name`'s. Searches for it now read `name`'s rows
-- (src/fhir/search/indexed-params.ts, storedUnder) and writes no longer store the copy; the
-- copies already stored are removed here. Nothing else reads them.
DELETE FROM sp_string
 WHERE param = 'phonetic' AND resource_type IN ('Patient', 'Practitioner', 'RelatedPerson', 'Person');
