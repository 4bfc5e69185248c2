DROP INDEX contracts_jobcenter_company_idx;
DROP TABLE target_months;
DROP INDEX placement_events_action_idx;
DROP INDEX placements_follow_up_idx;
CREATE INDEX hour_weeks_status_idx ON hour_weeks (status);
DROP INDEX hour_weeks_status_contract_idx;
