-- Every submission and decision of a mentor's hour week, not only the latest of each: a week
-- sent back and submitted again kept only its last rejection and submission in hour_weeks.
-- Written by hours::store::set_week in the transaction of the change. The weeks decided before
-- this migration are carried over from hour_weeks (their latest submission and decision).
CREATE TABLE hour_week_events (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    week TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('submit', 'approved', 'rejected')),
    actor_id TEXT NOT NULL REFERENCES users (id),
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX hour_week_events_week_idx ON hour_week_events (contract_id, week, created_at);
CREATE INDEX hour_week_events_created_idx ON hour_week_events (created_at);

INSERT INTO hour_week_events (id, contract_id, week, action, actor_id, reason, created_at)
    SELECT contract_id || '/' || week || '/submit', contract_id, week, 'submit', submitted_by,
           NULL, submitted_at
      FROM hour_weeks WHERE submitted_at IS NOT NULL AND submitted_by IS NOT NULL;
INSERT INTO hour_week_events (id, contract_id, week, action, actor_id, reason, created_at)
    SELECT contract_id || '/' || week || '/decision', contract_id, week,
           CASE WHEN status = 'approved' THEN 'approved' ELSE 'rejected' END, decided_by,
           reason, decided_at
      FROM hour_weeks WHERE decided_at IS NOT NULL AND decided_by IS NOT NULL;

DROP VIEW audit_trail;
CREATE VIEW audit_trail AS
    SELECT id, created_at, actor_id, 'contract' AS object_type, contract_id AS object_id,
           action, COALESCE(comment, '') AS detail
      FROM contract_events
    UNION ALL
    SELECT id, created_at, actor_id, 'placement', placement_id, action, detail
      FROM placement_events
    UNION ALL
    SELECT id, created_at, user_id, 'candidate', candidate_id, 'cpr_' || action, ''
      FROM access_log
    UNION ALL
    SELECT id, created_at, actor_id, 'hour_week', contract_id, action, week
      FROM hour_week_events
    UNION ALL
    SELECT id, created_at, actor_id, 'user', user_id, action, detail
      FROM user_events;
