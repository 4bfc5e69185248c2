-- Follow-up visits and calendar feeds (#22). A placement's visits are planned from its contract's
-- follow-up interval and its own period (visits::model::plan); a row exists only once a visit
-- was moved (planned_on, and at_minute for a time of day) or recorded (done_on with a short note).
-- A row whose seq is beyond the plan (the placement ended early) is kept when it was recorded.
CREATE TABLE visits (
    placement_id TEXT NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    planned_on DATE,
    at_minute INTEGER CHECK (at_minute IS NULL OR (at_minute >= 0 AND at_minute < 1440)),
    done_on DATE,
    note TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (placement_id, seq),
    CHECK (done_on IS NULL OR note <> '')
);
CREATE INDEX visits_planned_idx ON visits (planned_on);

-- The calendar feed's secret is an HMAC of (user, epoch) under the server's key: nothing of it
-- is stored. Renewing bumps the epoch, and the old address stops working. No row: epoch 0.
CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL CHECK (epoch >= 0),
    renewed_at TIMESTAMP NOT NULL
);
