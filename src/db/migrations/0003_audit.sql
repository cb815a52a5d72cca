-- The audit trail: one row per access to health data and per security event. Rows are
-- appended in the transaction of the change (or, for reads, before the response leaves)
-- without any chaining, so writers never queue behind one lock; a sealer then links them
-- in order into an HMAC chain (chain_pos, hash). See src/audit/.
CREATE TABLE audit_event (
  seq          bigserial PRIMARY KEY,
  recorded_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  user_id      text NOT NULL,
  roles        text[] NOT NULL DEFAULT '{}',
  action       text NOT NULL,
  outcome      text NOT NULL,
  resource_type text,
  resource_id  text,
  patient_ids  text[] NOT NULL DEFAULT '{}',
  query        text,
  result_ids   text[],
  ip           text,
  user_agent   text,
  request_id   text,
  detail       jsonb,
  chain_pos    bigint UNIQUE,
  hash         text
);
CREATE INDEX audit_event_user_idx ON audit_event (user_id, recorded_at);
CREATE INDEX audit_event_patient_idx ON audit_event USING gin (patient_ids);
CREATE INDEX audit_event_action_idx ON audit_event (action, recorded_at);
CREATE INDEX audit_event_time_idx ON audit_event (recorded_at);
CREATE INDEX audit_event_unsealed_idx ON audit_event (seq) WHERE chain_pos IS NULL;
