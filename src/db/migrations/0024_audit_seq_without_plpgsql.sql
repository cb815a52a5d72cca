-- A record's seq still comes after its transaction's id (see 0021: the sealer relies on it),
-- now from an expression instead of a PL/pgSQL function. The function ran a statement of its
-- own (PERFORM) for every record, 3% of the database's time under a doctor's reads; the
-- expression asks for the transaction id first, then takes the next seq (CASE evaluates its
-- condition before its result; both calls are volatile, so the planner folds neither away).
-- pgbench, INSERTs of five read records, three runs each way: 16,500-19,400 -> 18,400-21,100/s.
ALTER TABLE audit_event ALTER COLUMN seq
  SET DEFAULT CASE WHEN pg_current_xact_id() IS NOT NULL THEN nextval('audit_event_seq_seq') END;
DROP FUNCTION hale_audit_next_seq();
