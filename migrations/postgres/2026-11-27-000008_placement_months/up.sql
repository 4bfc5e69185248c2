-- The months each seated placement is active in, with its candidate's jobcenter: the campaign's
-- "people in company activation in a month" is then one index range per month instead of a scan
-- of every placement that overlaps it. Kept in step by seats::store on every placement write.
CREATE TABLE placement_months (
    placement_id TEXT NOT NULL REFERENCES placements (id),
    -- "2011-03"
    month TEXT NOT NULL COLLATE "C",
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    candidate_id TEXT NOT NULL REFERENCES candidates (id),
    PRIMARY KEY (placement_id, month)
);
CREATE INDEX placement_months_month_idx ON placement_months (month, jobcenter_id, candidate_id);
CREATE INDEX placement_months_jobcenter_idx ON placement_months (jobcenter_id, month, candidate_id);

-- The placements that exist already.
INSERT INTO placement_months (placement_id, month, jobcenter_id, candidate_id)
SELECT p.id, to_char(g.first_day, 'YYYY-MM'), c.jobcenter_id, p.candidate_id
FROM placements p
JOIN candidates c ON c.id = p.candidate_id
CROSS JOIN LATERAL generate_series(date_trunc('month', p.start_date), p.end_date, interval '1 month') AS g (first_day)
WHERE p.status IN ('placed', 'ended');
