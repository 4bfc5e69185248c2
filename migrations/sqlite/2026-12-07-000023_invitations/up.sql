-- Invitations (#20): a consultant invites a company's signatory or mentor, who sets their own
-- password through a link. The user row exists from the invitation on, with a password hash
-- that matches no password ('!invited'); only the SHA-256 of the link's token is stored. One
-- invitation per user: renewing it replaces the token's hash and the expiry (the old link is
-- void), accepting or cancelling it stamps the moment and the link is spent.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies (id),
    invited_by TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    renewed_at TIMESTAMP,
    accepted_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    CHECK (accepted_at IS NULL OR cancelled_at IS NULL)
);
CREATE UNIQUE INDEX invitations_token_key ON invitations (token_hash);
CREATE UNIQUE INDEX invitations_user_key ON invitations (user_id);
CREATE INDEX invitations_company_idx ON invitations (company_id, created_at);
