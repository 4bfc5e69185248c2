DROP VIEW audit_trail;
DROP INDEX placement_events_created_idx;
DROP INDEX contract_events_created_idx;
DROP INDEX access_log_created_idx;
ALTER TABLE users DROP COLUMN dpo;
DROP INDEX placements_candidate_end_idx;
DROP INDEX candidates_retention_idx;
ALTER TABLE candidates DROP COLUMN anonymised_at;
