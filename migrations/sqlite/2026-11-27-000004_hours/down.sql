DROP TABLE hour_weeks;
DROP TABLE hour_entries;
