-- E-mail (#21): a transactional outbox, each user's choices, and the scheduled jobs' runs.
--
-- mail_outbox: one row a mail to one person, written in the same transaction as the event that
-- causes it (nothing is mailed for a rolled-back change, nothing is lost when the process dies
-- after the commit). The sender claims due rows ('queued', or 'sending' whose lease ran out after
-- a crash), sends them with the row's id as the Message-ID, and marks them sent; a failure is
-- retried with back-off and given up ('failed', with the reason) after a day. A row for someone
-- who chose the daily digest is 'held' until the digest at 08:00 takes it ('digested', with the
-- digest's row in digest_id). dedupe_key makes scheduled notices (a contract ending in 60 days,
-- a follow-up due, Monday's reminder) once per person however often the job runs.
CREATE TABLE mail_outbox (
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
    digest_id TEXT REFERENCES mail_outbox (id)
);
CREATE UNIQUE INDEX mail_outbox_dedupe_key ON mail_outbox (dedupe_key);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_user_idx ON mail_outbox (user_id, status);
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at);

-- A user's choice per topic: at once, in the daily digest, or not at all. No row: the topic's
-- default for the user's role.
CREATE TABLE mail_preferences (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic TEXT NOT NULL CHECK (topic IN ('contract_review', 'contract_answers', 'contract_ending',
        'week_rejected', 'week_submitted', 'placements', 'week_reminder')),
    delivery TEXT NOT NULL CHECK (delivery IN ('immediately', 'digest', 'off')),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, topic)
);

-- A scheduled job's run for one period (Monday's reminder for '2027-W09', the 08:00 digest for
-- '2027-03-01'): the primary key lets one instance of several run it, once.
CREATE TABLE mail_schedule_runs (
    job TEXT NOT NULL,
    period TEXT NOT NULL,
    ran_at TIMESTAMP NOT NULL,
    PRIMARY KEY (job, period)
);
