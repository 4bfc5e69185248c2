-- Documents (#22): files attached to a contract or to a placement (the signed contract as
-- scanned, the employee representative's statement, a praktikerklæring, a CV). The bytes live in
-- the database, so every instance of several serves them, with their SHA-256 (hex) beside them.
-- A document belongs to exactly one parent. A removal is soft (removed_by, removed_at): the file
-- is hidden from lists and downloads but kept until the retention job purges it.
CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT REFERENCES contracts (id),
    placement_id TEXT REFERENCES placements (id),
    kind TEXT NOT NULL CHECK (kind IN ('signed_contract', 'representative_statement',
        'internship_statement', 'cv', 'other')),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    added_by TEXT NOT NULL REFERENCES users (id),
    added_at TIMESTAMP NOT NULL,
    removed_by TEXT REFERENCES users (id),
    removed_at TIMESTAMP,
    CHECK ((contract_id IS NULL) <> (placement_id IS NULL)),
    CHECK ((removed_by IS NULL) = (removed_at IS NULL))
);
CREATE INDEX documents_contract_idx ON documents (contract_id, added_at);
CREATE INDEX documents_placement_idx ON documents (placement_id, added_at);
CREATE INDEX documents_removed_idx ON documents (removed_at);

-- The audit lines of documents: who added or removed which file (its name in detail). No
-- reference to documents: the line outlives the file when retention purges it.
CREATE TABLE document_events (
    id TEXT PRIMARY KEY NOT NULL,
    document_id TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL CHECK (action IN ('document_added', 'document_removed')),
    detail TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX document_events_document_idx ON document_events (document_id, created_at);

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
      FROM access_log WHERE candidate_id IS NOT NULL
    UNION ALL
    SELECT id, created_at, actor_id, 'hour_week', contract_id, action, week
      FROM hour_week_events
    UNION ALL
    SELECT id, created_at, actor_id, 'user', user_id, action, detail
      FROM user_events
    UNION ALL
    SELECT id, created_at, actor_id, 'company', company_id, action, detail
      FROM company_events
    UNION ALL
    SELECT id, created_at, actor_id, 'document', document_id, action, detail
      FROM document_events;
