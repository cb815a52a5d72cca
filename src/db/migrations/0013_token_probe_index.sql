-- Token searches (a code, an identifier) on a common value: ordered by id, the first page is
-- a merge of the resource table with this index, read in resource id order without touching
-- the table (index-only), instead of fetching every match and sorting them. Condition?code
-- for a common ICD-10 code: 107 ms -> 4.5 ms at 5,000 patients.
DROP INDEX IF EXISTS sp_token_value_idx;
CREATE INDEX sp_token_value_idx ON sp_token (resource_type, param, code, system, resource_id);

-- The planner took (type, param, code, system) for independent columns and expected one row
-- for any code, so it fetched and sorted every match even for the most common codes. The
-- combined statistics (most common value lists over the four columns) give it the real
-- frequency of common codes.
CREATE STATISTICS IF NOT EXISTS sp_token_value_stats (mcv, dependencies) ON resource_type, param, code, system FROM sp_token;
ANALYZE sp_token;
