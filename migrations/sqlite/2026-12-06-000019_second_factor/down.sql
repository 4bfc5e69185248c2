DROP TABLE app_settings;
DROP INDEX recovery_codes_user_idx;
DROP TABLE recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_pending_cipher;
ALTER TABLE users DROP COLUMN totp_cipher;
