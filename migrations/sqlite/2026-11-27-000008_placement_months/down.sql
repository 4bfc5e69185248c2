DROP TABLE placement_months;
