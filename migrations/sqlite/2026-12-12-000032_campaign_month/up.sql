-- Speed (#23): the campaign dashboard reads one month's figures (and the baseline month's) of
-- every jobcenter. The primary key (campaign, jobcenter, month) made that a scan of the whole
-- campaign, and the latest target group N per jobcenter read every month up to the one shown.
CREATE INDEX campaign_figures_month_idx ON campaign_figures (campaign_id, month);

-- The newest candidates of a jobcenter (the referral form of the seat timeline, the candidate
-- list): with the id, the order's tie-breaker, in the index, no sort after the index scan.
CREATE INDEX candidates_jobcenter_created_id_idx ON candidates (jobcenter_id, created_at, id);
DROP INDEX candidates_jobcenter_created_idx;
