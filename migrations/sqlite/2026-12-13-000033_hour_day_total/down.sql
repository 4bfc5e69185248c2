CREATE INDEX hour_entries_mentor_date_idx ON hour_entries (mentor_id, work_date);
DROP INDEX hour_entries_mentor_date_minutes_idx;
CREATE INDEX placements_candidate_idx ON placements (candidate_id);
