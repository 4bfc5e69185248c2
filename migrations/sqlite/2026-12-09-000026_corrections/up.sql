-- Corrections (#22): an approved week can be reopened by the consultant with a reason.
-- SQLite cannot alter a CHECK: the week history is rebuilt with the new action.
-- The audit trail view reads the week history: dropped while it is rebuilt.
DROP VIEW audit_trail;
CREATE TABLE hour_week_events_new (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    week TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('submit', 'approved', 'rejected', 'reopened')),
    actor_id TEXT NOT NULL REFERENCES users (id),
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO hour_week_events_new SELECT id, contract_id, week, action, actor_id, reason, created_at
    FROM hour_week_events ;
DROP TABLE hour_week_events;
ALTER TABLE hour_week_events_new RENAME TO hour_week_events;
CREATE INDEX hour_week_events_week_idx ON hour_week_events (contract_id, week, created_at);
CREATE INDEX hour_week_events_created_idx ON hour_week_events (created_at);
CREATE VIEW audit_trail AS
    SELECT id, created_at, actor_id, 'contract' AS object_type, contract_id AS object_id,
           action, COALESCE(comment, '') AS detail
      FROM contract_events
    UNION ALL
    SELECT id, created_at, actor_id, 'placement', placement_id, action, detail
      FROM placement_events
    UNION ALL
    SELECT id, created_at, user_id, 'candidate', candidate_id, 'cpr_' || action, ''
      FROM access_log WHERE candidate_id IS NOT NULL
    UNION ALL
    SELECT id, created_at, actor_id, 'hour_week', contract_id, action, week
      FROM hour_week_events
    UNION ALL
    SELECT id, created_at, actor_id, 'user', user_id, action, detail
      FROM user_events
    UNION ALL
    SELECT id, created_at, actor_id, 'company', company_id, action, detail
      FROM company_events;


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
