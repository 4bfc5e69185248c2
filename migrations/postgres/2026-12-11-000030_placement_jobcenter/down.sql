DROP INDEX contracts_jobcenter_id_idx;
DROP INDEX contracts_jobcenter_end_idx;
DROP INDEX contracts_jobcenter_pending_idx;
DROP INDEX placements_jobcenter_follow_up_idx;
DROP INDEX placements_jobcenter_status_idx;
ALTER TABLE placements DROP CONSTRAINT placements_contract_jobcenter_fkey;
ALTER TABLE contracts DROP CONSTRAINT contracts_id_jobcenter_key;
ALTER TABLE placements DROP COLUMN jobcenter_id;
