DROP VIEW audit_trail;
DELETE FROM access_log WHERE candidate_id IS NULL;
CREATE TABLE access_log_old (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    candidate_id TEXT NOT NULL REFERENCES candidates (id),
    action TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO access_log_old (id, user_id, candidate_id, action, created_at)
    SELECT id, user_id, candidate_id, action, created_at FROM access_log;
DROP TABLE access_log;
ALTER TABLE access_log_old RENAME TO access_log;
CREATE INDEX access_log_candidate_idx ON access_log (candidate_id, created_at);
CREATE INDEX access_log_created_idx ON access_log (created_at);
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
