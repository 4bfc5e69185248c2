DROP TABLE jobcenter_months;
