-- Speed (#23): every hour entry checks the mentor's day stays within 24 hours by summing the
-- minutes of their entries that day. With the minutes in the index the sum reads the index
-- alone, not each entry's row.
CREATE INDEX hour_entries_mentor_date_minutes_idx ON hour_entries (mentor_id, work_date, minutes);
DROP INDEX hour_entries_mentor_date_idx;

-- (candidate_id) is the first column of placements_candidate_end_idx (candidate_id, end_date),
-- which answers every look-up it did; one index less to write on every placement write.
DROP INDEX placements_candidate_idx;
