CREATE INDEX candidates_jobcenter_created_idx ON candidates (jobcenter_id, created_at);
DROP INDEX candidates_jobcenter_created_id_idx;
DROP INDEX campaign_figures_month_idx;
