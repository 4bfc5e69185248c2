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
    SELECT contract_id || '/' || week || '/submit', submitted_at, submitted_by, 'hour_week',
           contract_id, 'submit', week
      FROM hour_weeks WHERE submitted_at IS NOT NULL AND submitted_by IS NOT NULL
    UNION ALL
    SELECT contract_id || '/' || week || '/decision', decided_at, decided_by, 'hour_week',
           contract_id, CASE WHEN status = 'approved' THEN 'approved' ELSE 'rejected' END,
           week
      FROM hour_weeks WHERE decided_at IS NOT NULL AND decided_by IS NOT NULL
    UNION ALL
    SELECT id, created_at, actor_id, 'user', user_id, action, detail
      FROM user_events;
DROP INDEX hour_week_events_created_idx;
DROP INDEX hour_week_events_week_idx;
DROP TABLE hour_week_events;
