-- Medical record numbers handed out at registration (src/modules/patients/next-mrn.ts).
-- A sequence, not max()+1 over the stored identifiers: every server on one database draws
-- from it, so two registrations at the same moment never get the same number, and a
-- registration that rolls back leaves a gap rather than a number handed out twice.
-- 8 digits (the 9th, a Luhn check digit, is computed from them), from 10000000 so every
-- MRN has the same length; it stops rather than wraps when the 90 million are used up.
CREATE SEQUENCE IF NOT EXISTS hale_mrn_seq AS bigint START WITH 10000000 MINVALUE 10000000 MAXVALUE 99999999 NO CYCLE;
