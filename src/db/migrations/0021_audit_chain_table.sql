-- The HMAC chain moves out of audit_event into a narrow table of its own, written only by
-- INSERT. Sealing used to UPDATE every audit row (chain_pos, hash): a second copy of a wide
-- row and an entry in each of its six indexes, then dead rows to vacuum. That UPDATE cost
-- more of the database's time than the read it records. audit_event is now append-only.
CREATE TABLE audit_chain (
  chain_pos bigint PRIMARY KEY,
  seq       bigint NOT NULL UNIQUE,
  hash      text
);

INSERT INTO audit_chain (chain_pos, seq, hash)
  SELECT chain_pos, seq, hash FROM audit_event WHERE chain_pos IS NOT NULL;

-- How far sealing has got (src/audit/seal.ts). Every record with seq <= sealed_through is in
-- the chain. pending_through is the newest seq handed out when pending_snapshot was taken;
-- once no transaction running then is still running, every record up to it is committed or
-- never will be, and sealing moves sealed_through up to it.
CREATE TABLE audit_seal_state (
  one             boolean PRIMARY KEY DEFAULT true CHECK (one),
  sealed_through  bigint NOT NULL,
  pending_through bigint,
  pending_snapshot text
);

INSERT INTO audit_seal_state (sealed_through)
  SELECT COALESCE((SELECT min(seq) - 1 FROM audit_event WHERE chain_pos IS NULL), (SELECT max(seq) FROM audit_event), 0);

DROP INDEX audit_event_unsealed_idx;
ALTER TABLE audit_event DROP COLUMN chain_pos, DROP COLUMN hash;

-- A record's transaction has an id before the record has its seq, so "every transaction that
-- was running has ended" also means "every seq handed out by then is committed or abandoned".
-- A plain INSERT takes its seq before its first row write would assign the id.
CREATE FUNCTION hale_audit_next_seq() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_current_xact_id();
  RETURN nextval('audit_event_seq_seq');
END
$$;
ALTER TABLE audit_event ALTER COLUMN seq SET DEFAULT hale_audit_next_seq();
