CREATE INDEX placements_contract_idx ON placements (contract_id, status, start_date);
DROP INDEX placements_contract_status_end_idx;
CREATE INDEX placements_follow_up_idx ON placements (contract_id, self_supporting, end_date, status, id);
CREATE INDEX placements_jobcenter_follow_up_idx ON placements (jobcenter_id, self_supporting, end_date, status);
DROP INDEX placements_jobcenter_due_idx;
DROP INDEX placements_jobcenter_waiting_idx;
