-- Appointment notifications (docs/notifications.md). Not clinical records, so plain tables:
-- the delivery status of each message is a FHIR Communication; these hold what an
-- administrator edits and what the screens list.

-- Administrators' versions of the message texts. A (kind, channel, language) without a row
-- uses the built-in text (src/modules/notifications/default-templates.ts); deleting the row
-- resets it. `language` is a canonical BCP 47 tag ('en', 'de', 'pt-BR').
CREATE TABLE notification_template (
  kind       text NOT NULL CHECK (kind IN ('confirmation', 'reminder', 'rescheduled', 'cancelled')),
  channel    text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
  language   text NOT NULL,
  subject    text,
  body       text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (kind, channel, language)
);

-- Every message Hale produced, one row per delivery attempt: kept here without being sent
-- when no mail server or SMS provider is configured (status 'held': the development outbox),
-- handed to the SMTP server or provider ('sent', with its id), or refused by it ('failed').
-- Rows name patients and times, so reading them is audited (the API does it).
CREATE TABLE notification_outbox (
  id               text PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  channel          text NOT NULL,
  transport        text NOT NULL,           -- 'outbox', 'smtp', 'http'
  status           text NOT NULL,           -- 'held', 'sent', 'failed'
  recipient        text NOT NULL,
  sender           text,
  subject          text,
  body             text NOT NULL,
  attachment_name  text,
  attachment_type  text,
  attachment       text,                    -- the .ics calendar entry
  provider_id      text,
  error            text,
  kind             text NOT NULL,
  language         text,
  appointment_id   text,
  patient_id       text,
  communication_id text
);
CREATE INDEX notification_outbox_newest_idx ON notification_outbox (created_at DESC, id DESC);
CREATE INDEX notification_outbox_channel_idx ON notification_outbox (channel, created_at DESC);
CREATE INDEX notification_outbox_status_idx ON notification_outbox (status, created_at DESC);
CREATE INDEX notification_outbox_appointment_idx ON notification_outbox (appointment_id);
