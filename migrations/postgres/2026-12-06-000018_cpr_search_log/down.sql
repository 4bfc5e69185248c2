DROP VIEW audit_trail;
DROP INDEX access_log_user_action_idx;
DROP INDEX access_log_jobcenter_idx;
DELETE FROM access_log WHERE candidate_id IS NULL;
ALTER TABLE access_log DROP COLUMN hit;
ALTER TABLE access_log DROP COLUMN cpr_hmac;
ALTER TABLE access_log DROP COLUMN cpr_masked;
ALTER TABLE access_log DROP COLUMN jobcenter_id;
ALTER TABLE access_log ALTER COLUMN candidate_id SET NOT NULL;
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
      FROM user_events
    UNION ALL
    SELECT id, created_at, actor_id, 'company', company_id, action, detail
      FROM company_events;
