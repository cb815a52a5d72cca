-- Accounts, sessions and emergency access. Not FHIR concepts (password hashes, MFA
-- secrets, refresh-token hashes), so ordinary tables beside the resource store.

CREATE TABLE hale_user (
  id                  text PRIMARY KEY,
  username            text NOT NULL,
  display_name        text NOT NULL,
  roles               text[] NOT NULL,
  -- Links that scope what the account sees: its own (or proxied) Patient, its Practitioner, its Organization.
  patient_id          text,
  related_person_id   text,
  practitioner_id     text,
  organization_id     text,
  password_hash       text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  failed_logins       integer NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  -- TOTP secret, encrypted with the server's signing-derived key; NULL until set up.
  mfa_secret          text,
  mfa_enabled         boolean NOT NULL DEFAULT false,
  -- SHA-256 of each unused backup code (the codes are random, so a fast hash is enough).
  mfa_backup_codes    text[] NOT NULL DEFAULT '{}',
  disabled            boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX hale_user_username_idx ON hale_user (lower(username));

-- One row per sign-in. Refresh tokens rotate: each use replaces the hash; presenting an
-- old one (reuse) revokes the whole family, i.e. this session.
CREATE TABLE hale_session (
  id            text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES hale_user (id),
  refresh_hash  text NOT NULL,
  -- Hashes of refresh tokens already used, to recognise reuse.
  used_hashes   text[] NOT NULL DEFAULT '{}',
  -- 'full', or 'mfa-setup' / 'password-change' for a session that may only do that step.
  scope         text NOT NULL DEFAULT 'full',
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  revoked_reason text,
  ip            text,
  user_agent    text
);
CREATE INDEX hale_session_user_idx ON hale_session (user_id);
CREATE UNIQUE INDEX hale_session_refresh_idx ON hale_session (refresh_hash);

-- Emergency access: time-limited, reasoned, reviewed afterwards.
CREATE TABLE hale_break_glass (
  id           text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES hale_user (id),
  patient_id   text NOT NULL,
  reason       text NOT NULL,
  granted_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  reviewed_at  timestamptz,
  reviewed_by  text,
  review_note  text
);
CREATE INDEX hale_break_glass_active_idx ON hale_break_glass (user_id, patient_id, expires_at);
CREATE INDEX hale_break_glass_review_idx ON hale_break_glass (reviewed_at, granted_at);
