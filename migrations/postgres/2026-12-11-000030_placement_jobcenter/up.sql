-- Speed (#23): a placement carries its contract's jobcenter, so the task inbox finds a
-- jobcenter's waiting referrals, follow-ups due and running placements in one index range
-- instead of walking every contract of the jobcenter (a contract never changes jobcenter).
-- The composite foreign key keeps the copy equal to the contract's.
ALTER TABLE placements ADD COLUMN jobcenter_id TEXT;
UPDATE placements p SET jobcenter_id = c.jobcenter_id FROM contracts c WHERE c.id = p.contract_id;
ALTER TABLE placements ALTER COLUMN jobcenter_id SET NOT NULL;
ALTER TABLE contracts ADD CONSTRAINT contracts_id_jobcenter_key UNIQUE (id, jobcenter_id);
ALTER TABLE placements ADD CONSTRAINT placements_contract_jobcenter_fkey
    FOREIGN KEY (contract_id, jobcenter_id) REFERENCES contracts (id, jobcenter_id);

-- Waiting referrals (newest first) and running placements (the visits due), per jobcenter.
CREATE INDEX placements_jobcenter_status_idx ON placements (jobcenter_id, status, end_date);
-- Follow-ups due: the jobcenter's placements without an outcome, by end date.
CREATE INDEX placements_jobcenter_follow_up_idx ON placements (jobcenter_id, self_supporting, end_date, status);

-- The inbox's contract tasks, each one index range of the jobcenter's contracts instead of a
-- walk over all of them: returned by the company (newest first), ending soon, and the
-- jobcenter's contract ids alone (for its weeks to approve).
CREATE INDEX contracts_jobcenter_pending_idx ON contracts (jobcenter_id, pending_status, updated_at);
CREATE INDEX contracts_jobcenter_end_idx ON contracts (jobcenter_id, end_date);
CREATE INDEX contracts_jobcenter_id_idx ON contracts (jobcenter_id, id);
