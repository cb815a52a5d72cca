-- Search index tables for what the per-value tables of 0001 cannot express.
-- Filled at write time with the other sp_* rows, replaced on update, removed on delete.

-- Composite parameters (Observation code-value-quantity, component-code-value-concept...)
-- and token :of-type: one row per combination of component values found on the SAME
-- element (an Observation.component, an Identifier), so `code$value` never pairs the code
-- of one component with the value of another. Up to three components (R4's largest
-- composites, MolecularSequence, have three); each slot holds one value of any type:
--   token      system, code, text (display, normalised)
--   quantity   num, system, code, text (unit)
--   number     num
--   date       low, high
--   string     code (normalised), text (as written)
--   reference  system (target type), code (target id), text (url when not local)
--   uri        code
CREATE TABLE sp_composite (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  c1_system text, c1_code text, c1_text text, c1_num numeric, c1_low timestamptz, c1_high timestamptz,
  c2_system text, c2_code text, c2_text text, c2_num numeric, c2_low timestamptz, c2_high timestamptz,
  c3_system text, c3_code text, c3_text text, c3_num numeric, c3_low timestamptz, c3_high timestamptz
);
CREATE INDEX sp_composite_value_idx ON sp_composite (resource_type, param, c1_code, c1_system);
CREATE INDEX sp_composite_resource_idx ON sp_composite (resource_type, resource_id);

-- Full text: `_text` (the narrative) and `_content` (every text value of the resource,
-- notes included), as tsvectors over lower-cased, unaccented text with the 'simple'
-- configuration (no stemming: clinical words and names are not English prose).
CREATE TABLE sp_text (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL, -- '_text' or '_content'
  doc           tsvector NOT NULL
);
CREATE INDEX sp_text_doc_idx ON sp_text USING gin (doc);
CREATE INDEX sp_text_resource_idx ON sp_text (resource_type, resource_id);
