-- PostgreSQL already has the exclusion constraint placements_no_double_booking (migration 3);
-- this migration keeps the two folders in step.
SELECT 1;
