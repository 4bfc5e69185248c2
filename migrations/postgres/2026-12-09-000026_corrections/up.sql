-- Corrections (#22): an approved week can be reopened by the consultant with a reason.
ALTER TABLE hour_week_events DROP CONSTRAINT hour_week_events_action_check;
ALTER TABLE hour_week_events ADD CONSTRAINT hour_week_events_action_check
    CHECK (action IN ('submit', 'approved', 'rejected', 'reopened'));

-- A month's payment export (#22), per jobcenter: taken once, its lines kept as they were
-- exported, so the exported month never changes. A week approved, reopened and re-approved
-- with another amount after its month was exported is paid (or paid back) as a correction line
-- in the next export: `for_month` names the month the work was in.
CREATE TABLE payment_exports (
    month TEXT NOT NULL,
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    exported_by TEXT NOT NULL REFERENCES users (id),
    exported_at TIMESTAMP NOT NULL,
    PRIMARY KEY (month, jobcenter_id)
);

CREATE TABLE payment_export_lines (
    id TEXT PRIMARY KEY NOT NULL,
    month TEXT NOT NULL,
    jobcenter_id TEXT NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    kind TEXT NOT NULL CHECK (kind IN ('hours', 'grant', 'correction')),
    for_month TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    amount_ore BIGINT NOT NULL,
    company_name TEXT NOT NULL,
    company_cvr TEXT NOT NULL,
    jobcenter_name TEXT NOT NULL,
    FOREIGN KEY (month, jobcenter_id) REFERENCES payment_exports (month, jobcenter_id)
);
CREATE INDEX payment_export_lines_month_idx ON payment_export_lines (jobcenter_id, month);
CREATE INDEX payment_export_lines_for_idx ON payment_export_lines (jobcenter_id, for_month, contract_id);
