-- Company records are shared by every jobcenter that contracts with the company, so every
-- change of a company or a worksite is an audit line (which fields, old and new values), a
-- company signatory proposes corrections that a consultant or administrator decides, and an
-- accepted contract version keeps the company as it was when it was accepted.

CREATE TABLE company_events (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    actor_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    -- JSON: {"field": {"from": "...", "to": "..."}, ...}
    detail TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX company_events_company_idx ON company_events (company_id, created_at);
CREATE INDEX company_events_created_idx ON company_events (created_at);

CREATE TABLE company_corrections (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    proposed_by TEXT NOT NULL REFERENCES users (id),
    -- JSON: {"field": {"from": "...", "to": "..."}, ...} against the record when proposed
    changes TEXT NOT NULL,
    comment TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX company_corrections_company_idx ON company_corrections (company_id, status, created_at);
CREATE INDEX company_corrections_status_idx ON company_corrections (status, created_at);

-- The company (and the worksite the terms name) as accepted, as JSON: {"cvr", "name",
-- "address", "postcode", "city", "worksite": {"p_number", "name", "address", "postcode",
-- "city"} or null}. Versions accepted before this migration get the company as it is now, the
-- best that is known (their hash, format 1, covers only the CVR number), without a worksite.
ALTER TABLE contract_versions ADD COLUMN company_snapshot TEXT;
UPDATE contract_versions
   SET company_snapshot = (
       SELECT json_build_object('cvr', co.cvr, 'name', co.name, 'address', co.address,
                   'postcode', co.postcode, 'city', co.city)::text
         FROM contracts k JOIN companies co ON co.id = k.company_id
        WHERE k.id = contract_versions.contract_id)
 WHERE status = 'accepted';

-- Which jobcenters contract with a company (who may correct its record).
CREATE INDEX contracts_company_jobcenter_idx ON contracts (company_id, jobcenter_id);

DROP VIEW audit_trail;
CREATE VIEW audit_trail AS
    SELECT id, created_at, actor_id, 'contract' AS object_type, contract_id AS object_id,
           action, COALESCE(comment, '') AS detail
      FROM contract_events
    UNION ALL
    SELECT id, created_at, actor_id, 'placement', placement_id, action, detail
      FROM placement_events
    UNION ALL
    SELECT id, created_at, user_id, 'candidate', candidate_id, 'cpr_' || action, ''
      FROM access_log
    UNION ALL
    SELECT id, created_at, actor_id, 'hour_week', contract_id, action, week
      FROM hour_week_events
    UNION ALL
    SELECT id, created_at, actor_id, 'user', user_id, action, detail
      FROM user_events
    UNION ALL
    SELECT id, created_at, actor_id, 'company', company_id, action, detail
      FROM company_events;
