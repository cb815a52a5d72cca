-- The combined statistics of 0013 kept the 100 most common (type, param, code, system)
-- combinations. At 20,000 patients a code on a twentieth of the Conditions (J20.9, 5,541
-- rows) was outside them: the planner expected 3 rows, fetched and sorted all 5,541 for a
-- page of 20 (34 ms). With 1,000 it expects 4,977 and reads the first page in id order
-- (6.5 ms). ANALYZE samples more rows for it (13 s on 20 million index rows).
ALTER STATISTICS sp_token_value_stats SET STATISTICS 1000;
ANALYZE sp_token;
