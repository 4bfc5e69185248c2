-- A second factor (TOTP, RFC 6238) with recovery codes. The secret is stored encrypted
-- (AES-256-GCM, bound to the user's id); a pending one waits for its first code. The last
-- time step used is kept, so a code works once.
ALTER TABLE users ADD COLUMN totp_cipher TEXT;
ALTER TABLE users ADD COLUMN totp_pending_cipher TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- One-time recovery codes, stored as keyed hashes (HMAC-SHA256).
CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id, code_hash);

-- Facts about the installation: 'demo' = 'true' when the demo data made this database.
CREATE TABLE app_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
