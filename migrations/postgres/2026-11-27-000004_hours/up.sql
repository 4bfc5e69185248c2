-- Mentor hours and the state of each contract's week. The same on both backends.

CREATE TABLE hour_entries (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    mentor_id TEXT NOT NULL REFERENCES users (id),
    candidate_id TEXT REFERENCES candidates (id),
    work_date DATE NOT NULL,
    -- ISO week of work_date, "2011-W23".
    week TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440 AND minutes % 15 = 0),
    activity TEXT NOT NULL CHECK (activity IN ('introduction', 'training', 'follow_up', 'other')),
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX hour_entries_contract_week_idx ON hour_entries (contract_id, week);
CREATE INDEX hour_entries_mentor_date_idx ON hour_entries (mentor_id, work_date);
CREATE INDEX hour_entries_date_idx ON hour_entries (work_date);

CREATE TABLE hour_weeks (
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    week TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'approved', 'rejected')),
    submitted_by TEXT REFERENCES users (id),
    submitted_at TIMESTAMP,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    reason TEXT,
    PRIMARY KEY (contract_id, week)
);
CREATE INDEX hour_weeks_status_idx ON hour_weeks (status);
