-- Candidates, placements (referrals into seats), their events, individual supporting activities,
-- the access log of personal data, and effective-dated rule parameters.

CREATE TABLE candidates (
    id TEXT PRIMARY KEY NOT NULL,
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    -- HMAC-SHA256 of the CPR digits under a key from VC_SECRET_KEY: look-up and uniqueness.
    cpr_hmac TEXT NOT NULL,
    -- AES-256-GCM of the CPR digits (nonce and ciphertext, hex).
    cpr_cipher TEXT NOT NULL,
    -- DDMMYY-XXXX, what lists show.
    cpr_masked TEXT NOT NULL,
    benefit TEXT NOT NULL CHECK (benefit IN ('kontanthjaelp', 'starthjaelp')),
    match_group INTEGER NOT NULL CHECK (match_group BETWEEN 1 AND 3),
    -- Taken as a row lock when the candidate is referred.
    lock_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX candidates_jobcenter_cpr_key ON candidates (jobcenter_id, cpr_hmac);
CREATE INDEX candidates_jobcenter_sort_idx ON candidates (jobcenter_id, sort_key);

CREATE TABLE placements (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    candidate_id TEXT NOT NULL REFERENCES candidates (id),
    status TEXT NOT NULL CHECK (status IN ('placed', 'waiting', 'ended', 'cancelled')),
    seat_no INTEGER CHECK (seat_no >= 1),
    offer_type TEXT NOT NULL CHECK (offer_type IN ('virksomhedspraktik', 'loentilskud')),
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    -- First come, first served on the waiting list.
    queue_no BIGINT NOT NULL,
    outcome TEXT CHECK (outcome IN ('ordinary_job', 'education', 'self_supporting_other', 'back_on_benefit', 'other')),
    self_supporting BOOLEAN,
    followed_up_at TIMESTAMP,
    followed_up_by TEXT REFERENCES users (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((status IN ('placed', 'ended')) = (seat_no IS NOT NULL)),
    CHECK (end_date >= start_date)
);
CREATE INDEX placements_contract_idx ON placements (contract_id, status, start_date);
CREATE INDEX placements_candidate_idx ON placements (candidate_id);
CREATE INDEX placements_end_idx ON placements (end_date);

CREATE TABLE placement_events (
    id TEXT PRIMARY KEY NOT NULL,
    placement_id TEXT NOT NULL REFERENCES placements (id),
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    actor_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX placement_events_placement_idx ON placement_events (placement_id, created_at);
CREATE INDEX placement_events_contract_idx ON placement_events (contract_id, created_at);

CREATE TABLE placement_activities (
    id TEXT PRIMARY KEY NOT NULL,
    placement_id TEXT NOT NULL REFERENCES placements (id),
    kind TEXT NOT NULL CHECK (kind IN ('danish_lessons', 'exercise', 'psychologist', 'other')),
    provider TEXT NOT NULL,
    description TEXT NOT NULL,
    minutes_per_week INTEGER NOT NULL CHECK (minutes_per_week >= 0),
    cost_ore BIGINT NOT NULL CHECK (cost_ore >= 0),
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX placement_activities_placement_idx ON placement_activities (placement_id);

-- Every read of a person's full record.
CREATE TABLE access_log (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    candidate_id TEXT NOT NULL REFERENCES candidates (id),
    action TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX access_log_candidate_idx ON access_log (candidate_id, created_at);

-- Rules that change over time: the value in force from a date.
CREATE TABLE rule_params (
    key TEXT NOT NULL,
    effective_from DATE NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (key, effective_from)
);
INSERT INTO rule_params (key, effective_from, value) VALUES
    ('praktik_max_weeks', '2009-01-01', 4),
    ('praktik_max_weeks_kontanthjaelp', '2009-01-01', 13),
    ('loentilskud_max_weeks', '2009-01-01', 52),
    ('follow_up_weeks_after_end', '2009-01-01', 4);

-- A second guard beside the allocation's lock: the database itself refuses two occupying
-- placements on the same seat of a contract on overlapping days (checked at commit, so the
-- updates of one transaction may be applied in any order).
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE placements ADD CONSTRAINT placements_no_double_booking
    EXCLUDE USING gist (contract_id WITH =, seat_no WITH =, daterange(start_date, end_date, '[]') WITH &&)
    WHERE (status IN ('placed', 'ended'))
    DEFERRABLE INITIALLY DEFERRED;
