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
DROP INDEX contracts_company_jobcenter_idx;
ALTER TABLE contract_versions DROP COLUMN company_snapshot;
DROP INDEX company_corrections_status_idx;
DROP INDEX company_corrections_company_idx;
DROP TABLE company_corrections;
DROP INDEX company_events_created_idx;
DROP INDEX company_events_company_idx;
DROP TABLE company_events;
