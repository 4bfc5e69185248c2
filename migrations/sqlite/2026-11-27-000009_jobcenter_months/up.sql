-- The campaign figures that come from placements, per jobcenter and month: people in company
-- activation (each once), and of the placements that ended in the month those followed up and
-- those self-supporting. seats::store recomputes the rows a placement write touches, from
-- placement_months and placements, in the same transaction; the dashboard reads them directly.
CREATE TABLE jobcenter_months (
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    month TEXT NOT NULL,
    in_activation INTEGER NOT NULL,
    followed_up INTEGER NOT NULL,
    self_supporting INTEGER NOT NULL,
    PRIMARY KEY (jobcenter_id, month)
);
CREATE INDEX jobcenter_months_month_idx ON jobcenter_months (month);

INSERT INTO jobcenter_months (jobcenter_id, month, in_activation, followed_up, self_supporting)
SELECT pm.jobcenter_id, pm.month, COUNT(DISTINCT pm.candidate_id),
       SUM(CASE WHEN p.self_supporting IS NOT NULL AND substr(p.end_date, 1, 7) = pm.month THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.self_supporting = 1 AND substr(p.end_date, 1, 7) = pm.month THEN 1 ELSE 0 END)
FROM placement_months pm JOIN placements p ON p.id = pm.placement_id
GROUP BY pm.jobcenter_id, pm.month;
