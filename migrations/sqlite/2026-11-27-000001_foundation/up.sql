-- Foundation: the organisation directory, users and sessions.
-- Kept in step with migrations/postgres/2026-11-27-000001_foundation/up.sql; the two differ only
-- where SQL must (collation of sort keys).

CREATE TABLE jobcenters (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    -- lower-cased name for search; sort_key orders Danish letters after z
    name_norm TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    region TEXT NOT NULL CHECK (region IN ('hovedstaden_sjaelland', 'midtjylland', 'nordjylland', 'syddanmark')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX jobcenters_name_norm_key ON jobcenters (name_norm);
CREATE INDEX jobcenters_sort_key_idx ON jobcenters (sort_key);

CREATE TABLE municipalities (
    kommunekode INTEGER PRIMARY KEY NOT NULL CHECK (kommunekode BETWEEN 100 AND 999),
    jobcenter_id TEXT NOT NULL REFERENCES jobcenters (id) ON DELETE CASCADE
);
CREATE INDEX municipalities_jobcenter_idx ON municipalities (jobcenter_id);

CREATE TABLE companies (
    id TEXT PRIMARY KEY NOT NULL,
    cvr TEXT NOT NULL CHECK (length(cvr) = 8),
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    sector TEXT NOT NULL CHECK (sector IN ('public', 'private')),
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    ordinary_employees INTEGER NOT NULL CHECK (ordinary_employees >= 0),
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX companies_cvr_key ON companies (cvr);
CREATE INDEX companies_sort_key_idx ON companies (sort_key);

CREATE TABLE worksites (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    p_number TEXT NOT NULL CHECK (length(p_number) = 10),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    ordinary_employees INTEGER NOT NULL CHECK (ordinary_employees >= 0),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX worksites_p_number_key ON worksites (p_number);
CREATE INDEX worksites_company_idx ON worksites (company_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'consultant', 'company', 'mentor')),
    jobcenter_id TEXT REFERENCES jobcenters (id),
    company_id TEXT REFERENCES companies (id),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (
        (role = 'admin' AND jobcenter_id IS NULL AND company_id IS NULL)
        OR (role = 'consultant' AND jobcenter_id IS NOT NULL AND company_id IS NULL)
        OR (role IN ('company', 'mentor') AND company_id IS NOT NULL AND jobcenter_id IS NULL)
    )
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_jobcenter_idx ON users (jobcenter_id);
CREATE INDEX users_company_idx ON users (company_id);
CREATE INDEX users_sort_key_idx ON users (sort_key);

-- Browser sessions and API tokens. Only the SHA-256 of a token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('web', 'api')),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
