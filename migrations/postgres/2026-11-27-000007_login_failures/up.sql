-- Failed logins, per account and per address, for the login rate limit. Rows older than a day
-- are deleted as new ones arrive.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    -- "account:<e-mail>" or "address:<ip>"
    key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key, failed_at);
CREATE INDEX login_failures_at_idx ON login_failures (failed_at);
