-- Every search by a CPR number is a line of the CPR access log (who, when, the masked number,
-- hit or not), not only the opening of a full record: a search that finds nobody has no
-- candidate, so candidate_id becomes optional, and each line names the jobcenter whose log it
-- belongs to (the searcher's, or the candidate's for an opening) for the data-protection
-- officer.
DROP VIEW audit_trail;
ALTER TABLE access_log ALTER COLUMN candidate_id DROP NOT NULL;
ALTER TABLE access_log ADD COLUMN jobcenter_id TEXT REFERENCES jobcenters (id);
ALTER TABLE access_log ADD COLUMN cpr_masked TEXT;
ALTER TABLE access_log ADD COLUMN cpr_hmac TEXT;
ALTER TABLE access_log ADD COLUMN hit BOOLEAN;
UPDATE access_log SET jobcenter_id = (SELECT c.jobcenter_id FROM candidates c
                                       WHERE c.id = access_log.candidate_id);
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
