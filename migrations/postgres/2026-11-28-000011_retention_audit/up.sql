-- Retention: when a candidate's personal data was anonymised (NULL: not yet).
ALTER TABLE candidates ADD COLUMN anonymised_at TIMESTAMP;
CREATE INDEX candidates_retention_idx ON candidates (anonymised_at, created_at);
CREATE INDEX placements_candidate_end_idx ON placements (candidate_id, end_date);

-- A consultant who is their jobcenter's data-protection officer reads its CPR access log.
ALTER TABLE users ADD COLUMN dpo BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX access_log_created_idx ON access_log (created_at);
CREATE INDEX contract_events_created_idx ON contract_events (created_at);
CREATE INDEX placement_events_created_idx ON placement_events (created_at);

-- The audit trail the administrators' page reads: who did what to which object, from the
-- tables the writes already keep (one row per contract event, placement event, CPR read, and
-- hour week submission or decision). Read-only; the same on both backends.
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
           contract_id, status, week
      FROM hour_weeks WHERE decided_at IS NOT NULL AND decided_by IS NOT NULL;
