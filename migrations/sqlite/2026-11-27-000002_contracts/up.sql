-- Contracts, their versions (each a set of terms as canonical JSON) and the audit log.
-- The same on both backends.

CREATE TABLE contracts (
    id TEXT PRIMARY KEY NOT NULL,
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    company_id TEXT NOT NULL REFERENCES companies (id),
    -- Responsible persons of the latest version (for access checks and lists).
    consultant_id TEXT NOT NULL REFERENCES users (id),
    mentor_id TEXT NOT NULL REFERENCES users (id),
    -- Optimistic concurrency: every change increments it.
    revision INTEGER NOT NULL,
    -- The version being negotiated, if any, and its state.
    pending_version INTEGER,
    pending_status TEXT CHECK (pending_status IN ('draft', 'sent', 'changes_requested')),
    -- The latest accepted version, if any.
    accepted_version INTEGER,
    -- Period and seats of the latest accepted version, else of the pending one (for lists).
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    seats INTEGER NOT NULL,
    -- Whether the company has ever been shown the contract (drafts are the consultant's own).
    shown_to_company BOOLEAN NOT NULL,
    terminated_on DATE,
    termination_reason TEXT,
    -- Taken as a row lock by the seat allocation.
    alloc_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((pending_version IS NULL) = (pending_status IS NULL))
);
CREATE INDEX contracts_jobcenter_idx ON contracts (jobcenter_id, start_date);
CREATE INDEX contracts_company_idx ON contracts (company_id, start_date);
CREATE INDEX contracts_mentor_idx ON contracts (mentor_id);

CREATE TABLE contract_versions (
    contract_id TEXT NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    version_no INTEGER NOT NULL CHECK (version_no >= 1),
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'changes_requested', 'accepted', 'cancelled')),
    -- Rounds of review within the version: a resend after changes requested is the next round.
    round INTEGER NOT NULL,
    effective_from DATE NOT NULL,
    terms TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats >= 1),
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    sent_by TEXT REFERENCES users (id),
    sent_at TIMESTAMP,
    company_comment TEXT,
    accepted_by TEXT REFERENCES users (id),
    accepted_at TIMESTAMP,
    -- Exactly what was accepted, and its SHA-256.
    accepted_content TEXT,
    content_hash TEXT,
    PRIMARY KEY (contract_id, version_no),
    CHECK ((status = 'accepted') = (content_hash IS NOT NULL))
);

CREATE TABLE contract_events (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    version_no INTEGER NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    comment TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contract_events_contract_idx ON contract_events (contract_id, created_at);
