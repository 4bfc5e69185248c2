DELETE FROM rule_params WHERE key IN ('ratio_minimum', 'ratio_first_employees', 'ratio_first_per', 'ratio_beyond_per');
DROP TABLE headcounts;
