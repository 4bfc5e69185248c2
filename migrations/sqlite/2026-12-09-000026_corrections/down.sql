DROP TABLE payment_export_lines;
DROP TABLE payment_exports;
-- The audit trail view reads the week history: dropped while it is rebuilt.
DROP VIEW audit_trail;
CREATE TABLE hour_week_events_new (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    week TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('submit', 'approved', 'rejected')),
    actor_id TEXT NOT NULL REFERENCES users (id),
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO hour_week_events_new SELECT id, contract_id, week, action, actor_id, reason, created_at
    FROM hour_week_events WHERE action <> 'reopened';
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

