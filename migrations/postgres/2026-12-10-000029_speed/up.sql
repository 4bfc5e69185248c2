-- Speed (#23): indexes for the task inbox, and the campaign goals' A kept per target group.

-- Weeks waiting for approval: the few submitted weeks first, not every week of the
-- jobcenter's contracts (the status index alone said nothing about the contract).
CREATE INDEX hour_weeks_status_contract_idx ON hour_weeks (status, contract_id, submitted_at);
DROP INDEX hour_weeks_status_idx;
-- Follow-ups due: a contract's placements without an outcome, by end date (covering: the
-- 50 due are found without reading a placement).
CREATE INDEX placements_follow_up_idx ON placements (contract_id, self_supporting, end_date, status, id);
-- The contract list's company filter: the companies a jobcenter has contracts with, from the
-- index alone.
CREATE INDEX contracts_jobcenter_company_idx ON contracts (jobcenter_id, company_id);
-- Referrals that moved up lately: the few 'promoted' events, newest first.
CREATE INDEX placement_events_action_idx ON placement_events (action, created_at);

-- People of a campaign's target group in company activation per jobcenter and month (A),
-- counted each once, kept by every placement write in its transaction (as jobcenter_months)
-- and for a whole target group when a campaign gets it. `benefits` is the target group's
-- benefits as campaigns store them (comma separated).
CREATE TABLE target_months (
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    month TEXT NOT NULL,
    match_group INTEGER NOT NULL,
    benefits TEXT NOT NULL,
    in_activation INTEGER NOT NULL,
    PRIMARY KEY (match_group, benefits, month, jobcenter_id)
);
CREATE INDEX target_months_jobcenter_idx ON target_months (jobcenter_id, match_group, benefits, month);

INSERT INTO target_months (jobcenter_id, month, match_group, benefits, in_activation)
SELECT pm.jobcenter_id, pm.month, g.target_match_group, g.target_benefits, COUNT(DISTINCT pm.candidate_id)
FROM (SELECT DISTINCT target_match_group, target_benefits FROM campaigns) g
JOIN placement_months pm
  ON pm.match_group = g.target_match_group
 AND pm.benefit = ANY (string_to_array(g.target_benefits, ','))
GROUP BY pm.jobcenter_id, pm.month, g.target_match_group, g.target_benefits;
