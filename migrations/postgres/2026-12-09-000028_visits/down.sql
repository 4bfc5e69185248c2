DROP TABLE calendar_feeds;
DROP INDEX visits_planned_idx;
DROP TABLE visits;
