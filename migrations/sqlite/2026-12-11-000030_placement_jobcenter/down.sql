DROP INDEX contracts_jobcenter_id_idx;
DROP INDEX contracts_jobcenter_end_idx;
DROP INDEX contracts_jobcenter_pending_idx;
DROP INDEX placements_jobcenter_follow_up_idx;
DROP INDEX placements_jobcenter_status_idx;
DROP TRIGGER placements_jobcenter_update;
DROP TRIGGER placements_jobcenter_insert;
ALTER TABLE placements DROP COLUMN jobcenter_id;
