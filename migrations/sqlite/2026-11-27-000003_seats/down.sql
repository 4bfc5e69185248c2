DROP TABLE rule_params;
DROP TABLE access_log;
DROP TABLE placement_activities;
DROP TABLE placement_events;
DROP TABLE placements;
DROP TABLE candidates;
