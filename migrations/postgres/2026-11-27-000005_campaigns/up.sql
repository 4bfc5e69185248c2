-- Campaigns with their goal parameters, and the figures entered per jobcenter and month.
-- The same on both backends.

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    baseline_month TEXT NOT NULL CHECK (length(baseline_month) = 7),
    end_month TEXT NOT NULL CHECK (length(end_month) = 7),
    share_target_permille INTEGER NOT NULL CHECK (share_target_permille >= 0),
    min_increase INTEGER NOT NULL CHECK (min_increase >= 0),
    selfsupport_permille INTEGER NOT NULL CHECK (selfsupport_permille >= 0),
    followup_weeks INTEGER NOT NULL CHECK (followup_weeks >= 0),
    national_target INTEGER NOT NULL CHECK (national_target >= 0),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE campaign_figures (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id),
    month TEXT NOT NULL CHECK (length(month) = 7),
    -- N: people in the target group.
    target_group INTEGER CHECK (target_group >= 0),
    -- People in company activation outside virksomhedscentre, added to A.
    outside_activation INTEGER CHECK (outside_activation >= 0),
    -- B entered by an administrator (else counted from the baseline month's placements).
    baseline INTEGER CHECK (baseline >= 0),
    PRIMARY KEY (campaign_id, jobcenter_id, month)
);
