-- The seat timeline offers a jobcenter's newest candidates.
CREATE INDEX candidates_jobcenter_created_idx ON candidates (jobcenter_id, created_at);
