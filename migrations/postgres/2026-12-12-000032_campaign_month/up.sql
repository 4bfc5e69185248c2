-- Speed (#23): the campaign dashboard reads one month's figures (and the baseline month's) of
-- every jobcenter. The primary key (campaign, jobcenter, month) made that a scan of the whole
-- campaign, and the latest target group N per jobcenter read every month up to the one shown.
CREATE INDEX campaign_figures_month_idx ON campaign_figures (campaign_id, month);
