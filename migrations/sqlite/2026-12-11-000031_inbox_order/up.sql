-- Speed (#23): the waiting list newest first and the follow-ups due latest first, read in
-- index order so that the LIMIT of 50 stops the scan. PostgreSQL otherwise joined every
-- waiting referral or open follow-up of the jobcenter to its names and sorted them all first
-- (19 ms for the follow-ups of a jobcenter with 512 open, 2 ms with these). The follow-ups
-- page reads the partial index too, so the per-contract follow-up index goes.
CREATE INDEX placements_jobcenter_waiting_idx ON placements (jobcenter_id, status, created_at);
CREATE INDEX placements_jobcenter_due_idx ON placements (jobcenter_id, end_date) WHERE self_supporting IS NULL;
DROP INDEX placements_jobcenter_follow_up_idx;
DROP INDEX placements_follow_up_idx;

-- A contract's bookings in force over a period (a referral's seat window, the worksite's
-- headcount): by status and end, so only the placements ending after the period's start are
-- read, not the contract's whole history before its end.
CREATE INDEX placements_contract_status_end_idx ON placements (contract_id, status, end_date);
DROP INDEX placements_contract_idx;
