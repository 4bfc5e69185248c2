-- SQLite cannot alter a CHECK: the outbox is rebuilt with the new list of kinds.
CREATE TABLE mail_outbox_new (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('contract_sent', 'amendment_sent', 'changes_requested',
        'contract_accepted', 'contract_ending', 'contract_terminated', 'week_rejected',
        'week_submitted', 'moved_up', 'follow_up_due', 'referral_cancelled', 'week_reminder', 'invitation',
        'digest')),
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('held', 'queued', 'sending', 'sent', 'failed', 'digested')),
    dedupe_key TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    digest_id TEXT REFERENCES mail_outbox_new (id)
);
INSERT INTO mail_outbox_new SELECT id, user_id, recipient, kind, payload, status, dedupe_key, attempts,
    next_attempt_at, lease_until, last_error, created_at, sent_at, digest_id FROM mail_outbox WHERE kind NOT IN ('agreement_sent', 'agreement_answered', 'no_show', 'week_reopened');
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE UNIQUE INDEX mail_outbox_dedupe_key ON mail_outbox (dedupe_key);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_user_idx ON mail_outbox (user_id, status);
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at);
DROP TABLE attendance;
DROP TABLE agreement_versions;
DROP TABLE placement_agreements;
