CREATE INDEX placements_jobcenter_follow_up_idx ON placements (jobcenter_id, self_supporting, end_date, status);
DROP INDEX placements_jobcenter_due_idx;
DROP INDEX placements_jobcenter_waiting_idx;
