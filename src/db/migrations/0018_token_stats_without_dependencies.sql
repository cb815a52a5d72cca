-- The combined statistics on sp_token (0013, 0014) held two kinds: the most common value
-- lists, which give the planner the real frequency of common codes, and functional
-- dependencies between the four columns. The dependencies changed no estimate the searches
-- use (the same row counts for common and rare codes, with and without them, at 100
-- patients), yet computing them over the 300,000 sampled rows was most of ANALYZE's time:
-- 10.5 s for sp_token with them, 2.1 s without.
DROP STATISTICS IF EXISTS sp_token_value_stats;
CREATE STATISTICS sp_token_value_stats (mcv) ON resource_type, param, code, system FROM sp_token;
ALTER STATISTICS sp_token_value_stats SET STATISTICS 1000;
ANALYZE sp_token;
