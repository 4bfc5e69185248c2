-- Every search by a CPR number is a line of the CPR access log (who, when, the masked number,
-- hit or not), not only the opening of a full record: a search that finds nobody has no
-- candidate, so candidate_id becomes optional, and each line names the jobcenter whose log it
-- belongs to (the searcher's, or the candidate's for an opening) for the data-protection
-- officer. SQLite cannot drop NOT NULL, so the table is rebuilt.
DROP VIEW audit_trail;
CREATE TABLE access_log_new (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    candidate_id TEXT REFERENCES candidates (id),
    action TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    jobcenter_id TEXT REFERENCES jobcenters (id),
    cpr_masked TEXT,
    cpr_hmac TEXT,
    hit BOOLEAN
);
INSERT INTO access_log_new (id, user_id, candidate_id, action, created_at, jobcenter_id)
    SELECT a.id, a.user_id, a.candidate_id, a.action, a.created_at, c.jobcenter_id
      FROM access_log a JOIN candidates c ON c.id = a.candidate_id;
DROP TABLE access_log;
ALTER TABLE access_log_new RENAME TO access_log;
CREATE INDEX access_log_candidate_idx ON access_log (candidate_id, created_at);
CREATE INDEX access_log_created_idx ON access_log (created_at);
CREATE INDEX access_log_jobcenter_idx ON access_log (jobcenter_id, created_at);
-- How many CPR numbers a consultant searched lately (the search limit).
CREATE INDEX access_log_user_action_idx ON access_log (user_id, action, created_at);

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
