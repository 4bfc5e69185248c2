-- The placement itself (#22): its individual agreement (praktikaftale / løntilskudsaftale) and
-- the mentor's attendance record.
--
-- placement_agreements: one row a placement that has an agreement; `revision` counts every
-- change (the If-Match of the API), `pending_version` is the version being negotiated and
-- `accepted_version` the latest accepted one. The versions follow the contract's lifecycle
-- (contracts::workflow: draft → sent → changes_requested/accepted); an accepted version is never
-- changed again, and its canonical content and SHA-256 are kept.
CREATE TABLE placement_agreements (
    placement_id TEXT PRIMARY KEY NOT NULL REFERENCES placements (id),
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    revision INTEGER NOT NULL,
    pending_version INTEGER,
    accepted_version INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX placement_agreements_contract_idx ON placement_agreements (contract_id);

CREATE TABLE agreement_versions (
    placement_id TEXT NOT NULL REFERENCES placement_agreements (placement_id),
    version_no INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'changes_requested', 'accepted', 'cancelled')),
    terms TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    sent_by TEXT REFERENCES users (id),
    sent_at TIMESTAMP,
    company_comment TEXT,
    accepted_by TEXT REFERENCES users (id),
    accepted_at TIMESTAMP,
    accepted_content TEXT,
    content_hash TEXT,
    PRIMARY KEY (placement_id, version_no)
);
CREATE INDEX agreement_versions_status_idx ON agreement_versions (status);

-- One planned day of a placement as the mentor recorded it. The reason of an absence (status and
-- note) is shown only to the jobcenter and the mentor; the company sees present/absent.
CREATE TABLE attendance (
    placement_id TEXT NOT NULL REFERENCES placements (id),
    day DATE NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    status TEXT NOT NULL CHECK (status IN ('present', 'absent_sick', 'no_show', 'absent_other')),
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (placement_id, day)
);
CREATE INDEX attendance_contract_day_idx ON attendance (contract_id, day);
CREATE INDEX attendance_no_show_idx ON attendance (status, day);

-- New mails: an agreement sent to the company, its answer, a no-show, a reopened week.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN ('contract_sent', 'amendment_sent', 'changes_requested',
        'contract_accepted', 'contract_ending', 'contract_terminated', 'week_rejected',
        'week_submitted', 'moved_up', 'follow_up_due', 'referral_cancelled', 'week_reminder', 'invitation',
        'digest', 'agreement_sent', 'agreement_answered', 'no_show', 'week_reopened'));
