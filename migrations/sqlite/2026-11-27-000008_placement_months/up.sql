-- The months each seated placement is active in, with its candidate's jobcenter: the campaign's
-- "people in company activation in a month" is then one index range per month instead of a scan
-- of every placement that overlaps it. Kept in step by seats::store on every placement write.
CREATE TABLE placement_months (
    placement_id TEXT NOT NULL REFERENCES placements (id),
    -- "2011-03"
    month TEXT NOT NULL,
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    candidate_id TEXT NOT NULL REFERENCES candidates (id),
    PRIMARY KEY (placement_id, month)
);
CREATE INDEX placement_months_month_idx ON placement_months (month, jobcenter_id, candidate_id);
CREATE INDEX placement_months_jobcenter_idx ON placement_months (jobcenter_id, month, candidate_id);

-- The placements that exist already.
INSERT INTO placement_months (placement_id, month, jobcenter_id, candidate_id)
WITH RECURSIVE m (placement_id, jobcenter_id, candidate_id, first_day, last_day) AS (
    SELECT p.id, c.jobcenter_id, p.candidate_id, date(p.start_date, 'start of month'), p.end_date
    FROM placements p JOIN candidates c ON c.id = p.candidate_id
    WHERE p.status IN ('placed', 'ended')
    UNION ALL
    SELECT placement_id, jobcenter_id, candidate_id, date(first_day, '+1 month'), last_day
    FROM m WHERE date(first_day, '+1 month') <= last_day
)
SELECT placement_id, strftime('%Y-%m', first_day), jobcenter_id, candidate_id FROM m;
