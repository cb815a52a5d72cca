-- Indexes for the fuzzy patient lookup (/api/v1/patients/search, docs/patient-lookup.md).
-- All are partial on Patient rows, so they stay small and writes of other types never
-- touch them. The expressions must stay identical to those in
-- src/fhir/store/patient-lookup-sql.ts, or the planner cannot use them.

-- Trigram matching of family and given names: typos that exact and one-edit lookups
-- miss. pg_trgm lives in `public`. The values are already lower-case, so lower() changes
-- nothing but the indexed expression: a GIN trigram index on plain `value` also answers
-- `value = ANY(...)`, and the planner then prefers it to the btree for the hundreds of
-- one-edit spellings, at a hundred times the cost.
CREATE INDEX sp_string_patient_name_trgm_idx ON sp_string USING gin (lower(value) public.gin_trgm_ops)
  WHERE resource_type = 'Patient' AND param IN ('family', 'given');

-- A phone's digits, reversed: "ends with these digits" (formatting and country prefix
-- ignored) becomes a prefix range on a btree.
CREATE INDEX sp_token_patient_phone_digits_idx ON sp_token (reverse(regexp_replace(code, '[^0-9]', '', 'g')) text_pattern_ops)
  WHERE resource_type = 'Patient' AND param = 'phone';

-- Identifier values without spaces, - . / ( ) and case, the same normalisation as the
-- blind index of encrypted identifiers: 123-45-6789 finds 123456789, mrn-001 finds MRN-001.
CREATE INDEX sp_token_patient_identifier_key_idx ON sp_token (upper(regexp_replace(code, '[[:space:]./()-]', '', 'g')))
  WHERE resource_type = 'Patient' AND param = 'identifier';
