-- The Communication that tells the patient of a break-glass grant (access/break-glass.ts), so
-- the review queue can say whether and how the patient was told (modules/notifications).
ALTER TABLE hale_break_glass ADD COLUMN patient_notice_id text;
-- The notice's delivery job finds its grant by it (modules/notifications/send-access-notice.ts).
CREATE INDEX hale_break_glass_notice_idx ON hale_break_glass (patient_notice_id);
