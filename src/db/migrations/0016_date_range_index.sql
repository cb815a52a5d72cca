-- A date search is a test on the stored range [low, high] (NULL = open): `ge a` needs
-- high >= a, `le b` needs low <= b. Each alone matches about half the rows of a btree on
-- low or high, and together (birthdate=ge..&birthdate=le..) they are still two half-open
-- ranges. A GiST index on the range answers overlap and containment directly; the search
-- SQL adds the matching range operator to every date condition (condition-sql.ts).
-- tstzrange takes NULL bounds as open, as the columns mean them.

-- Rows written before value-rows.ts ordered the two ends of a Period given with
-- different precisions: a range needs low <= high.
UPDATE sp_date SET low = high, high = low WHERE low > high;

CREATE INDEX sp_date_range_idx ON sp_date USING gist (resource_type, param, tstzrange(low, high, '[]'));
