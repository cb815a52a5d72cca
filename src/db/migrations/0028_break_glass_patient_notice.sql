-- The Communication that tells the patient of a break-glass grant (access/break-glass.ts), so
-- the review queue can say whether and how the patient was told (modules/notifications).
ALTER TABLE hale_break_glass ADD COLUMN patient_notice_id text;
